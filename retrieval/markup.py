"""Markup cleaning: handbook Markdown and decision-record reStructuredText down to the
text a reader of the rendered page would see.

Both cleaners give the same shape, so one splitter serves both: ATX headings (``#`` to
``######``) mark sections, ``- `` lines keep list structure, a table row is one line,
short code is kept indented four spaces, and the rest is prose. Shortcodes, comments,
components, directives, link targets and images are gone. Every line left holds a
letter or digit, so no section can be punctuation alone.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterable

__all__ = ["clean_markdown", "clean_rst", "has_words", "split_rst_fields"]

_CODE_LINES = 6  # longer code is a listing, not an example a seller would quote

_ALNUM = re.compile(r"[^\W_]")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\ue000-\uf8ff]")
_PRIVATE_BASE = 0xE000
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_ESCAPED = re.compile("[\ue000-\ue07f]")
_SHELVED = re.compile("\ue100(\\d+)\ue100")
_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])\s+(.*)$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}", re.DOTALL)
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_MDX_STATEMENT = re.compile(
    r"^(?:import\s+(?:[\w${},*\s]+\s+from\s+)?['\"{]|import\s+\{"
    r"|export\s+(?:default|const|let|var|function|class|\{|\*))"
)
_ATTRIBUTE = (
    r"""(?:\s+[\w:.-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|\{`[^`]*`\}"""
    r"""|\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}))?)"""
)
_PAIRED_COMPONENT = re.compile(
    rf"<([A-Z][\w.]*)((?:{_ATTRIBUTE})*)\s*>(.*?)</\1\s*>", re.DOTALL
)
_COMPONENT = re.compile(rf"<(/?)[A-Z][\w.]*((?:{_ATTRIBUTE})*)\s*(/?)>", re.DOTALL)
_TRAILING_TAGS = re.compile(r"(?:\s*</?[a-zA-Z][^<>]*>)*\s*$")
_ATTRIBUTE_VALUE = re.compile(
    r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|\{`([^`]*)`\}|\{"([^"]*)"\})"""
)
_INVISIBLE_ELEMENT = re.compile(
    r"<(iframe|script|style|svg|video|audio)\b.*?(?:</\1\s*>|/>)",
    re.DOTALL | re.IGNORECASE,
)
_HTML_TABLE = re.compile(r"<table\b.*?</table\s*>", re.DOTALL | re.IGNORECASE)
_HTML_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr\s*>", re.DOTALL | re.IGNORECASE)
_HTML_CELL = re.compile(r"<t[dh]\b[^>]*>(.*?)</t[dh]\s*>", re.DOTALL | re.IGNORECASE)
_HTML_HEADING = re.compile(
    r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.DOTALL | re.IGNORECASE
)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|figure|figcaption|ul|ol|section|details)\b[^>]*>", re.IGNORECASE
)
_LINE_TAG = re.compile(r"<(?:br|hr|summary)\b[^>]*>|</summary\s*>", re.IGNORECASE)
_ITEM_TAG = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_HTML_NAMES = (
    "a|abbr|b|big|blockquote|br|button|center|cite|code|dd|del|details|div|dl|dt|em"
    "|figcaption|figure|font|h[1-6]|hr|i|img|input|ins|kbd|label|li|mark|nobr|ol|p"
    "|picture|pre|q|s|section|small|source|span|strike|strong|sub|summary|sup|table"
    "|tbody|td|tfoot|th|thead|tr|tt|u|ul|wbr"
)
# Only real HTML elements: "the move to <x> so far" is a seller's template, not a tag.
_ANY_TAG = re.compile(rf"</?(?:{_HTML_NAMES})\b(?:\s[^<>]*)?/?>", re.IGNORECASE)
_QUOTE_MARK = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")

