"""Chunking: handbook pages and decision records into sections an embedder takes whole.

A section is the text under one heading path, cut further only where it would not fit:
at paragraphs first, then lines, sentences and, as a last resort, words. Every section
fits ``max_tokens`` under the caller's counter, because the embedder silently truncates
whatever does not (all-MiniLM-L6-v2 stops at 256 word pieces), and a truncated play is
a play retrieval can no longer find by its second half.

Cleaning lives in ``retrieval.markup``; this module decides where sections begin.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import yaml

from core.errors import FileRejected
from retrieval.markup import clean_markdown, clean_rst, has_words, split_rst_fields

__all__ = [
    "Section",
    "clean_markdown",
    "parse_front_matter",
    "split_markdown",
    "split_rst",
    "whitespace_tokens",
]

TokenCounter = Callable[[str], int]

_HEADING = re.compile(r"^(#{1,6}) (.*)$")
_FRONT_MATTER_FENCES = {"---": ("---", "..."), "+++": ("+++",)}
_TOML_LINE = re.compile(r"at line (\d+)")
# Where a section may be cut, coarsest first, with the text that rejoins the pieces.
_BOUNDARIES = (
    (re.compile(r"\n\s*\n"), "\n\n"),
    (re.compile(r"\n"), "\n"),
    (re.compile(r"(?<=[.!?])\s+"), " "),
    (re.compile(r"\s+"), " "),
)


class _FrontMatterLoader(yaml.SafeLoader):
    """A safe loader that leaves dates as written. Real customer stories carry dates
    such as ``2024-27-06``; judging a date is the caller's job, and a bad one is no
    reason to refuse the story."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if not tag.endswith(":timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Section:
    """The cleaned text under one heading path; ``ordinal`` orders a path's pieces."""

    heading_path: tuple[str, ...]
    text: str
    ordinal: int


def whitespace_tokens(text: str) -> int:
    """A rough word-piece estimate for callers without a tokenizer.

    English prose runs about four word pieces to three words; the ``+ 1`` keeps the
    estimate above zero so that even an empty text costs something.
    """
    return len(text.split()) * 4 // 3 + 1


def parse_front_matter(text: str, path: str) -> tuple[dict, str]:
    """Split front matter from the body: YAML between ``---`` lines, or TOML between
    ``+++`` lines (Zola and Hugo blogs use it), at the very start of the file.

    Malformed front matter, or front matter that is not a mapping, raises
    ``FileRejected`` with the line in the file, so the author can fix it. No front
    matter gives ``({}, text)``.
    """
    lines = text.removeprefix("\ufeff").split("\n")
    fence = lines[0].rstrip()
    if fence not in _FRONT_MATTER_FENCES:
        return {}, text
    closers = _FRONT_MATTER_FENCES[fence]
    end = next(
        (i for i, line in enumerate(lines[1:], 1) if line.rstrip() in closers), 0
    )
    if not end:
        raise FileRejected(
            path, f"front matter opened with {fence} is never closed", line=1
        )
    source = "\n".join(lines[1:end])
    data = _load_toml(source, path) if fence == "+++" else _load_yaml(source, path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise FileRejected(
            path, f"front matter must be a mapping, not a {kind}", line=2
        )
    return data, "\n".join(lines[end + 1 :])


def _load_yaml(source: str, path: str) -> object:
    try:
        return yaml.load(source, Loader=_FrontMatterLoader)
    except (yaml.YAMLError, ValueError) as error:
        # ValueError: an explicit tag that cannot be built (!!timestamp 2024-27-06).
        mark = getattr(error, "problem_mark", None) or getattr(
            error, "context_mark", None
        )
        # The mark counts from 0 within the block, which starts on the file's line 2.
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error)
        message = f"front matter is not valid YAML: {reason}"
        raise FileRejected(path, message, line=line) from error


def _load_toml(source: str, path: str) -> object:
    try:
        return tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        # Python 3.11's TOMLDecodeError only says where in its message, and says
        # "at end of document" for the block's last line.
        found = _TOML_LINE.search(str(error))
        line = int(found.group(1)) + 1 if found else source.count("\n") + 2
        message = f"front matter is not valid TOML: {error}"
        raise FileRejected(path, message, line=line) from error


