"""The result of an eval run, as written to ``result.json`` and read by compare."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from evals.metrics import SCORE, MetricResult, mean_of

Status = Literal["ok", "error", "skipped"]


class CaseResult(BaseModel):
    id: str
    suite: str
    corpus: str
    tags: list[str] = Field(default_factory=list)
    status: Status
    reason: str = ""  # why a case erred or was skipped
    metrics: list[MetricResult] = Field(default_factory=list)
    output: dict | None = None

    def metric(self, name: str) -> MetricResult | None:
        return next((m for m in self.metrics if m.name == name), None)

    @property
    def quality(self) -> float | None:
        """Mean of the case's scores: how reports order cases, worst first."""
        return mean_of([m for m in self.metrics if m.unit == SCORE])


class MetricSummary(BaseModel):
    name: str
    unit: str = SCORE
    mean: float | None
    measured: int
    not_measured: int
    spread: float | None = None  # mean spread of repeated measures (the judge)


class Breach(BaseModel):
    suite: str
    metric: str
    value: float | None
    bound: Literal["min", "max"]
    limit: float

    def describe(self) -> str:
        shown = "not measured" if self.value is None else f"{self.value:.3f}"
        word = "below" if self.bound == "min" else "above"
        limit = f"{self.bound} {self.limit:g}"
        return f"{self.suite}: {self.metric} {shown} is {word} its {limit}"


class SuiteRun(BaseModel):
    name: str
    cases: list[CaseResult]
    summary: list[MetricSummary] = Field(default_factory=list)

    def summarize(self) -> None:
        """Mean of each metric over the cases that measured it."""
        by_name: dict[str, list[MetricResult]] = {}
        for case in self.cases:
            for m in case.metrics:
                by_name.setdefault(m.name, []).append(m)
        self.summary = [
            MetricSummary(
                name=name,
                unit=found[0].unit,
                mean=mean_of(found),
                measured=sum(1 for m in found if m.measured),
                not_measured=sum(1 for m in found if not m.measured),
                spread=_mean_spread(found),
            )
            for name, found in by_name.items()
        ]

    def mean(self, metric: str) -> float | None:
        found = next((s for s in self.summary if s.name == metric), None)
        return found.mean if found else None


class EvalRun(BaseModel):
    started_at: str
    seconds: float = 0.0
    model: str
    backend: str
    fast: bool
    judge: str = ""  # the judge model, or '' when no judge ran
    datasets: dict[str, str] = Field(default_factory=dict)  # file name: sha256
    suites: list[SuiteRun] = Field(default_factory=list)
    breaches: list[Breach] = Field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.breaches


def _mean_spread(found: list[MetricResult]) -> float | None:
    spreads = [m.spread for m in found if m.spread is not None]
    return round(sum(spreads) / len(spreads), 4) if spreads else None
