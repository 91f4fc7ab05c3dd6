"""What a case cost: seconds and tokens. Measurements, lower is better."""

from __future__ import annotations

from evals.metrics import MetricResult, not_measured


def latency(seconds: float | None, name: str = "latency_s") -> MetricResult:
    """Wall-clock seconds; under concurrency this includes waiting for the model."""
    if seconds is None:
        return not_measured(name, "no timing recorded", unit="s")
    return MetricResult(name=name, value=round(seconds, 3), unit="s")


def tokens(prompt: int | None, completion: int | None) -> MetricResult:
    """Prompt plus completion tokens of the model call, as the backend counts them."""
    if prompt is None or completion is None:
        return not_measured("tokens", "the output records no model usage", "tokens")
    return MetricResult(
        name="tokens",
        value=float(prompt + completion),
        detail=f"prompt {prompt}, completion {completion}",
        unit="tokens",
    )
