import json

import pytest

from evals.judge import Judge, load_rubrics
from llm.fake import QueuedFakeChatModel

CRITERIA = ("specific", "actionable", "grounded", "stage_appropriate")


def verdict(score: int) -> str:
    return json.dumps({"reason": "ok", **{c: score for c in CRITERIA}})


@pytest.fixture
def rubrics():
    found = load_rubrics()
    assert tuple(c.name for c in found["briefs"].criteria) == CRITERIA
    return found


def test_scores_are_normalised_means_over_runs_with_their_spread(rubrics):
    model = QueuedFakeChatModel([verdict(5), verdict(3), verdict(4)])
    results = Judge(model, rubrics, runs=3).score("briefs", "a brief", {"stage": "x"})
    assert [r.name for r in results] == [f"judge_{c}" for c in CRITERIA]
    assert results[0].value == 0.75 and results[0].spread == 0.5
    assert "3 of 3 runs" in results[0].detail
    assert "a brief" in model.calls[0].messages[1]["content"]


def test_an_unscorable_run_is_left_out_of_the_mean(rubrics):
    # The second run fails twice (the structured call retries once).
    model = QueuedFakeChatModel([verdict(5), "nope", '{"specific": 9}', verdict(5)])
    results = Judge(model, rubrics, runs=3).score("briefs", "a brief", {})
    assert results[0].value == 1.0 and "2 of 3 runs" in results[0].detail


def test_no_scorable_run_is_not_measured_never_zero(rubrics):
    model = QueuedFakeChatModel(["x", "y"])
    results = Judge(model, rubrics, runs=1).score("briefs", "a brief", {})
    assert all(r.value is None for r in results)
    assert Judge(model, rubrics).score("briefs", "", {})[0].value is None


def test_a_suite_without_a_rubric_is_not_judged(rubrics):
    assert Judge(QueuedFakeChatModel([]), rubrics).score("agendas", "x", {}) == []