_RST_FIELD = re.compile(r"^:?([A-Za-z][\w-]*):(?:[ \t]+(.*))?$")
_ADORNMENT = re.compile(r"^([!-/:-@\[-`{-~])\1{2,}\s*$")
_EXPLICIT_MARKUP = re.compile(r"^\s*\.\.(?:\s|$)")
_RST_OPTION = re.compile(r"^:[\w -]+:(?:\s|$)")
_RST_BULLET = re.compile(r"^(\s*)[*+\u2022]\s+")
_ROLE = re.compile(r":([\w.+-]+):`([^`]+)`")
_RST_LITERAL = re.compile(r"``(.+?)``", re.DOTALL)
_RST_LINK = re.compile(r"`([^`<]*?)\s*<([^<>`]+)>`__?")
_RST_REFERENCE = re.compile(r"`([^`]+)`__?")
_RST_INTERPRETED = re.compile(r"`([^`]+)`")
_RST_FOOTNOTE_REF = re.compile(r"\s?\[(#?[^\]\s]*)\]_")
_CODE_DIRECTIVES = frozenset(("code", "code-block", "sourcecode"))
_HIDDEN_DIRECTIVES = frozenset(
    [
        "contents",
        "default-role",
        "figure",
        "highlight",
        "image",
        "include",
        "index",
        "literalinclude",
        "meta",
        "raw",
        "role",
        "sectnum",
        "target-notes",
        "toctree",
    ]
)

_IMAGE = re.compile(r"!\[[^\]]*\](?:\((?:[^()]|\([^()]*\))*\)|\[[^\]]*\])")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)")
_REFERENCE_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]^]+\]:\s*\S+.*$")
_REFERENCE_LABEL = re.compile(r"^\s{0,3}\[([^\]^]+)\]:\s*\S", re.MULTILINE)
_SHORTCUT_REFERENCE = re.compile(r"(?<![\]!])\[([^\]]+)\](?![(\[:])")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\](?!:)")
_FOOTNOTE_DEFINITION = re.compile(r"^\s{0,3}\[\^[^\]]+\]:\s*")
_URL = re.compile(r"<?(?:https?://|www\.)[^\s<>]+>?")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]*)>")
_EMAIL = re.compile(r"<([^@<>\s]+@[^@<>\s]+)>")
_ATTRIBUTE_LIST = re.compile(r"\{:[^}]*\}|\{#[\w-]+\}")
_CODE_SPAN = re.compile(r"(`+)\s?(.+?)\s?\1")
# Emphasis marks the source left unbalanced; escaped marks are protected and survive.
_STRAY_MARK = re.compile(r"`+|\*{2,}|(?<=\S)[*_](?=\s|$)|(?:^|(?<=\s))[*_](?=\S)")
_EMPHASIS = (
    re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"),
    re.compile(r"(?<![\w\\])__(?=\S)(.+?)(?<=\S)__(?!\w)"),
    re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"),
    re.compile(r"(?<![\w\\])_(?=\S)(.+?)(?<=\S)_(?!\w)"),
    re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"),
)


def clean_markdown(body: str) -> str:
    """Turn a handbook page body into plain text that keeps headings, lists and rows.

    Front matter must already be split off (see ``parse_front_matter``). The result
    keeps ``#`` headings intact for splitting, writes table rows as
    ``Header: cell; Header: cell`` and keeps fenced code only when it is short enough
    to be an example rather than a listing.
    """
    shelf = _CodeShelf()
    text = _protect_escapes(_set_aside_fences(_normalize(body), shelf))
    text = _drop_page_machinery(text)
    text = _PAIRED_COMPONENT.sub(_credited_component, text)
    text = _COMPONENT.sub(_spoken_component, text)
    text = _flatten_html_blocks(text)
    text = _QUOTE_MARK.sub("", text)
    text = _resolve_shortcut_references(text)
    text = "\n".join(_flatten_pipe_tables(text.split("\n")))
    cleaned = (_clean_line(line) for line in text.split("\n"))
    text = "\n".join(line for line in cleaned if line is not None)
    text = _strip_tags(text)
    text = _restore_escapes(html.unescape(text))
    return shelf.restore(_tidy(text))


