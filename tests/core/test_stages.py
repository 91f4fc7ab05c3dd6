import pytest

from core.errors import InvalidInput
from core.stages import normalize_meeting_kind, normalize_outcome, normalize_stage


@pytest.mark.parametrize(
    "raw, stage",
    [
        ("Engaging", "discovery"),
        ("Prospecting", "prospecting"),
        ("Won", "closed_won"),
        ("Closed Lost", "closed_lost"),
        ("2-Scoping", "discovery"),
        ("negotiation", "negotiation"),
        ("Proof of Concept", "evaluation"),
    ],
)
def test_crm_stage_names_map_to_canonical_stages(raw, stage):
    assert normalize_stage(raw) == stage


def test_unknown_values_are_refused_by_name():
    with pytest.raises(InvalidInput, match="'Limbo'"):
        normalize_stage("Limbo")
    with pytest.raises(InvalidInput, match="use one of"):
        normalize_outcome("maybe")
    with pytest.raises(InvalidInput, match="'party'"):
        normalize_meeting_kind("party")


def test_outcome_aliases():
    assert normalize_outcome("No Decision") == "no_decision"
    assert normalize_outcome("Closed Won") == "won"
