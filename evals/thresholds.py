"""Thresholds from ``evals/thresholds.toml``: the bar a run must clear to pass.

One table per suite; each metric names a ``min`` (scores) or a ``max``
(measurements such as seconds). A suite mean across a bound fails the run. A
metric no case measured is reported, not failed: the fast suite, for example,
may hold no case that measures it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, model_validator

from core.errors import InvalidInput
from evals.results import Breach, EvalRun

THRESHOLDS = Path(__file__).parent / "thresholds.toml"


class Bound(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> Bound:
        if (self.min is None) == (self.max is None):
            raise ValueError("give exactly one of min or max")
        return self


Thresholds = dict[str, dict[str, Bound]]


def load_thresholds(path: Path = THRESHOLDS) -> Thresholds:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return {
            suite: {metric: Bound.model_validate(b) for metric, b in table.items()}
            for suite, table in raw.items()
        }
    except (OSError, tomllib.TOMLDecodeError, ValueError) as exc:
        raise InvalidInput(f"cannot read thresholds from {path}: {exc}") from None


def breaches(run: EvalRun, thresholds: Thresholds) -> list[Breach]:
    """Every suite mean on the wrong side of its bound."""
    found = []
    for suite in run.suites:
        for metric, bound in thresholds.get(suite.name, {}).items():
            value = suite.mean(metric)
            if value is None:
                continue
            if bound.min is not None and value < bound.min:
                found.append(
                    Breach(
                        suite=suite.name,
                        metric=metric,
                        value=value,
                        bound="min",
                        limit=bound.min,
                    )
                )
            if bound.max is not None and value > bound.max:
                found.append(
                    Breach(
                        suite=suite.name,
                        metric=metric,
                        value=value,
                        bound="max",
                        limit=bound.max,
                    )
                )
    return found
