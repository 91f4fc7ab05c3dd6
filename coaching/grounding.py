"""How far a written claim is supported by the text it cites.

Used twice: the brief drops model-written claims whose support is too low, and the
eval harness reports the same measure as the grounded-claim rate.
"""

from __future__ import annotations

import re

from coaching.excerpts import words

# A claim counts as supported when at least this share of its content words (by
# stem) occurs in the cited text. Half keeps paraphrase and drops invented detail.
MIN_SUPPORT = 0.5
_NUMBER = re.compile(r"\d[\d,.]*")


def stem(word: str) -> str:
    """A crude stem: the first five letters, enough to match close word forms."""
    return word[:5]


def support(claim: str, cited_texts: list[str]) -> float:
    """Share of the claim's content words found in the cited texts, 0.0 to 1.0."""
    claim_words = {stem(w) for w in words(claim) if not w.isdigit()}
    if not claim_words:
        return 0.0
    source_words = {stem(w) for text in cited_texts for w in words(text)}
    return len(claim_words & source_words) / len(claim_words)


def unsupported_numbers(claim: str, cited_texts: list[str]) -> list[str]:
    """Numbers in the claim that appear in none of the cited texts."""
    pool = " ".join(cited_texts).replace(",", "")
    return [
        n for n in _NUMBER.findall(claim) if n.replace(",", "").rstrip(".") not in pool
    ]


# Fewer content words than this say nothing checkable ("{{<data>}", "Yes").
MIN_CONTENT_WORDS = 3


def is_grounded(claim: str, cited_texts: list[str]) -> bool:
    if len(words(claim)) < MIN_CONTENT_WORDS:
        return False
    return support(claim, cited_texts) >= MIN_SUPPORT and not unsupported_numbers(
        claim, cited_texts
    )
