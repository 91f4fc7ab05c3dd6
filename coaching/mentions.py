"""Reading win/loss notes for themes: which sentence names which theme, and how.

Every mention is an exact passage (``coaching.passages``) of the note's ``reason``
or ``text``, so it can be quoted verbatim. Passages addressed to a model ("ignore
previous instructions") are never quoted: notes are untrusted input, and a
playbook must not carry them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from coaching.evidence import LOSS_OUTCOMES
from coaching.excerpts import clip
from coaching.passages import passages
from coaching.themes import THEMES, Theme
from core.records import Note

Stance = Literal["followed", "skipped", "occurred"]
MAX_QUOTE = 320

_NEGATION = re.compile(
    r"\b(?:never|no|not|without|only|missed|lacked|lacking|failed to|too late)\b"
    r"|n't\b",
    re.IGNORECASE,
)
_HINDSIGHT = re.compile(
    r"\bnext time\b|would do differently|\bshould(?: have|'ve)\b|\bin hindsight\b"
    r"|\bif we had\b|\bwe learned\b|\bif (?:I|we) ran it again\b",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[,;:.\u2014]| - ")
_RELATIVE = re.compile(r"\s*(?:who|whom|which|that)\b", re.IGNORECASE)
# Text written to steer a model rather than to tell what happened in a deal.
_ADDRESSED_TO_MODEL = re.compile(
    r"ignore (?:all |any )?(?:the )?(?:previous|prior|above|earlier) instructions"
    r"|disregard (?:all |any )?(?:the )?(?:previous|prior|above) "
    r"|system prompt|reply only with|you are now an?\b"
    r"|as an ai (?:language model|assistant)|<\s*/?\s*data\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """One note naming one theme, by an exact sentence of one of its fields."""

    note: Note
    theme: str
    field: Literal["reason", "text"]
    quote: str
    stance: Stance
    hindsight: bool

    @property
    def lost(self) -> bool:
        return self.note.outcome in LOSS_OUTCOMES


def addressed_to_model(sentence: str) -> bool:
    return bool(_ADDRESSED_TO_MODEL.search(sentence))


def quotable(note: Note) -> list[tuple[str, str]]:
    """(field, sentence) pairs that may be quoted: exact, and not aimed at a model."""
    found = []
    for field in ("reason", "text"):
        for sentence in passages(getattr(note, field)):
            if len(sentence.split()) >= 4 and not addressed_to_model(sentence):
                found.append((field, clip(sentence, MAX_QUOTE)))
    return found


def mentions(note: Note, themes: tuple[Theme, ...] = THEMES) -> list[Mention]:
    """The note's first mention of each theme it names, the stated reason first."""
    found: dict[str, Mention] = {}
    for field, sentence in quotable(note):
        for theme in themes:
            match = theme.cue.search(sentence)
            if match is None or theme.key in found:
                continue
            hindsight = bool(_HINDSIGHT.search(sentence))
            stance = _stance(theme, sentence, match.start(), hindsight)
            found[theme.key] = Mention(
                note, theme.key, field, sentence, stance, hindsight
            )
    return list(found.values())


def hindsight_sentences(note: Note) -> list[tuple[str, str]]:
    """Sentences in which the seller says what they would do next time."""
    return [(f, s) for f, s in quotable(note) if _HINDSIGHT.search(s)]


def _stance(theme: Theme, sentence: str, at: int, hindsight: bool) -> Stance:
    if theme.kind == "risk":
        return "occurred"
    if hindsight or (theme.skipped is not None and theme.skipped.search(sentence)):
        return "skipped"
    if theme.followed is not None and theme.followed.search(sentence):
        return "followed"
    return "skipped" if _NEGATION.search(_clause(sentence, at)) else "followed"


def _clause(sentence: str, at: int) -> str:
    """The clause around position ``at``: between the punctuation either side.

    A relative clause ("..., who owned the budget") takes the clause before it
    along, since that is where its negation sits ("we never met the CTO, who...").
    """
    starts = [m.end() for m in _CLAUSE.finditer(sentence, 0, at)]
    start = starts[-1] if starts else 0
    if starts and _RELATIVE.match(sentence, start):
        start = starts[-2] if len(starts) > 1 else 0
    end_match = _CLAUSE.search(sentence, at)
    return sentence[start : end_match.start() if end_match else len(sentence)]
