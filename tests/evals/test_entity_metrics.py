import pytest

from evals.metrics.entities import entities, invented_entities

POOL = [
    "account: Acme Corp\namount: 48000\nclose_date: 2026-12-09\n"
    "contacts[0]: Dana Lee (Head of Product, champion)",
    "Tie the price to the cost of the problem the buyer named in discovery.",
]


def test_names_amounts_and_dates_from_the_inputs_pass():
    texts = [
        "Acme Corp is in discovery at $48k; Dana Lee wants a call on December 9.",
        "Tie the price to the cost of the problem. Schedule the call for 2026-12-09.",
        "The amount is 48,000.",
    ]
    result = invented_entities(texts, POOL)
    assert result.value == 1.0, result.detail


@pytest.mark.parametrize(
    "text, invented",
    [
        ("Offer a discount worth $90k to close.", "$90k"),
        ("Bring Bob Smith from finance to the call.", "Bob Smith"),
        ("Globex is in evaluation for Insights Cloud.", "Globex"),
        ("Send the contract on 2027-01-15.", "2027-01-15"),
        ("Close it by March 3.", "March 3"),
        ("Dana Lee and Maya Smith will decide.", "Maya Smith"),
    ],
)
def test_an_invented_entity_is_flagged_by_name(text, invented):
    result = invented_entities([text], POOL)
    assert result.value < 1.0
    assert repr(invented) in result.detail


def test_ordinary_words_that_start_a_sentence_are_not_entities():
    assert entities("Schedule a call. Confirm the budget.") == []
    assert "Globex" in entities("Globex is new.")


def test_no_entities_scores_one():
    assert invented_entities(["ask about the budget."], POOL).value == 1.0
