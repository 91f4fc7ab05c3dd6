"""Time boxes: whole minutes, at least one each, always adding up to the length."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coaching.timeboxes import allocate

weights = st.lists(
    st.floats(min_value=0.1, max_value=20, allow_nan=False), min_size=1, max_size=9
)


@given(weights, st.integers(min_value=0, max_value=120))
def test_minutes_add_up_to_the_length_and_each_item_gets_one(ws, spare):
    total = len(ws) + spare
    minutes = allocate(ws, total)
    assert sum(minutes) == total
    assert all(m >= 1 for m in minutes)


@given(weights, st.integers(min_value=0, max_value=120))
def test_a_heavier_item_never_gets_fewer_minutes(ws, spare):
    minutes = allocate(ws, len(ws) + spare)
    for i, wi in enumerate(ws):
        for j, wj in enumerate(ws):
            if wi > wj:
                assert minutes[i] >= minutes[j]


def test_shares_follow_the_weights():
    assert allocate([1, 1, 2], 10) == [3, 2, 5]
    assert allocate([2.0, 4.5, 7.0, 3.5, 2.0], 30) == [3, 7, 11, 6, 3]


def test_impossible_splits_are_refused():
    with pytest.raises(ValueError, match="cannot hold"):
        allocate([1, 1, 1], 2)
    with pytest.raises(ValueError):
        allocate([], 30)