def _set_aside_fences(text: str, shelf: _CodeShelf) -> str:
    lines, kept = text.split("\n"), []
    start = 0
    while start < len(lines):
        opening = _FENCE.match(lines[start])
        if not opening:
            kept.append(lines[start])
            start += 1
            continue
        end = _fence_end(lines, start + 1, opening.group(1))
        kept.append(shelf.put(lines[start + 1 : end]))
        start = end + 1
    return "\n".join(kept)


def _fence_end(lines: list[str], start: int, fence: str) -> int:
    """The closing fence's index; unclosed, a fence runs to the end (CommonMark)."""
    for index in range(start, len(lines)):
        stripped = lines[index].strip()
        if stripped.startswith(fence) and set(stripped) == {fence[0]}:
            return index
    return len(lines)


def _drop_page_machinery(text: str) -> str:
    """Remove what only the site generator reads: comments, shortcodes, MDX code."""
    text = _COMMENT.sub("", text)
    text = _SHORTCODE.sub("", text)
    text = _PLACEHOLDER.sub(_placeholder, text)
    kept, depth = [], 0
    for line in text.split("\n"):
        if depth > 0 or _MDX_STATEMENT.match(line):
            depth = max(depth + _bracket_balance(line), 0)
            continue
        kept.append(line)
    return "\n".join(kept)


def _placeholder(match: re.Match[str]) -> str:
    """Generated blocks ({{generator:x.y}}) vanish; a slot ({{Account Name}}) stays."""
    inner = match.group(1)
    if re.fullmatch(r"[\w.:-]+", inner) and re.search(r"[.:]", inner):
        return ""
    return "{" + inner + "}" if inner else ""


def _bracket_balance(line: str) -> int:
    return sum(line.count(c) for c in "{([") - sum(line.count(c) for c in "})]")


def _credited_component(match: re.Match[str]) -> str:
    """``<Quote caption="Jian, CTO">...</Quote>``: the words, then the credit."""
    _, attributes, content = match.groups()
    credit = _credit(_attribute_values(attributes))
    if not credit:
        return f"\n{content}\n"
    words_end = _TRAILING_TAGS.search(content).start()
    return f"\n{content[:words_end]} ({credit}){content[words_end:]}\n"


def _spoken_component(match: re.Match[str]) -> str:
    """A JSX tag becomes the words it shows: a quote with who said it, or a caption.

    Customer stories put their best evidence in ``<Quote quote=... name=... />``;
    dropping the component whole would drop the customer's own words.
    """
    closing, attributes, self_closing = match.groups()
    if closing or not self_closing:
        return "\n"
    values = _attribute_values(attributes)
    quote, credit = values.get("quote", ""), _credit(values)
    spoken = (
        f"{quote} ({credit})" if quote and credit else quote or values.get("caption")
    )
    # A silent component may sit inside a sentence; it must not break the line.
    return f"\n{spoken}\n" if spoken else ""


def _attribute_values(attributes: str) -> dict[str, str]:
    return {
        found.group(1): next(v for v in found.groups()[1:] if v is not None)
        for found in _ATTRIBUTE_VALUE.finditer(attributes)
    }


def _credit(values: dict[str, str]) -> str:
    named = ", ".join(v for v in (values.get("name"), values.get("title")) if v)
    return values.get("caption") or named


def _flatten_html_blocks(text: str) -> str:
    text = _INVISIBLE_ELEMENT.sub("", text)
    text = _HTML_HEADING.sub(
        lambda m: f"\n{'#' * int(m.group(1))} {_cell_text(m.group(2))}\n", text
    )
    return _HTML_TABLE.sub(
        lambda m: "\n" + "\n".join(_html_table_rows(m.group())), text
    )


def _html_table_rows(table: str) -> list[str]:
    rows = [
        [_cell_text(cell) for cell in _HTML_CELL.findall(row)]
        for row in _HTML_ROW.findall(table)
    ]
    return list(_row_lines(rows, first_row_is_header=False))


def _cell_text(cell: str) -> str:
    return " ".join(_ANY_TAG.sub(" ", cell).split())


