from coaching.brief_models import Brief
from evals.metrics.schema import required_sections, schema_validity


def test_a_complete_brief_is_valid_and_has_every_section(brief):
    assert schema_validity(brief, Brief).value == 1.0
    assert required_sections(brief).value == 1.0


def test_a_brief_missing_its_summary_fails_the_schema_naming_it(brief):
    del brief["summary"]
    result = schema_validity(brief, Brief)
    assert result.value == 0.0 and "summary" in result.detail
    assert schema_validity(None, Brief).value == 0.0


def test_empty_text_sections_and_uncited_claims_lower_required_sections(brief):
    brief["next_step"]["text"] = " "
    brief["plays"][0]["citations"] = []
    result = required_sections(brief)
    assert 0.0 < result.value < 1.0
    assert "missing next_step.text" in result.detail
    assert "uncited plays[0]" in result.detail
    assert required_sections("not a brief").value == 0.0
