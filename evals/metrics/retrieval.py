"""Retrieval quality against the sources a case says should be found."""

from __future__ import annotations

from evals.metrics import MetricResult, listed, not_measured, score

DEFAULT_K = 10


def recall_at_k(
    ranked: list[str], expected: list[str], k: int = DEFAULT_K
) -> MetricResult:
    """Share of the expected sources among the first ``k`` distinct sources found."""
    name = f"retrieval_recall@{k}"
    if not expected:
        return not_measured(name, "the case lists no expected sources")
    top = set(_distinct(ranked)[:k])
    missed = [s for s in expected if s not in top]
    return score(
        name,
        len(expected) - len(missed),
        len(expected),
        listed([f"not retrieved {s}" for s in missed]),
    )


def mrr(ranked: list[str], expected: list[str]) -> MetricResult:
    """Reciprocal rank of the first expected source (0.0 when none is found)."""
    if not expected:
        return not_measured("retrieval_mrr", "the case lists no expected sources")
    wanted = set(expected)
    for rank, source in enumerate(_distinct(ranked), start=1):
        if source in wanted:
            return MetricResult(
                name="retrieval_mrr",
                value=round(1 / rank, 4),
                detail=f"first expected source at rank {rank}: {source}",
            )
    return MetricResult(
        name="retrieval_mrr", value=0.0, detail="no expected source retrieved"
    )


def _distinct(ranked: list[str]) -> list[str]:
    return list(dict.fromkeys(ranked))