def split_markdown(
    body: str, *, max_tokens: int, count_tokens: TokenCounter, title: str = ""
) -> list[Section]:
    """Clean a Markdown body and cut it into sections that each fit ``max_tokens``.

    Each section carries its heading path, document ``title`` first when given. Pieces
    of one heading path are numbered 0, 1, 2...; headings with no words under them
    give no section. The same input always gives the same sections.
    """
    return _sections(clean_markdown(body), title, max_tokens, count_tokens)


def split_rst(
    text: str, *, max_tokens: int, count_tokens: TokenCounter, title: str = ""
) -> list[Section]:
    """Clean a reStructuredText document and cut it as ``split_markdown`` does.

    A PEP-style header block is dropped; its ``Title`` field names the document when
    the caller gives no ``title``.
    """
    fields, body = split_rst_fields(text)
    title = title or fields.get("Title", "")
    return _sections(clean_rst(body), title, max_tokens, count_tokens)


def _sections(
    cleaned: str, title: str, max_tokens: int, count_tokens: TokenCounter
) -> list[Section]:
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1, got {max_tokens}")
    sections: list[Section] = []
    ordinals: dict[tuple[str, ...], int] = {}
    for heading_path, text in _by_heading(cleaned, title):
        if not has_words(text):
            continue
        for piece in _pieces(text, 0, max_tokens, count_tokens):
            ordinal = ordinals.get(heading_path, 0)
            ordinals[heading_path] = ordinal + 1
            sections.append(Section(heading_path, piece, ordinal))
    return sections


def _by_heading(cleaned: str, title: str) -> Iterator[tuple[tuple[str, ...], str]]:
    """Each heading path with the text under it, in document order."""
    open_headings: list[tuple[int, str]] = []
    lines: list[str] = []
    for line in cleaned.split("\n"):
        heading = _HEADING.match(line)
        if not heading:
            lines.append(line)
            continue
        yield _heading_path(title, open_headings), "\n".join(lines)
        level = len(heading.group(1))
        open_headings = [(n, text) for n, text in open_headings if n < level]
        open_headings.append((level, heading.group(2).strip()))
        lines = []
    yield _heading_path(title, open_headings), "\n".join(lines)


def _heading_path(title: str, open_headings: list[tuple[int, str]]) -> tuple[str, ...]:
    """The title, then the open headings; a heading that repeats its parent (a page's
    ``# Sales`` under the title "Sales") is said once."""
    path: list[str] = []
    for name in [title, *(text for _, text in open_headings)]:
        if name and (not path or path[-1].casefold() != name.casefold()):
            path.append(name)
    return tuple(path)


def _pieces(text: str, depth: int, max_tokens: int, count: TokenCounter) -> list[str]:
    """Cut ``text`` at the coarsest boundary that makes every piece fit, packing
    neighbouring units back together while they still fit."""
    text = text.strip()
    if count(text) <= max_tokens:
        return [text]
    if depth == len(_BOUNDARIES):
        return _cut_word(text, max_tokens, count)
    boundary, joiner = _BOUNDARIES[depth]
    pieces: list[str] = []
    current = ""
    for unit in _units(boundary.split(text)):
        candidate = f"{current}{joiner}{unit}".strip() if current else unit.strip()
        if count(candidate) <= max_tokens:
            current = candidate
            continue
        if current:
            pieces.append(current)
        current = ""
        if count(unit.strip()) <= max_tokens:
            current = unit.strip()
        else:
            pieces.extend(_pieces(unit, depth + 1, max_tokens, count))
    return pieces + [current] if current else pieces


def _units(parts: Iterable[str]) -> Iterator[str]:
    return (part.rstrip() for part in parts if part.strip())


def _cut_word(word: str, max_tokens: int, count: TokenCounter) -> list[str]:
    """Cut one over-long word (a URL, a hash) into the longest prefixes that fit."""
    pieces: list[str] = []
    while word:
        size = 1
        while size < len(word) and count(word[: size + 1]) <= max_tokens:
            size += 1
        if count(word[:size]) > max_tokens:
            raise ValueError(f"max_tokens={max_tokens} cannot hold even {word[0]!r}")
        pieces.append(word[:size])
        word = word[size:]
    return pieces
