"""Win/loss notes from files: rows (JSON, JSONL, CSV) and narratives (one per file).

A narrative (Markdown, MDX, reST, plain text) takes each field from the last of these
that gives it:

1. the caller's ``defaults`` (the command line's ``--outcome`` and friends);
2. ``defaults`` in a ``sideline.yaml`` beside the file;
3. the file's own front matter, or a PEP's header block;
4. the file's entry under ``files`` in that ``sideline.yaml``.

Sidecar file entries beat front matter because front matter was written for a
website, while the sidecar is written for Sideline on purpose. Row files carry their
own columns; only the caller's ``defaults`` fill their blank cells.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from core.errors import FileRejected, InvalidInput
from core.records import Note, stable_id
from core.stages import normalize_outcome, normalize_stage
from ingest.files import (
    build,
    convert_fields,
    is_blank,
    located,
    parse_amount,
    parse_date,
    read_rows,
    read_text,
    refuse_repeated_id,
    rename_fields,
    text_value,
)
from retrieval.chunking import parse_front_matter

logger = logging.getLogger(__name__)

SIDECAR = "sideline.yaml"
NARRATIVE_SUFFIXES = (".md", ".mdx", ".markdown", ".rst", ".txt")
ROW_SUFFIXES = (".json", ".jsonl", ".ndjson", ".csv", ".tsv")
# Every field a file may give; the tenant and the source come from the caller.
FIELDS = tuple(
    name for name in Note.model_fields if name not in ("tenant_id", "source")
)
DEFAULT_KEYS = ("outcome", "vendor", "competitor", "segment")
_ALIASES = {"note_id": "id", "notes": "text", "body": "text", "summary": "text"}
_FRONT_KEYS = ("title", "outcome", "competitor", "segment", "vendor", "deal_id", "date")
_SIDECAR_FILE_KEYS = tuple(name for name in FIELDS if name != "text")
_PEP_FIELD = re.compile(r"([A-Z][A-Za-z-]*):[ \t]*(.*)")
_CONVERTERS = {
    "outcome": lambda value: normalize_outcome(text_value(value)),
    "stage_reached": lambda value: normalize_stage(text_value(value)),
    "amount": parse_amount,
    "date": parse_date,
}


@dataclass(frozen=True)
class _Sidecar:
    defaults: dict[str, Any] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)


def load_notes(
    path: Path,
    *,
    tenant_id: str,
    defaults: dict[str, Any] | None = None,
    max_bytes: int = 5_000_000,
    source: str | None = None,
    sidecar: Path | None = None,
) -> list[Note]:
    """The notes in a file, or in every note file under a folder.

    Ids are stable: a row's own id, else one derived from the tenant, the source
    name and the row's position; a narrative's from the tenant and its source name.
    The source name is ``source`` when given (a file's name as the caller wants it
    shown, independent of where it lies), else the path as given. ``sidecar`` names
    a sidecar file to use instead of the ``sideline.yaml`` beside each narrative,
    for folders that cannot be written to.
    """
    fallback = _checked(defaults or {}, DEFAULT_KEYS, "defaults")
    files = _note_files(path) if path.is_dir() else [path]

    notes: list[Note] = []
    for file in files:
        name = source if source and not path.is_dir() else None
        notes.extend(_load_file(file, tenant_id, fallback, max_bytes, name, sidecar))
    return notes


def _note_files(folder: Path) -> list[Path]:
    suffixes = (*NARRATIVE_SUFFIXES, *ROW_SUFFIXES)
    found = [
        file
        for file in sorted(folder.rglob("*"))
        if file.is_file()
        and not any(part.startswith(".") for part in file.relative_to(folder).parts)
    ]
    chosen = [file for file in found if file.suffix.lower() in suffixes]
    if not chosen:
        message = f"holds no note files; supported: {', '.join(suffixes)}"
        raise FileRejected(str(folder), message)
    skipped = len(found) - len(chosen) - sum(file.name == SIDECAR for file in found)
    if skipped:
        logger.info("skipped %d files of other types under %s", skipped, folder)
    return chosen


def _load_file(
    path: Path,
    tenant_id: str,
    fallback: dict[str, Any],
    max_bytes: int,
    source: str | None = None,
    sidecar_path: Path | None = None,
) -> list[Note]:
    suffix = path.suffix.lower()
    if suffix not in (*NARRATIVE_SUFFIXES, *ROW_SUFFIXES):
        supported = ", ".join((*NARRATIVE_SUFFIXES, *ROW_SUFFIXES))
        raise FileRejected(str(path), f"is not a note file; use one of {supported}")

    text = read_text(path, max_bytes=max_bytes)
    name = source or path.as_posix()
    if suffix in ROW_SUFFIXES:
        return _row_notes(path, text, tenant_id, fallback, name)
    sidecar = _read_sidecar(path.parent, max_bytes, sidecar_path)
    return [_narrative_note(path, text, tenant_id, fallback, sidecar, name)]


def _row_notes(
    path: Path, text: str, tenant_id: str, fallback: dict[str, Any], source: str
) -> list[Note]:
    header, rows = read_rows(path, text, list_key="notes")
    if header is not None:
        with located(path, line=1):
            _check_columns(
                rename_fields(dict.fromkeys(header), FIELDS, _ALIASES), fallback
            )

    notes: list[Note] = []
    first_use: dict[str, str] = {}
    for ordinal, (line, item, raw) in enumerate(rows, start=1):
        with located(path, line=line, item=item):
            fields = convert_fields(rename_fields(raw, FIELDS, _ALIASES), _CONVERTERS)
            note = _note({**fallback, **fields}, tenant_id, source, f"row {ordinal}")
            refuse_repeated_id(first_use, note.id, line, item)
        notes.append(note)
    return notes


def _check_columns(columns: dict[str, Any], fallback: dict[str, Any]) -> None:
    if "outcome" not in columns and "outcome" not in fallback:
        raise InvalidInput(
            "has no outcome column; add one (won, lost, no decision or churned) "
            "or pass a default outcome"
        )
    if "text" not in columns and "reason" not in columns:
        raise InvalidInput(
            "has neither a text column (text, notes, body or summary) nor a reason "
            "column; a note needs one of them"
        )


def _note(values: dict[str, Any], tenant_id: str, source: str, *id_parts: str) -> Note:
    if "outcome" not in values:
        raise InvalidInput("has no outcome; fill the outcome column or pass a default")
    if not values.get("text") and not values.get("reason"):
        raise InvalidInput("has neither text nor reason; a note needs one of them")

    note_id = values.pop("id", None) or stable_id(tenant_id, source, *id_parts)
    record = {**values, "id": note_id, "tenant_id": tenant_id, "source": source}
    return build(Note, record)


def _narrative_note(
    path: Path,
    text: str,
    tenant_id: str,
    fallback: dict[str, Any],
    sidecar: _Sidecar,
    source: str,
) -> Note:
    if path.suffix.lower() == ".rst":
        meta, body = _pep_header(text)
    else:
        meta, body = parse_front_matter(text, str(path))
    own = _front_fields(path, text, meta)
    values = {**fallback, **sidecar.defaults, **own, **sidecar.files.get(path.name, {})}

    if "outcome" not in values:
        raise FileRejected(
            str(path),
            f"has no outcome; give it with --outcome on the command line, or in "
            f"{SIDECAR} beside it (files: {{{path.name}: {{outcome: lost}}}})",
        )
    if not body.strip():
        raise FileRejected(str(path), "has no text after its front matter")
    with located(path):
        return _note({**values, "text": body}, tenant_id, source)


def _front_fields(path: Path, text: str, meta: dict[str, Any]) -> dict[str, Any]:
    """The note fields a file's front matter gives, with web-site names mapped."""
    picked = {key: meta[key] for key in _FRONT_KEYS if not is_blank(meta.get(key))}
    title = meta.get("customer") or meta.get("name")
    if "title" not in picked and not is_blank(title):
        picked["title"] = title
    industries = meta.get("industries")
    if "segment" not in picked and isinstance(industries, list) and industries:
        # Some stories list "SaaS, Data" as one item; the first named industry wins.
        picked["segment"] = str(industries[0]).split(",")[0]

    values: dict[str, Any] = {}
    for key, value in picked.items():
        try:
            values.update(convert_fields({key: value}, _CONVERTERS))
        except InvalidInput as exc:
            if key != "date":
                raise FileRejected(
                    str(path), exc.message, _key_line(text, key)
                ) from exc
            # A site's publishing date is context, not substance: drop a bad one.
            logger.warning("%s: ignoring front-matter %s", path, exc.message)
    return values


