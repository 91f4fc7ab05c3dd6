"""The arithmetic of the benchmarks: percentiles, rates, ratios and a stopwatch."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field


def percentile(samples: Sequence[float], pct: float) -> float:
    """The ``pct``-th percentile by linear interpolation between closest ranks.

    The same definition as numpy's default, so figures can be checked by hand:
    p50 of [1, 2, 3, 4] is 2.5; p0 and p100 are the minimum and maximum.
    """
    if not samples:
        raise ValueError("no samples")
    if not 0 <= pct <= 100:
        raise ValueError(f"a percentile is between 0 and 100, not {pct}")
    ordered = sorted(samples)
    position = (len(ordered) - 1) * pct / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def ratio(measured: float, baseline: float) -> float:
    """How many times ``measured`` is ``baseline``; infinite over a zero baseline."""
    if baseline < 0 or measured < 0:
        raise ValueError("ratios are of non-negative quantities")
    if baseline == 0:
        return math.inf if measured > 0 else 1.0
    return measured / baseline


def speedup(seconds: float, baseline_seconds: float) -> float:
    """How many times faster ``seconds`` is than ``baseline_seconds`` (2.0: half)."""
    return ratio(baseline_seconds, seconds)


def rate(count: int, seconds: float) -> float:
    """Items per second; zero time counts as infinitely fast."""
    return math.inf if seconds <= 0 else count / seconds


@dataclass
class Latencies:
    """Per-call times in seconds, summarised in milliseconds."""

    samples: list[float] = field(default_factory=list)

    def add(self, seconds: float) -> None:
        self.samples.append(seconds)

    def summary(self) -> dict[str, float]:
        ms = [s * 1000 for s in self.samples]
        return {
            "n": len(ms),
            "p50_ms": round(percentile(ms, 50), 2),
            "p95_ms": round(percentile(ms, 95), 2),
            "p99_ms": round(percentile(ms, 99), 2),
            "max_ms": round(max(ms), 2),
        }


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """Times the block; the elapsed seconds are in the yielded list's first item."""
    elapsed: list[float] = [0.0]
    started = time.perf_counter()
    try:
        yield elapsed
    finally:
        elapsed[0] = time.perf_counter() - started