def _flatten_pipe_tables(lines: list[str]) -> Iterable[str]:
    index = 0
    while index < len(lines):
        line = lines[index]
        ruled = index + 1 < len(lines) and "|" in lines[index + 1]
        if "|" not in line or not ruled or not _TABLE_RULE.match(lines[index + 1]):
            yield _stray_row(line)
            index += 1
            continue
        rows, index = [_pipe_cells(line)], index + 2
        while index < len(lines) and "|" in lines[index] and lines[index].strip():
            rows.append(_pipe_cells(lines[index]))
            index += 1
        yield from _row_lines(rows, first_row_is_header=True)


def _resolve_shortcut_references(text: str) -> str:
    """``[rust-lang/rust]`` is a link when a ``[rust-lang/rust]: url`` line exists."""
    labels = {label.casefold() for label in _REFERENCE_LABEL.findall(text)}
    return _SHORTCUT_REFERENCE.sub(
        lambda m: m.group(1) if m.group(1).casefold() in labels else m.group(), text
    )


def _stray_row(line: str) -> str:
    """A row cut off from its table by a blank line still reads as a row."""
    stripped = line.strip()
    if len(stripped) > 1 and stripped[0] == stripped[-1] == "|":
        return "; ".join(cell for cell in _pipe_cells(stripped) if cell)
    return line


def _pipe_cells(line: str) -> list[str]:
    cells = line.strip().removeprefix("|").removesuffix("|").split("|")
    return [_cell_text(_LINE_TAG.sub(" ", cell)) for cell in cells]


def _row_lines(rows: list[list[str]], *, first_row_is_header: bool) -> Iterable[str]:
    """One line per row, ``Header: cell; Header: cell``, so each row reads on its own.

    HTML tables often open with a one-cell caption row, so there the header is the
    first row with several cells. A row whose cells do not line up with the header
    (spans) is written as its cells alone rather than under the wrong headers.
    """
    header: list[str] | None = None
    wrote_body = False
    for cells in rows:
        if header is None and (first_row_is_header or len(cells) > 1):
            header = cells
            continue
        wrote_body = True
        if header is not None and len(cells) == len(header):
            yield "; ".join(_labelled(h, c) for h, c in zip(header, cells) if c)
        else:
            yield "; ".join(c for c in cells if c)
    if header is not None and not wrote_body:
        yield "; ".join(h for h in header if h)


def _labelled(header: str, cell: str) -> str:
    return f"{header}: {cell}" if header else cell


def _clean_line(line: str) -> str | None:
    """Clean one line's inline markup; None drops a line that carries no words."""
    if _REFERENCE_DEFINITION.match(line):
        return None
    line = _FOOTNOTE_DEFINITION.sub("", line)
    heading = _HEADING.match(line)
    if heading:
        words = _clean_inline(_ATTRIBUTE_LIST.sub("", heading.group(2)))
        return f"{heading.group(1)} {words}"
    item = _LIST_ITEM.match(line)
    content = item.group(3) if item else line
    only_urls = content.strip() and not _URL.sub("", content).strip()
    if only_urls or (item and _is_link_only(content)):
        return None
    content = _clean_inline(content)
    if not item:
        return content
    marker = "- " if item.group(2) in "-*+" else item.group(2) + " "
    return item.group(1) + marker + content


def _is_link_only(content: str) -> bool:
    """True for navigation items such as ``- [Sales team](sales/index.md)``."""
    stripped = _IMAGE.sub("", content)
    linked = _LINK.subn("", stripped)[1] + _REFERENCE_LINK.subn("", stripped)[1]
    rest = _URL.sub("", _REFERENCE_LINK.sub("", _LINK.sub("", stripped)))
    return linked > 0 and not has_words(_ANY_TAG.sub("", rest))


