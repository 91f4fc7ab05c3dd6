"""Writing a run: ``result.json``, a Markdown report and a self-contained HTML one.

Both reports show, per suite, each metric's mean against its threshold, then every
case worst first (by the mean of its scores), then the worst cases' details.
"""

from __future__ import annotations

from pathlib import Path

from evals.metrics import SCORE
from evals.results import CaseResult, EvalRun, MetricSummary, SuiteRun
from evals.thresholds import Bound, Thresholds

WORST_SHOWN = 5


def write_run(run: EvalRun, folder: Path, thresholds: Thresholds) -> dict[str, Path]:
    """Write the three files into ``folder``; returns their paths by kind."""
    from evals.html import render_html

    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "json": folder / "result.json",
        "markdown": folder / "report.md",
        "html": folder / "report.html",
    }
    paths["json"].write_text(run.model_dump_json(indent=2), encoding="utf-8")
    paths["markdown"].write_text(render_markdown(run, thresholds), encoding="utf-8")
    paths["html"].write_text(render_html(run, thresholds), encoding="utf-8")
    return paths


def render_markdown(run: EvalRun, thresholds: Thresholds) -> str:
    lines = [f"# Eval: {run.model} ({run.backend})", "", headline(run), ""]
    lines += [f"- {b.describe()}" for b in run.breaches]
    for suite in run.suites:
        lines += _suite_markdown(suite, thresholds.get(suite.name, {}))
    return "\n".join(lines).rstrip() + "\n"


def headline(run: EvalRun) -> str:
    cases = [c for s in run.suites for c in s.cases]
    skipped = sum(1 for c in cases if c.status == "skipped")
    verdict = "**passed**" if run.passed else "**failed**"
    judge = f", judged by {run.judge}" if run.judge else ""
    data = ", ".join(f"{name} ({sha})" for name, sha in run.datasets.items())
    return (
        f"{verdict}: {len(cases) - skipped} cases run, {skipped} skipped, "
        f"{'fast suite, ' if run.fast else ''}{run.seconds:.0f} s{judge}; "
        f"started {run.started_at}; datasets {data or 'none'}."
    )


def bound_text(bound: Bound | None) -> str:
    if bound is None:
        return ""
    return f">= {bound.min:g}" if bound.min is not None else f"<= {bound.max:g}"


def verdict(summary: MetricSummary, bound: Bound | None) -> str:
    if bound is None:
        return ""
    if summary.mean is None:
        return "not measured"
    low = bound.min is not None and summary.mean < bound.min
    high = bound.max is not None and summary.mean > bound.max
    return "FAIL" if low or high else "pass"


def value_text(value: float | None, unit: str = SCORE) -> str:
    if value is None:
        return "n/m"
    return f"{value:.3f}" if unit == SCORE else f"{value:.1f} {unit}"


def worst_first(suite: SuiteRun) -> list[CaseResult]:
    """Cases that erred unscored, then scored ones lowest first, then skipped ones."""
    failed = [c for c in suite.cases if c.quality is None and c.status == "error"]
    scored = [c for c in suite.cases if c.quality is not None]
    skipped = [c for c in suite.cases if c.status == "skipped"]
    return failed + sorted(scored, key=lambda c: c.quality) + skipped


def score_names(suite: SuiteRun) -> list[str]:
    return [s.name for s in suite.summary if s.unit == SCORE]


def _suite_markdown(suite: SuiteRun, bounds: dict[str, Bound]) -> list[str]:
    lines = ["", f"## {suite.name}: metrics", ""]
    lines += [
        "| metric | mean | measured | threshold | verdict |",
        "|---|---|---|---|---|",
    ]
    for s in suite.summary:
        spread = f" ± {s.spread:.3f}" if s.spread is not None else ""
        lines.append(
            f"| {s.name} | {value_text(s.mean, s.unit)}{spread} | "
            f"{s.measured}/{s.measured + s.not_measured} | "
            f"{bound_text(bounds.get(s.name))} | {verdict(s, bounds.get(s.name))} |"
        )
    names = score_names(suite)
    lines += ["", f"## {suite.name}: cases, worst first", ""]
    lines += ["| case | status | quality | " + " | ".join(names) + " |"]
    lines += ["|---" * (len(names) + 3) + "|"]
    for case in worst_first(suite):
        cells = [value_text(m.value) if (m := case.metric(n)) else "" for n in names]
        lines.append(
            f"| {case.id} | {case.status} | {value_text(case.quality)} | "
            + " | ".join(cells)
            + " |"
        )
    return lines + _details(suite)


def _details(suite: SuiteRun) -> list[str]:
    lines = ["", f"## {suite.name}: what went wrong in the worst cases", ""]
    for case in worst_first(suite)[:WORST_SHOWN]:
        lines.append(
            f"### {case.id} ({case.status}, tags: {', '.join(case.tags) or '-'})"
        )
        if case.reason:
            lines.append(f"- reason: {case.reason}")
        for m in case.metrics:
            if m.unit == SCORE and m.value is not None and m.value < 1 and m.detail:
                lines.append(f"- {m.name} {value_text(m.value)}: {m.detail}")
        lines.append("")
    return lines
