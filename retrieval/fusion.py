"""Reciprocal rank fusion: one ranking from several, by rank alone.

Dense and keyword scores live on different scales (cosine similarity against BM25),
so they are not added; each list votes ``1 / (k + rank)`` for its items instead
(Cormack, Clarke and Buettcher, 2009). ``k = 60`` is the paper's constant: it damps
the difference between the first few ranks so no single list dominates.
"""

from __future__ import annotations

from collections.abc import Sequence

RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]], k: int = RRF_K
) -> list[tuple[str, float]]:
    """Ids of all rankings, best first, each with a fused score in (0, 1].

    The score is divided by what an id first in every ranking would get, so 1.0
    means "top of every list". Ties keep the order in which ids were first met.
    A ranking that repeats an id counts only its best rank.
    """
    if k < 0:
        raise ValueError(f"k must not be negative, got {k}")
    if not rankings:
        return []
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(dict.fromkeys(ranking), start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    best = len(rankings) / (k + 1)
    ordered = sorted(fused.items(), key=lambda pair: -pair[1])
    return [(item, round(score / best, 6)) for item, score in ordered]
