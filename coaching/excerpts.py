"""Choosing exact sentences from source text, so quotes always appear in it."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“(\[]?[A-Z0-9])|\n+")
_WORD = re.compile(r"[a-z0-9][a-z0-9'\-]+")
_STOP = frozenset(
    "the a an and or of to in on for with is are be this that it as at by from we you"
    " they our your their was were will can should how what when who why which".split()
)


def sentences(text: str) -> list[str]:
    """Sentences and list lines of a text, each an exact substring of it."""
    parts = (p.strip() for p in _SENTENCE_END.split(text))
    return [p for p in parts if len(p) > 1]


def words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def best_sentence(
    text: str, query: str, *, min_words: int = 6, max_chars: int = 300
) -> str:
    """The statement sharing most words with the query; ties go to the earlier one.

    Questions and short fragments are passed over while a full statement exists, since
    a quoted lesson or play should say something rather than ask it.
    """
    from coaching.injection import is_instruction

    wanted = words(query)
    every = [s for s in sentences(text) if not is_instruction(s)] or sentences(text)
    candidates = [
        s for s in every if len(s.split()) >= min_words and not s.endswith("?")
    ] or every
    if not candidates:
        return text[:max_chars].strip()
    best = max(candidates, key=lambda s: (len(words(s) & wanted), -candidates.index(s)))
    return clip(best, max_chars)


def questions(text: str, *, max_chars: int = 240) -> list[str]:
    """Questions written in a text, as they stand in it."""
    found = []
    for sentence in sentences(text):
        line = sentence.lstrip("-*0123456789. ").strip().strip("\"'“”‘’")
        if (
            line.endswith("?")
            and line in text
            and 4 <= len(line.split())
            and len(line) <= max_chars
        ):
            found.append(line)
    return found


def clip(text: str, max_chars: int) -> str:
    """A prefix of the text cut at a word boundary, still an exact substring."""
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    return cut[: cut.rfind(" ")] if " " in cut else cut
