"""Invented entities: names, companies, amounts and dates no input or source holds.

An invented stakeholder or a made-up discount is the harm this metric exists for.
Entities are found by shape: capitalised word runs (people, companies, products),
amounts (a currency sign, a k/m suffix, or three or more digits), ISO dates and
month-name dates. Each must occur in the pool: the deal, the meeting request, the
passages the model was shown and the sources the output cites.

A capitalised word that only starts a sentence is an entity only if it is neither
an ordinary English word (the embedding model's own vocabulary, shipped offline)
nor a word of the pool: "Schedule a call" is not a name, "Globex is ..." is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from evals.metrics import MetricResult, listed, score

_NAME_RUN = re.compile(r"[A-Z][\w'&-]*(?:[ \t]+(?:&[ \t]+|of[ \t]+)?[A-Z][\w'&-]*)*")
_AMOUNT = re.compile(
    r"[$€£]\s?\d[\d,]*(?:\.\d+)?\s?[kKmM]?\b"
    r"|\b\d[\d,]*(?:\.\d+)?\s?(?:[kK]|[mM]|USD|EUR|dollars)\b"
    r"|\b\d{1,3}(?:,\d{3})+\b|\b\d{3,}\b"
)
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_MONTH_DATE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})"
    r"(?:st|nd|rd|th)?\b"
)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[-*•]\s+)$")
_WORD = re.compile(r"[a-z0-9][a-z0-9'&-]*")


def invented_entities(texts: list[str], pool: list[str]) -> MetricResult:
    """Share of entity mentions in ``texts`` the pool supports (1.0: none made up)."""
    known = Pool(pool)
    found = [e for text in texts for e in entities(text)]
    invented = sorted({e for e in found if not known.has(e)})
    mentions = len(found)
    bad = sum(1 for e in found if e in invented)
    return score(
        "no_invented_entities",
        mentions - bad,
        mentions,
        listed([f"invented {e!r}" for e in invented]),
    )


def entities(text: str) -> list[str]:
    """Entity mentions of a text, by shape (see the module docstring)."""
    found = [m.group(0) for m in _ISO_DATE.finditer(text)]
    found += [m.group(0) for m in _MONTH_DATE.finditer(text)]
    masked = _MONTH_DATE.sub(" ", _ISO_DATE.sub(" ", text))
    found += [m.group(0).strip() for m in _AMOUNT.finditer(masked)]
    found += _names(masked)
    return found


def _names(text: str) -> list[str]:
    names = []
    for match in _NAME_RUN.finditer(text):
        run = match.group(0).rstrip("'")
        words = run.split()
        starts = bool(_SENTENCE_START.search(text[: match.start()]))
        if starts and words[0].lower().strip(".") in common_words():
            words = words[1:]
        if words and not (len(words) == 1 and len(words[0]) < 2):
            names.append(" ".join(words))
    return names


class Pool:
    """What the output may mention: the words, numbers and dates of its inputs."""

    def __init__(self, texts: list[str]) -> None:
        joined = " ".join(texts)
        self.text = " ".join(joined.lower().split())
        self.words = set(_WORD.findall(self.text))
        self.numbers = {_as_number(n) for n in _NUMBER.findall(joined)}
        self.month_days = {
            (int(m), int(d))
            for _, m, d in re.findall(r"(\d{4})-(\d{2})-(\d{2})", joined)
        }

    def has(self, entity: str) -> bool:
        if _ISO_DATE.fullmatch(entity):
            return entity in self.text
        month_date = _MONTH_DATE.fullmatch(entity)
        if month_date:
            key = (
                _MONTHS.index(month_date.group(1).lower()) + 1,
                int(month_date.group(2)),
            )
            return key in self.month_days or entity.lower() in self.text
        if entity[:1].isdigit() or entity[:1] in "$€£":
            return _amount_value(entity) in self.numbers
        return self._has_name(entity)

    def _has_name(self, name: str) -> bool:
        lowered = " ".join(name.lower().split())
        if lowered in self.text:
            return True
        words = _WORD.findall(lowered)
        return bool(words) and all(w in self.words for w in words)


def _as_number(text: str) -> float:
    return float(text.replace(",", "").rstrip("."))


def _amount_value(text: str) -> float:
    digits = _NUMBER.search(text)
    if digits is None:
        return -1.0
    value = _as_number(digits.group(0))
    suffix = text.rstrip().lower()
    if suffix.endswith("k"):
        value *= 1_000
    elif suffix.endswith("m"):
        value *= 1_000_000
    return value


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Whole words of the shipped embedding model's vocabulary (about 24,000).

    Without the model package the set is empty, and every capitalised word that
    starts a sentence is checked against the pool like any other name.
    """
    try:
        from retrieval.embedder import shipped_model_path

        vocab = (shipped_model_path() / "vocab.txt").read_text(encoding="utf-8")
    except Exception:  # noqa: BLE001 - a missing model only makes the check stricter
        return frozenset()
    return frozenset(w for w in vocab.split() if w.isalpha() and not w.startswith("["))
