"""The agendas suite: its cases run through AgendaWriter and are scored."""

import json

from evals.agendas import AgendaSuite
from evals.cases import DATASETS, Case, load_dataset
from evals.metrics.timeboxes import time_boxes
from evals.runner import EvalOptions, run_eval
from evals.thresholds import load_thresholds
from llm.fake import SchemaFakeChatModel
from service.runtime import Runtime
from tests.conftest import HashEmbedder

ITEMS = [
    {"kind": kind, "title": kind, "minutes": 6}
    for kind in ("recognition", "early_deal", "skill", "commitment", "rep_topic")
]


def test_time_boxes_score_the_sum_the_minimum_and_every_kind():
    assert time_boxes({"length_minutes": 30, "items": ITEMS}).value == 1.0
    short = time_boxes({"length_minutes": 45, "items": ITEMS})
    assert short.value < 1.0 and "add up to 30, not 45" in short.detail
    no_skill = [i for i in ITEMS if i["kind"] != "skill"] + [
        {"kind": "rep_topic", "title": "extra", "minutes": 6}
    ]
    partial = time_boxes({"length_minutes": 30, "items": no_skill})
    assert "no skill item" in partial.detail
    assert time_boxes(None).value == 0.0


def test_the_dataset_cases_are_agenda_cases():
    cases = load_dataset(DATASETS / "agendas-v1.jsonl").cases
    assert {c.suite for c in cases} == {"agendas"}
    assert all(AgendaSuite().check(c) == "" for c in cases)
    broken = Case(id="x", suite="agendas", input={"request": {"rep_id": ""}})
    assert "not an agenda case" in AgendaSuite().check(broken)


def test_the_fast_agenda_cases_pass_their_thresholds(settings, tmp_path):
    folder = tmp_path / "datasets"
    folder.mkdir()
    (folder / "agendas.jsonl").write_text((DATASETS / "agendas-v1.jsonl").read_text())
    run = run_eval(
        EvalOptions(
            suite="agendas", fast=True, datasets=folder, shared_root=tmp_path / "no"
        ),
        settings,
        lambda s: Runtime(s, embedder=HashEmbedder(), model=SchemaFakeChatModel()),
        load_thresholds(),
    )
    cases = {c.id: c for c in run.suites[0].cases}
    assert set(cases) == {
        "agenda-priya-scored",
        "agenda-tom-unscored",
        "agenda-new-rep-empty",
    }
    assert all(c.status == "ok" for c in cases.values())
    assert run.passed, [b.describe() for b in run.breaches]
    priya = cases["agenda-priya-scored"]
    assert priya.metric("retrieval_mrr").value == 1.0
    assert json.dumps(priya.output).count("scorecard:sc-priya-2") > 0
