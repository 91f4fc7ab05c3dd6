import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.stats import Latencies, percentile, rate, ratio, speedup, stopwatch

samples = st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=50)


def test_percentiles_interpolate_between_closest_ranks():
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([4, 1, 3, 2], 0) == 1
    assert percentile([4, 1, 3, 2], 100) == 4
    assert percentile([10, 20, 30, 40, 50], 95) == pytest.approx(48.0)
    assert percentile([7], 99) == 7


def test_percentiles_refuse_no_samples_and_out_of_range():
    with pytest.raises(ValueError, match="no samples"):
        percentile([], 50)
    with pytest.raises(ValueError, match="between 0 and 100"):
        percentile([1], 101)


@given(samples, st.floats(0, 100), st.floats(0, 100))
def test_percentiles_stay_in_range_and_grow_with_pct(values, a, b):
    low, high = sorted((a, b))
    assert min(values) <= percentile(values, low) <= percentile(values, high)
    assert percentile(values, high) <= max(values)


def test_ratios_speedups_and_rates():
    assert ratio(3.0, 2.0) == 1.5
    assert speedup(10.0, 40.0) == 4.0  # 10 s against a 40 s baseline: 4x faster
    assert ratio(0.0, 0.0) == 1.0 and ratio(1.0, 0.0) == math.inf
    assert rate(300, 1.5) == 200.0 and rate(5, 0.0) == math.inf
    with pytest.raises(ValueError):
        ratio(-1.0, 2.0)


def test_latencies_summarise_in_milliseconds():
    latencies = Latencies()
    for seconds in (0.010, 0.020, 0.030, 0.040):
        latencies.add(seconds)
    assert latencies.summary() == {
        "n": 4,
        "p50_ms": 25.0,
        "p95_ms": 38.5,
        "p99_ms": 39.7,
        "max_ms": 40.0,
    }


def test_the_stopwatch_measures_the_block_even_when_it_raises():
    with pytest.raises(RuntimeError), stopwatch() as elapsed:
        raise RuntimeError
    assert elapsed[0] >= 0.0
