"""Key-point coverage and facts that must not appear, against a case's expectations."""

from __future__ import annotations

from coaching.grounding import support
from evals.metrics import MetricResult, listed, not_measured, score
from evals.metrics.grounding import cosine

# A point is covered by one item of the output holding this share of its content
# words (by stem), or, with an embedder, by one item this close in meaning.
MIN_POINT_SUPPORT = 0.6
MIN_POINT_COSINE = 0.6


def key_point_coverage(
    items: list[str], points: list[str], embedder=None
) -> MetricResult:
    """Share of the expected points that some item of the output makes.

    Items are the output's separate statements (a risk, a question, a play); a
    point must be made by one of them, not pieced together from the whole text.
    """
    if not points:
        return not_measured("key_point_coverage", "the case lists no key points")
    vectors = _vectors(items, points, embedder)
    missed = [p for i, p in enumerate(points) if not _covered(p, i, items, vectors)]
    return score(
        "key_point_coverage",
        len(points) - len(missed),
        len(points),
        listed([f"missed {p!r}" for p in missed]),
    )


def must_not_appear(text: str, facts: list[str]) -> MetricResult:
    """Share of the case's forbidden facts absent from the output (case-insensitive)."""
    if not facts:
        return not_measured("must_not_appear", "the case lists no forbidden facts")
    lowered = text.lower()
    present = [f for f in facts if f.lower() in lowered]
    return score(
        "must_not_appear",
        len(facts) - len(present),
        len(facts),
        listed([f"present {f!r}" for f in present]),
    )


def _covered(point: str, n: int, items: list[str], vectors) -> bool:
    if any(support(point, [item]) >= MIN_POINT_SUPPORT for item in items):
        return True
    if vectors is None:
        return False
    point_vector, item_vectors = vectors[1][n], vectors[0]
    return any(cosine(point_vector, v) >= MIN_POINT_COSINE for v in item_vectors)


def _vectors(items: list[str], points: list[str], embedder):
    if embedder is None or not items:
        return None
    found = embedder.embed_documents([*items, *points])
    return found[: len(items)], found[len(items) :]