def _key_line(text: str, key: str) -> int | None:
    pattern = re.compile(rf"\s*{re.escape(key)}\s*[:=]")
    lines = text.split("\n")
    return next((n for n, line in enumerate(lines, 1) if pattern.match(line)), None)


def _yaml(path: Path, text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, ValueError) as exc:
        # PyYAML raises ValueError for an impossible date such as 2024-27-06.
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise FileRejected(str(path), f"is not valid YAML: {problem}", line) from exc


def _pep_header(text: str) -> tuple[dict[str, Any], str]:
    """A PEP's RFC 822 header (``Title:``, ``Created:``) and the text after it."""
    lines = text.split("\n")
    header: dict[str, str] = {}
    key = ""
    for number, line in enumerate(lines):
        match = _PEP_FIELD.fullmatch(line)
        if not line.strip():
            break
        if match:
            key = match.group(1).lower()
            header[key] = match.group(2).strip()
        elif line[:1].isspace() and key:
            header[key] += " " + line.strip()
        else:
            return {}, text
    else:
        number = len(lines)
    if len(header) < 2:  # a lone "Note: ..." opening line is text, not a header
        return {}, text
    meta = {"title": header.get("title"), "date": header.get("created")}
    return meta, "\n".join(lines[number + 1 :])


def _read_sidecar(folder: Path, max_bytes: int, path: Path | None = None) -> _Sidecar:
    """The sidecar of a narrative, checked in full on every read.

    ``sideline.yaml`` beside it, unless a sidecar file is named explicitly.
    """
    path = path or folder / SIDECAR
    if not path.is_file():
        return _Sidecar()
    data = _yaml(path, read_text(path, max_bytes=max_bytes)) or {}
    if not isinstance(data, dict) or set(data) - {"defaults", "files"}:
        raise FileRejected(str(path), "must be a mapping with only defaults and files")
    files = data.get("files") or {}
    if not isinstance(files, dict):
        raise FileRejected(str(path), "files: must map file names to fields")

    with located(path):
        entries = {
            str(name): _checked(entry, _SIDECAR_FILE_KEYS, f"files: {name}")
            for name, entry in files.items()
        }
        defaults = _checked(data.get("defaults") or {}, DEFAULT_KEYS, "defaults")
    for name in entries:
        if not (folder / name).is_file():
            raise FileRejected(str(path), f"files: {name!r} is not in {folder}")
    return _Sidecar(defaults, entries)


def _checked(entry: Any, allowed: tuple[str, ...], where: str) -> dict[str, Any]:
    """Fields given by hand (defaults, sidecar entries), converted and checked."""
    if not isinstance(entry, dict):
        raise InvalidInput(f"{where}: must map field names to values")
    unknown = [str(key) for key in entry if key not in allowed]
    if unknown:
        accepted = ", ".join(allowed)
        raise InvalidInput(
            f"{where}: unknown field {unknown[0]!r}; accepted: {accepted}"
        )
    try:
        return convert_fields(entry, _CONVERTERS)
    except InvalidInput as exc:
        raise InvalidInput(f"{where}: {exc.message}") from exc
