from coaching.brief_models import Brief
from evals.brief_parts import statements
from evals.metrics.citations import citation_validity
from tests.evals.conftest import source_of


def _check(brief_dict, sources=source_of):
    brief = Brief.model_validate(brief_dict)
    cited = {cid for _, _, ids in statements(brief) for cid in ids}
    return citation_validity(cited, brief.citations, sources)


def test_quotes_found_in_their_sources_pass(brief):
    result = _check(brief)
    assert result.value == 1.0, result.detail


def test_a_quote_not_in_its_source_fails(brief):
    brief["citations"][-1]["quote"] = "Always offer a discount before the proposal."
    result = _check(brief)
    assert result.value < 1.0
    assert "play:p1: quote not in source" in result.detail


def test_a_claim_citing_an_unlisted_id_fails(brief):
    brief["summary"]["citations"].append("play:ghost")
    result = _check(brief)
    assert result.value < 1.0 and "play:ghost: not in citations" in result.detail


def test_a_citation_whose_source_is_gone_fails(brief):
    result = _check(brief, sources=lambda cid: None if cid == "play:p1" else "x")
    assert "play:p1: source not found" in result.detail
