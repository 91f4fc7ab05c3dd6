import pytest

from coaching.grounding import MIN_SUPPORT
from evals.metrics.grounding import (
    MIN_COSINE,
    ClaimCheck,
    claim_supported,
    grounded_claim_rate,
)
from tests.conftest import HashEmbedder
from tests.evals.conftest import FIRST_SENTENCE, PASSAGE, MapEmbedder


def _claim(text, quotes=(FIRST_SENTENCE,), sources=(PASSAGE,), **kw):
    return ClaimCheck("plays[0]", text, list(quotes), list(sources), **kw)


def test_a_sentence_of_its_source_is_supported_lexically_and_by_embedding():
    claim = _claim(FIRST_SENTENCE)
    assert claim_supported(claim)
    assert claim_supported(claim, HashEmbedder())
    assert grounded_claim_rate([claim], HashEmbedder()).value == 1.0


def test_an_invented_amount_is_unsupported_though_the_words_match():
    claim = _claim("Ask your champion to introduce the economic buyer by 90000.")
    result = grounded_claim_rate([claim, _claim(FIRST_SENTENCE)])
    assert not claim_supported(claim)
    assert result.value == 0.5 and "unsupported plays[0]" in result.detail


def test_lexical_threshold_is_half_the_content_words():
    assert MIN_SUPPORT == 0.5
    # Four content words each: 3 found, 2 found (exactly half), 1 found.
    assert claim_supported(_claim("champion economic buyer zebra"))
    assert claim_supported(_claim("champion economic zebra giraffe"))
    assert not claim_supported(_claim("champion zebra giraffe okapi"))


@pytest.mark.parametrize(
    "similarity, supported", [(MIN_COSINE, True), (MIN_COSINE - 0.05, False)]
)
def test_embedding_threshold_applies_on_top_of_the_lexical_check(similarity, supported):
    text = "Ask the champion to introduce the economic buyer."
    off = (1 - similarity**2) ** 0.5
    embedder = MapEmbedder({text: [similarity, off, 0.0]}, default=(1.0, 0.0, 0.0))
    claim = _claim(text)
    assert claim_supported(claim)  # lexically fine without the embedder
    assert claim_supported(claim, embedder) is supported


def test_rule_derived_claims_count_as_their_rule_says():
    checks = [_claim("anything", derived_ok=True), _claim("x", derived_ok=False)]
    assert grounded_claim_rate(checks).value == 0.5


def test_a_claim_citing_nothing_is_unsupported_and_no_claims_scores_one():
    assert not claim_supported(_claim(FIRST_SENTENCE, quotes=(), sources=()))
    assert grounded_claim_rate([]).value == 1.0
