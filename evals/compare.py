"""Comparing two runs: per-metric deltas, and the cases that moved most."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from core.errors import InvalidInput
from evals.metrics import SCORE
from evals.report import value_text
from evals.results import EvalRun

# Changes smaller than this are noise in a mean over a dozen cases.
EPSILON = 0.005
CASES_SHOWN = 5


@dataclass(frozen=True)
class Delta:
    suite: str
    metric: str
    unit: str
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def verdict(self) -> str:
        change = self.change
        if change is None:
            return "not comparable"
        if abs(change) < EPSILON:
            return "same"
        better = change > 0 if self.unit == SCORE else change < 0
        return "better" if better else "worse"


def load_run(path: Path) -> EvalRun:
    """A ``result.json`` written by ``sideline eval``, refused by name if it is not."""
    try:
        return EvalRun.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(root)"
        problem = f"{where}: {first['msg']}"
    except (OSError, ValueError) as exc:
        problem = str(exc)
    raise InvalidInput(f"{path} is not an eval result ({problem})")


def deltas(before: EvalRun, after: EvalRun) -> list[Delta]:
    """One delta per suite and metric found in either run."""
    found = []
    old = {s.name: s for s in before.suites}
    for suite in after.suites:
        prior = old.get(suite.name)
        names = [s.name for s in suite.summary]
        if prior is not None:
            names += [s.name for s in prior.summary if s.name not in names]
        for name in names:
            mine = next((s for s in suite.summary if s.name == name), None)
            unit = mine.unit if mine else SCORE
            was = prior.mean(name) if prior is not None else None
            found.append(Delta(suite.name, name, unit, was, suite.mean(name)))
    return found


def render_comparison(before: EvalRun, after: EvalRun) -> str:
    """Markdown: what was compared, the per-metric deltas, the cases that moved."""
    lines = [
        f"# Compare: {before.model} ({before.started_at}) -> "
        f"{after.model} ({after.started_at})",
        "",
    ]
    if before.datasets != after.datasets:
        lines += ["Datasets differ between the runs: compare with care.", ""]
    lines += [
        "| suite | metric | A | B | delta | verdict |",
        "|---|---|---|---|---|---|",
    ]
    for d in deltas(before, after):
        change = "" if d.change is None else f"{d.change:+.3f}"
        lines.append(
            f"| {d.suite} | {d.metric} | {value_text(d.before, d.unit)} | "
            f"{value_text(d.after, d.unit)} | {change} | {d.verdict} |"
        )
    return "\n".join(lines + _moved_cases(before, after)) + "\n"


def _moved_cases(before: EvalRun, after: EvalRun) -> list[str]:
    old = {(c.suite, c.id): c.quality for s in before.suites for c in s.cases}
    moved = [
        (c.quality - old[(c.suite, c.id)], c.suite, c.id)
        for s in after.suites
        for c in s.cases
        if c.quality is not None and old.get((c.suite, c.id)) is not None
    ]
    moved = sorted(moved, key=lambda m: abs(m[0]), reverse=True)[:CASES_SHOWN]
    if not moved:
        return []
    lines = ["", "Cases that moved most (quality, the mean of a case's scores):", ""]
    return lines + [f"- {suite}/{case}: {change:+.3f}" for change, suite, case in moved]
