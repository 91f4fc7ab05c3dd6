import json

import pytest

from core.errors import InvalidInput
from evals.compare import deltas, render_comparison
from evals.report import write_run
from evals.runner import EvalOptions, run_eval
from evals.suites import select
from evals.thresholds import Bound, load_thresholds
from llm.fake import SchemaFakeChatModel
from service.runtime import Runtime
from tests.conftest import HashEmbedder

CASES = [
    {
        "id": "d2001",
        "suite": "briefs",
        "tags": ["fast"],
        "input": {
            "deal_id": "D-2001",
            "meeting": {"kind": "discovery"},
            "reference_date": "2026-12-04",
        },
        "expected_points": ["No economic buyer among the contacts", "Maya Lindqvist"],
        "expected_sources": ["playbooks/discovery.md"],
        "must_not_appear": ["Globex"],
    },
    {
        "id": "real",
        "suite": "briefs",
        "corpus": "shared",
        "input": {"deal_id": "X", "meeting": {"kind": "discovery"}},
    },
    {"id": "broken", "suite": "briefs", "input": {"meeting": {"kind": "party"}}},
]


@pytest.fixture
def datasets(tmp_path):
    folder = tmp_path / "datasets"
    folder.mkdir()
    lines = "".join(json.dumps(c) + "\n" for c in CASES)
    (folder / "cases.jsonl").write_text(lines)
    return folder


def _run(settings, datasets, tmp_path, thresholds=None, **options):
    return run_eval(
        EvalOptions(datasets=datasets, shared_root=tmp_path / "absent", **options),
        settings,
        lambda s: Runtime(s, embedder=HashEmbedder(), model=SchemaFakeChatModel()),
        thresholds if thresholds is not None else load_thresholds(),
    )


def test_a_run_scores_cases_skips_missing_data_and_reports_bad_input(
    settings, datasets, tmp_path
):
    run = _run(settings, datasets, tmp_path)
    cases = {c.id: c for c in run.suites[0].cases}

    assert cases["d2001"].status == "ok"
    assert cases["d2001"].metric("schema_valid").value == 1.0
    assert cases["d2001"].metric("key_point_coverage").value == 1.0
    assert cases["real"].status == "skipped"
    assert "absent" in cases["real"].reason
    assert cases["broken"].status == "error"
    assert "unknown meeting kind" in cases["broken"].reason
    assert run.model == "schema-fake" and run.datasets["cases.jsonl"]
    assert [b.metric for b in run.breaches] == ["unscored_cases"]


def test_fast_runs_only_fast_cases_and_a_crossed_threshold_fails_the_run(
    settings, datasets, tmp_path
):
    strict = {"briefs": {"key_point_coverage": Bound(min=1.01)}}
    run = _run(settings, datasets, tmp_path, strict, fast=True)
    assert [c.id for c in run.suites[0].cases] == ["d2001"]
    assert not run.passed
    assert (
        "key_point_coverage 1.000 is below its min 1.01" in run.breaches[0].describe()
    )


def test_reports_are_written_and_the_html_stands_alone(settings, datasets, tmp_path):
    run = _run(settings, datasets, tmp_path)
    paths = write_run(run, tmp_path / "out", load_thresholds())

    assert json.loads(paths["json"].read_text())["suites"][0]["name"] == "briefs"
    markdown = paths["markdown"].read_text()
    assert "## briefs: metrics" in markdown and "| grounded_claim_rate |" in markdown
    assert markdown.index("| broken |") < markdown.index("| real |")
    html = paths["html"].read_text()
    assert html.count("<svg") >= 3
    assert "<script" not in html and "src=" not in html and "<link" not in html


def test_compare_shows_deltas_in_the_direction_that_matters(
    settings, datasets, tmp_path
):
    before = _run(settings, datasets, tmp_path)
    after = before.model_copy(deep=True)
    case = after.suites[0].cases[0]
    case.metric("key_point_coverage").value = 0.5
    case.metric("latency_s").value = 0.0
    after.suites[0].summarize()

    found = {d.metric: d for d in deltas(before, after)}
    assert found["key_point_coverage"].verdict == "worse"
    assert found["key_point_coverage"].change == -0.5
    assert found["latency_s"].verdict in ("better", "same")
    text = render_comparison(before, after)
    assert "| briefs | key_point_coverage | 1.000 | 0.500 | -0.500 | worse |" in text


def test_planned_and_unknown_suites_are_refused_by_name():
    assert [s.name for s in select("all")] == ["briefs", "agendas", "proposals"]
    assert [s.name for s in select("proposals")] == ["proposals"]
    with pytest.raises(InvalidInput, match="unknown suite 'memos'"):
        select("memos")
