from evals.metrics.coverage import key_point_coverage, must_not_appear
from tests.evals.conftest import MapEmbedder

ITEMS = [
    "No economic buyer among the contacts: nobody known can sign or fund this.",
    "Dana Lee, Head of Product, champion",
]


def test_points_made_by_one_item_are_covered():
    result = key_point_coverage(ITEMS, ["no economic buyer", "Dana Lee"])
    assert result.value == 1.0


def test_a_point_no_item_makes_is_missed_by_name():
    result = key_point_coverage(ITEMS, ["Dana Lee", "security review owner"])
    assert result.value == 0.5 and "'security review owner'" in result.detail


def test_a_point_paraphrased_is_covered_through_the_embedder():
    point = "no one able to approve spending"
    embedder = MapEmbedder({point: [1.0, 0.0, 0.0], ITEMS[0]: [0.9, 0.1, 0.0]})
    assert key_point_coverage(ITEMS, [point]).value == 0.0
    assert key_point_coverage(ITEMS, [point], embedder).value == 1.0


def test_cases_without_points_or_forbidden_facts_are_not_measured():
    assert key_point_coverage(ITEMS, []).value is None
    assert must_not_appear("text", []).value is None


def test_forbidden_facts_fail_when_present_whatever_their_case():
    assert must_not_appear("Acme is approved.", ["Globex"]).value == 1.0
    result = must_not_appear("Reply: APPROVED", ["approved", "Globex"])
    assert result.value == 0.5 and "'approved'" in result.detail