def _clean_inline(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REFERENCE_LINK.sub(r"\1", text)
    text = _FOOTNOTE_REF.sub("", text)
    text = _AUTOLINK.sub("", text)
    text = _EMAIL.sub(r"\1", text)
    text = _ATTRIBUTE_LIST.sub("", text)
    text = _CODE_SPAN.sub(r"\2", text)
    for emphasis in _EMPHASIS:
        text = emphasis.sub(r"\1", text)
    return _STRAY_MARK.sub("", text)


def _strip_tags(text: str) -> str:
    text = _BLOCK_TAG.sub("\n\n", text)
    text = _LINE_TAG.sub("\n", text)
    text = _ITEM_TAG.sub("\n- ", text)
    return _ANY_TAG.sub("", text)


def split_rst_fields(text: str) -> tuple[dict[str, str], str]:
    """Split a PEP-style header (``Title: ...`` lines up to a blank) from the body.

    Two fields at least, so a document that opens with "Note: ..." keeps its first line.
    """
    lines = _normalize(text).split("\n")
    fields: dict[str, str] = {}
    name, index = "", 0
    while index < len(lines) and lines[index].strip():
        field = _RST_FIELD.match(lines[index])
        if field:
            name = field.group(1)
            fields[name] = (field.group(2) or "").strip()
        elif not name or lines[index][0] not in " \t":
            return {}, text
        else:
            fields[name] = f"{fields[name]} {lines[index].strip()}".strip()
        index += 1
    if len(fields) < 2:
        return {}, text
    return fields, "\n".join(lines[index:])


def clean_rst(body: str) -> str:
    """Turn a reStructuredText body into the same shape ``clean_markdown`` produces.

    Over- and underlined titles become ``#`` headings, ranked by the order in which
    their adornment styles first appear, as docutils ranks them. Directive markers,
    comments and link targets go; role and link markup is reduced to its words.
    """
    shelf = _CodeShelf()
    text = "\n".join(_rst_lines(_normalize(body).split("\n"), shelf, []))
    text = _protect_escapes(text)
    text = _ROLE.sub(_spoken_role, text)
    text = _RST_LITERAL.sub(r"\1", text)
    text = _RST_LINK.sub(lambda m: m.group(1).strip() or m.group(2), text)
    text = _RST_REFERENCE.sub(r"\1", text)
    text = _RST_INTERPRETED.sub(r"\1", text)
    text = _RST_FOOTNOTE_REF.sub(_footnote_label, text)
    for emphasis in (_EMPHASIS[0], _EMPHASIS[2]):  # reST knows only ** and *
        text = emphasis.sub(r"\1", text)
    return shelf.restore(_tidy(_restore_escapes(text)))


def _rst_lines(
    lines: list[str], shelf: _CodeShelf, styles: list[tuple[str, bool]]
) -> Iterable[str]:
    index = 0
    while index < len(lines):
        title, used = _rst_title(lines, index)
        if title:
            if title[1] not in styles:
                styles.append(title[1])
            yield "#" * min(styles.index(title[1]) + 1, 6) + " " + title[0]
            index += used
            continue
        line = lines[index]
        end = _block_end(lines, index)
        if _EXPLICIT_MARKUP.match(line):
            yield from _explicit_block(lines[index:end], shelf, styles)
            yield ""
        elif line.rstrip().endswith("::"):
            yield re.sub(r"(\s::|(?<=:):)$", "", line.rstrip())
            yield shelf.put(lines[index + 1 : end])
            yield ""
        else:
            end = index + 1
            yield _RST_BULLET.sub(r"\1- ", _escape_hashes(line))
        index = end


def _rst_title(
    lines: list[str], index: int
) -> tuple[tuple[str, tuple[str, bool]] | None, int]:
    """A title at ``index`` with its adornment style, and how many lines it spans."""
    line = lines[index]
    over = _ADORNMENT.match(line)
    if over and index + 2 < len(lines) and lines[index + 1].strip():
        under = _ADORNMENT.match(lines[index + 2])
        if under and under.group(1) == over.group(1):
            return (lines[index + 1].strip(), (over.group(1), True)), 3
    under = _ADORNMENT.match(lines[index + 1]) if index + 1 < len(lines) else None
    if under and not over and line.strip() and not line[0].isspace():
        return (line.strip(), (under.group(1), False)), 2
    return None, 0


def _block_end(lines: list[str], index: int) -> int:
    """Where the block opened at ``index`` ends: at the next line indented no deeper."""
    indent = len(lines[index]) - len(lines[index].lstrip())
    end = index + 1
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
    ):
        end += 1
    return end


