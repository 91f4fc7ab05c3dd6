"""Grounded-claim rate: how many claims the text they cite actually supports.

A claim passes the lexical check of ``coaching.grounding.is_grounded`` (at least
``MIN_SUPPORT`` of its content words in the cited text, and no number the cited
text lacks). When an embedder is given, it must also pass a semantic check: cosine
similarity of at least ``MIN_COSINE`` with the cited quotes taken together, or
with one cited quote or one sentence of a cited source. Both must hold, so that
a claim which reuses the source's words to say something else still fails.

Claims derived by a rule rather than written (a brief's risks, recomputed from
deal fields) arrive with their verdict already set, and are counted as given.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from coaching.excerpts import sentences
from coaching.grounding import is_grounded
from evals.metrics import MetricResult, listed, score

# MiniLM puts a sentence and its close paraphrase above 0.6 and unrelated sales
# sentences near 0.2-0.4; 0.5 keeps paraphrase and drops a change of subject.
MIN_COSINE = 0.5
_MAX_SENTENCES = 80


@dataclass(frozen=True)
class ClaimCheck:
    """One claim to check: where it sits, what it says, the texts it cites."""

    where: str
    text: str
    quotes: Sequence[str]
    sources: Sequence[str]
    derived_ok: bool | None = None  # set for rule-derived claims


def grounded_claim_rate(claims: list[ClaimCheck], embedder=None) -> MetricResult:
    """Share of claims supported by what they cite (see the module docstring)."""
    failed = [c.where for c in claims if not claim_supported(c, embedder)]
    return score(
        "grounded_claim_rate",
        len(claims) - len(failed),
        len(claims),
        listed([f"unsupported {w}" for w in failed]),
    )


def claim_supported(claim: ClaimCheck, embedder=None) -> bool:
    if claim.derived_ok is not None:
        return claim.derived_ok
    cited = [*claim.quotes, *claim.sources]
    if not claim.text.strip() or not cited:
        return False
    if not is_grounded(claim.text, cited):
        return False
    return embedder is None or best_cosine(claim, embedder) >= MIN_COSINE


def best_cosine(claim: ClaimCheck, embedder) -> float:
    """Highest cosine between the claim and its quotes, together or one by one."""
    candidates = [" ".join(claim.quotes), *claim.quotes]
    for text in claim.sources:
        candidates += sentences(text)
    candidates = [c for c in dict.fromkeys(candidates) if c.strip()][:_MAX_SENTENCES]
    if not candidates:
        return 0.0
    vectors = embedder.embed_documents([claim.text, *candidates])
    return max(cosine(vectors[0], v) for v in vectors[1:])


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0
