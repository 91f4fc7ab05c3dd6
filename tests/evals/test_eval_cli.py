from typer.testing import CliRunner

from cli.main import app
from evals.metrics import MetricResult
from evals.results import CaseResult, EvalRun, SuiteRun

runner = CliRunner()


def _result(path, coverage: float) -> str:
    case = CaseResult(
        id="c1",
        suite="briefs",
        corpus="samples",
        status="ok",
        metrics=[MetricResult(name="key_point_coverage", value=coverage)],
    )
    suite = SuiteRun(name="briefs", cases=[case])
    suite.summarize()
    run = EvalRun(started_at="t", model="m", backend="fake", fast=True, suites=[suite])
    path.write_text(run.model_dump_json())
    return str(path)


def test_compare_prints_per_metric_deltas(tmp_path):
    a = _result(tmp_path / "a.json", 1.0)
    b = _result(tmp_path / "b.json", 0.5)
    done = runner.invoke(app, ["eval", "compare", a, b])
    assert done.exit_code == 0, done.output
    assert "| briefs | key_point_coverage | 1.000 | 0.500 | -0.500 | worse |" in (
        done.output
    )
    assert "briefs/c1: -0.500" in done.output


def test_compare_refuses_a_file_that_is_not_a_result(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    done = runner.invoke(app, ["eval", "compare", str(bad), str(bad)])
    assert done.exit_code == 2
    assert "is not an eval result (started_at: Field required)" in " ".join(
        done.output.split()
    )


def test_a_planned_suite_or_unknown_model_exits_2_before_any_work():
    done = runner.invoke(app, ["eval", "--suite", "memos", "--model", "fake"])
    assert done.exit_code == 2 and "unknown suite 'memos'" in done.output
    done = runner.invoke(app, ["eval", "--model", "gpt"])
    assert done.exit_code == 2 and "--model must be one of" in done.output
