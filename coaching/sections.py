"""Finding and editing one section of a playbook's raw Markdown, byte for byte.

Plays carry heading paths built from the cleaned text (``retrieval.chunking``): the
front matter title first, then the open headings, a heading that repeats its parent
said once. This module rebuilds the same paths from the raw text, so that a proposal
aimed at a play can replace exactly that section's body and leave every other byte
of the file as it was. Only Markdown is edited; reStructuredText playbooks are read
for evidence but get no proposals until this module reads reST headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.chunking import clean_markdown, parse_front_matter

EDITABLE_SUFFIXES = (".md", ".mdx", ".markdown")
_RAW_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+\S")
_CLEAN_HEADING = re.compile(r"^(#{1,6}) (.*)$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


@dataclass(frozen=True)
class Span:
    """Where one section lies in the raw text.

    ``body_start``..``body_end`` is the text under the heading up to the next heading
    of any level (what a play holds); ``end`` closes its subsections too.
    """

    heading_path: tuple[str, ...]
    level: int  # 0: the document itself, before any heading
    start: int
    body_start: int
    body_end: int
    end: int


def editable(source: str) -> bool:
    return source.lower().endswith(EDITABLE_SUFFIXES)


def outline(text: str, source: str) -> list[Span]:
    """Every section of a Markdown playbook, the document root first."""
    front, body = parse_front_matter(text, source)
    title = str(front.get("title") or "").strip()
    offset = len(text) - len(body)
    headings = _headings(body, offset)
    spans = [_root(title, offset, len(text), headings)]
    open_headings: list[tuple[int, str]] = []
    for i, (level, name, start, body_start) in enumerate(headings):
        open_headings = [(n, t) for n, t in open_headings if n < level]
        open_headings.append((level, name))
        following = headings[i + 1 :]
        body_end = following[0][2] if following else len(text)
        end = next((h[2] for h in following if h[0] <= level), len(text))
        path = _path(title, [t for _, t in open_headings])
        spans.append(Span(path, level, start, body_start, body_end, end))
    return spans


def find(
    text: str, spans: list[Span], heading_path: list[str] | tuple[str, ...]
) -> Span | None:
    """The section with this heading path.

    A path can name several spans: the document root and a first heading that
    repeats the title, or one heading written twice. A real heading is preferred to
    the root, and a section with words under it to an empty one.
    """
    wanted = tuple(heading_path)
    candidates = [s for s in spans if s.heading_path == wanted]
    headed = [s for s in candidates if s.level] or candidates
    worded = [s for s in headed if body_text(text, s)]
    return (worded or headed or [None])[0]


def body_text(text: str, span: Span) -> str:
    """A section's own text, without its heading and subsections, trimmed."""
    return text[span.body_start : span.body_end].strip()


def replace_body(text: str, span: Span, new_body: str) -> str:
    """The text with one section's own body replaced; its surroundings untouched."""
    region = text[span.body_start : span.body_end]
    lead = region[: len(region) - len(region.lstrip())]
    trail = region[len(region.rstrip()) :]
    body = _native(text, new_body.strip())
    if not region.strip():
        newline = _newline(text)
        lead = newline if span.body_start > 0 else ""
        trail = newline * 2 if span.body_end < len(text) else newline
    return text[: span.body_start] + lead + body + trail + text[span.body_end :]


def remove_section(text: str, span: Span) -> str:
    """The text without one section and its subsections."""
    return text[: span.start] + text[span.end :]


def insert_section(
    text: str, parent: Span, spans: list[Span], heading: str, body: str
) -> str:
    """The text with a new section at the end of ``parent``'s subsections."""
    level = _child_level(parent, spans)
    newline = _newline(text)
    before = text[: parent.end]
    gap = "" if before.endswith(newline * 2) or not before else newline
    if before and not before.endswith(newline):
        gap = newline * 2
    block = f"{'#' * level} {heading.strip()}{newline}{newline}"
    block += _native(text, body.strip()) + newline
    after = text[parent.end :]
    if after:
        block += newline
    return before + gap + block + after


def _headings(body: str, offset: int) -> list[tuple[int, str, int, int]]:
    """(level, cleaned name, line start, body start) of each ATX heading."""
    found = []
    fence = ""
    position = offset
    for line in body.splitlines(keepends=True):
        marker = _FENCE.match(line)
        if marker and (not fence or marker.group(1)[0] == fence[0]):
            fence = "" if fence else marker.group(1)
        elif not fence and _RAW_HEADING.match(line):
            name = _clean_name(line)
            if name is not None:
                found.append((name[0], name[1], position, position + len(line)))
        position += len(line)
    return found


def _clean_name(line: str) -> tuple[int, str] | None:
    cleaned = clean_markdown(line.rstrip("\r\n")).strip()
    heading = _CLEAN_HEADING.match(cleaned)
    if heading is None:
        return None
    return len(heading.group(1)), heading.group(2).strip()


def _root(title: str, offset: int, size: int, headings: list) -> Span:
    first = headings[0][2] if headings else size
    return Span(_path(title, []), 0, offset, offset, first, size)


def _path(title: str, names: list[str]) -> tuple[str, ...]:
    path: list[str] = []
    for name in [title, *names]:
        if name and (not path or path[-1].casefold() != name.casefold()):
            path.append(name)
    return tuple(path)


def _child_level(parent: Span, spans: list[Span]) -> int:
    if parent.level:
        return min(parent.level + 1, 6)
    levels = [s.level for s in spans if s.level]
    return min(levels) if levels else 2


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _native(text: str, block: str) -> str:
    """Inserted text uses the file's own line ending."""
    block = block.replace("\r\n", "\n")
    return block.replace("\n", "\r\n") if _newline(text) == "\r\n" else block
