"""Named metrics, one module per family; each returns a ``MetricResult``.

A score lies in [0, 1], higher is better. A measurement (``unit`` other than
``score``: seconds, tokens) is a raw figure, lower is better. ``value`` is None
when a metric could not be measured for a case; averages leave such cases out
rather than count them as zero.
"""

from __future__ import annotations

from statistics import fmean

from pydantic import BaseModel

SCORE = "score"


class MetricResult(BaseModel):
    name: str
    value: float | None
    detail: str = ""
    unit: str = SCORE
    spread: float | None = None  # for repeated measures (the judge): max - min

    @property
    def measured(self) -> bool:
        return self.value is not None


def score(name: str, passed: int, total: int, detail: str = "") -> MetricResult:
    """A share of checks passed; 1.0 when there was nothing to check."""
    value = passed / total if total else 1.0
    return MetricResult(name=name, value=round(value, 4), detail=detail)


def not_measured(name: str, why: str, unit: str = SCORE) -> MetricResult:
    return MetricResult(name=name, value=None, detail=why, unit=unit)


def mean_of(results: list[MetricResult]) -> float | None:
    """The mean of the measured values, or None when none was measured."""
    values = [r.value for r in results if r.value is not None]
    return round(fmean(values), 4) if values else None


def listed(items: list[str], limit: int = 5) -> str:
    """A short, readable list for a metric's detail."""
    shown = "; ".join(items[:limit])
    more = len(items) - limit
    return shown + (f"; and {more} more" if more > 0 else "")