def _explicit_block(
    block: list[str], shelf: _CodeShelf, styles: list[tuple[str, bool]]
) -> Iterable[str]:
    """A ``..`` block: footnotes keep their words, directives lose their marker and
    options, code keeps only short bodies; comments and link targets vanish."""
    head = block[0].strip()[2:].strip()
    body = textwrap.dedent("\n".join(block[1:])).split("\n")
    footnote = re.match(r"\[[^\]]+\]\s*(.*)", head)
    directive = re.match(r"([\w:.-]+)::\s*(.*)", head)
    if footnote:
        yield from _rst_lines([footnote.group(1), *body], shelf, styles)
        return
    if not directive or directive.group(1).lower() in _HIDDEN_DIRECTIVES:
        return
    while body and _RST_OPTION.match(body[0]):
        body.pop(0)
    if directive.group(1).lower() in _CODE_DIRECTIVES:
        yield shelf.put(body)
    else:
        yield from _rst_lines([directive.group(2), "", *body], shelf, styles)


def _spoken_role(match: re.Match[str]) -> str:
    """``:pep:`481``` reads as "PEP 481"; an explicit title wins over the target."""
    role, content = match.group(1).lower(), match.group(2)
    titled = re.match(r"(.+?)\s*<[^<>]*>$", content, re.DOTALL)
    if titled:
        return titled.group(1)
    return f"{role.upper()} {content}" if role in ("pep", "rfc") else content


def _footnote_label(match: re.Match[str]) -> str:
    """``[#GitLab]_`` often stands for a word in the sentence; ``[1]_`` never does."""
    label = match.group(1).lstrip("#")
    return f" {label}" if label and not label.isdigit() and label != "*" else ""


def _escape_hashes(line: str) -> str:
    """Keep a line that merely starts with ``# `` from reading as a heading."""
    return re.sub(r"^(\s*)(#{1,6}\s)", r"\1\\\2", line)


def has_words(text: str) -> bool:
    """True when text holds a letter or digit: punctuation alone is noise."""
    return _ALNUM.search(text) is not None


def _normalize(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
    return _INVISIBLE.sub("", text)


def _protect_escapes(text: str) -> str:
    """Hide backslash-escaped characters in private-use code points so that no markup
    rule acts on them; ``_restore_escapes`` turns them back into plain characters."""
    return _ESCAPE.sub(lambda m: chr(_PRIVATE_BASE + ord(m.group(1))), text)


def _restore_escapes(text: str) -> str:
    text = re.sub("(?m)^(\\s*)\ue023", lambda m: m.group(1) + "\\#", text)
    return _ESCAPED.sub(lambda m: chr(ord(m.group()) - _PRIVATE_BASE), text)


def _tidy(text: str) -> str:
    """Collapse whitespace, keep list nesting, drop wordless lines and extra blanks."""
    lines: list[str] = []
    for line in text.split("\n"):
        words = " ".join(line.split())
        if not words and lines and lines[-1]:
            lines.append("")
        if not has_words(words):
            continue
        item = _LIST_ITEM.match(line)
        depth = min(len(item.group(1)) // 2, 4) if item else 0
        lines.append("  " * depth + words)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


class _CodeShelf:
    """Short code blocks, set aside so text cleaning cannot mangle them, then put back
    indented four spaces (so a ``# comment`` in them never reads as a heading)."""

    def __init__(self) -> None:
        self._blocks: list[str] = []

    def put(self, lines: list[str]) -> str:
        """A one-line stand-in for the block, or "" when it is too long to keep."""
        if len([line for line in lines if line.strip()]) > _CODE_LINES:
            return ""
        kept = [" ".join(line.split()) for line in lines if has_words(line)]
        if not kept:
            return ""
        self._blocks.append("\n".join("    " + line for line in kept))
        return f"\ue100{len(self._blocks) - 1}\ue100"

    def restore(self, text: str) -> str:
        return _SHELVED.sub(lambda m: self._blocks[int(m.group(1))], text)
