"""Cutting a win/loss note into quotable passages, each an exact substring of it.

Notes arrive as written: Markdown with list items, headings and "**Field:** value"
lines, MDX with quotes inside component attributes, reStructuredText hard-wrapped
at 72 columns. A passage is a sentence: line breaks inside a prose paragraph do not
end one, while each line of a list, a block of fields or a component starts a new
one. List markers, heading marks and attribute wrappers (``quote={`...`}``) are
left out, and markup lines (tags, other attributes) give no passage. Only slicing
is used, so every passage is found in the note word for word.
"""

from __future__ import annotations

import re

_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(
    r"(?:(?<=[.!?…])|(?<=[.!?…][\"'”’)]))\s+(?=[\"'“‘(\[*_]?[A-Z0-9])"
)
_ITEM = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,3}[.)]|#{1,6}|>)[ \t]+")
# Lines that make a paragraph a set of separate lines rather than prose.
_LINEWISE = re.compile(
    r"^[ \t]*(?:[-*+•>#]|\d{1,3}[.)]|\*\*[^*\n]+:\*\*|</?[A-Za-z]|\w+=)"
)
_WRAPPER = re.compile(r"^\w+=\{`(.*)`\}$", re.S)
_MARKUP = re.compile(r"^(?:</?[A-Za-z][\w.]*|/?>|\w+=)")


def passages(text: str) -> list[str]:
    """Sentences, list items and headings of a text, as exact substrings of it."""
    found = []
    for paragraph in _PARAGRAPH.split(text):
        lines = paragraph.split("\n")
        linewise = any(_LINEWISE.match(line) for line in lines)
        for unit in lines if linewise else [paragraph]:
            for sentence in _SENTENCE_END.split(_unmarked(unit)):
                piece = sentence.strip()
                if piece and not _MARKUP.match(piece) and piece in text:
                    found.append(piece)
    return found


def _unmarked(unit: str) -> str:
    """The unit without its list or heading marks and attribute wrapper."""
    piece = unit.strip()
    marker = _ITEM.match(piece)
    if marker:
        piece = piece[marker.end() :].strip()
    wrapped = _WRAPPER.match(piece)
    return wrapped.group(1).strip() if wrapped else piece
