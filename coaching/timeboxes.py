"""Splitting a meeting's minutes between agenda items, in whole minutes.

Each item gets a share of the length by weight (largest remainder), at least one
minute, and the shares always add up to the length exactly, so an agenda never
promises more or less time than the meeting has.
"""

from __future__ import annotations

import math

# Relative weights per item kind: the deals and the skill carry the meeting.
WEIGHTS = {
    "commitment_review": 2.0,
    "recognition": 2.0,
    "early_deal": 4.5,
    "skill": 7.0,
    "rep_topic": 3.5,
    "commitment": 2.0,
}


def allocate(weights: list[float], total: int) -> list[int]:
    """Whole minutes per weight, each at least 1, summing to ``total``."""
    if not weights:
        raise ValueError("there must be at least one item to give time to")
    if total < len(weights):
        raise ValueError(f"{total} minutes cannot hold {len(weights)} items")
    if any(w <= 0 for w in weights):
        raise ValueError("weights must be positive")

    whole = sum(weights)
    quotas = [total * w / whole for w in weights]
    minutes = [max(1, math.floor(q)) for q in quotas]
    order = range(len(weights))
    # Short: the largest remainders get a minute more. Over (after the one-minute
    # floor): the longest items give one back, the lighter of equals first.
    for i in sorted(order, key=lambda i: (minutes[i] - quotas[i], i))[
        : max(0, total - sum(minutes))
    ]:
        minutes[i] += 1
    while sum(minutes) > total:
        i = max(order, key=lambda i: (minutes[i], -quotas[i], i))
        minutes[i] -= 1
    return minutes
