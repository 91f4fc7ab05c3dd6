"""Recognising instructions planted in source text, so they are never passed on.

Notes, playbooks and deals are data. A sentence in them that addresses the model
("ignore previous instructions", "reveal your system prompt") is never quoted as a
lesson or play, and a model-written claim that echoes one is left out.
"""

from __future__ import annotations

import re

from coaching.excerpts import sentences, words

_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b.{0,40}\b(?:instructions?|rules|prompts?)\b"
    r"|\b(?:system|hidden|initial)\s+prompt\b"
    r"|\byou\s+are\s+now\b"
    r"|\b(?:reply|respond|answer|output)\s+(?:only\s+)?with\b"
    r"|\bdo\s+not\s+follow\b",
    re.IGNORECASE,
)
# A claim sharing this share of its words with a planted instruction echoes it.
ECHO_SHARE = 0.5


def is_instruction(sentence: str) -> bool:
    return bool(_INSTRUCTION.search(sentence))


def instructions_in(text: str) -> list[str]:
    return [s for s in sentences(text) if is_instruction(s)]


def echoes_instruction(claim: str, source_texts: list[str]) -> bool:
    """Whether the claim repeats an instruction planted in any of the sources."""
    claim_words = words(claim)
    if not claim_words:
        return False
    for text in source_texts:
        for planted in instructions_in(text):
            shared = claim_words & words(planted)
            if len(shared) >= ECHO_SHARE * len(claim_words):
                return True
    return is_instruction(claim)
