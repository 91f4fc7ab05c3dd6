"""Walking files and folders given on the command line, and routing each to its loader.

A file is a deal export, a notes file or a playbook by its content and place: CSV and
JSON by their columns or keys, Markdown and reStructuredText as notes when asked for,
when under a folder named ``notes`` or beside a ``sideline.yaml`` sidecar.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import FileRejected, SidelineError
from ingest.deals import load_deals
from ingest.files import read_text
from ingest.notes import load_notes
from ingest.people import crm_people, is_crm_export
from ingest.pipeline import Ingestor
from ingest.prepare import Prepared, prepare_playbooks

TEXT_SUFFIXES = {".md", ".mdx", ".markdown", ".rst", ".txt"}
TABLE_SUFFIXES = {".csv", ".json", ".jsonl"}
# Read by the deal loader together with the pipeline export, never on their own.
CRM_SIBLINGS = {
    "accounts.csv",
    "products.csv",
    "sales_teams.csv",
    "data_dictionary.csv",
}
SIDECAR = "sideline.yaml"
# Playbook files prepared together: their new plays are embedded in one call.
PREPARE_WINDOW = 128


@dataclass
class IngestReport:
    counts: Counter = field(default_factory=Counter)
    files: int = 0
    skipped: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "files": self.files,
            "counts": dict(self.counts),
            "skipped": self.skipped,
        }


@dataclass
class PathIngest:
    """Options of one ``sideline ingest`` run."""

    tenant_id: str
    kind: str | None = None  # play, note or deal; None: decide per file
    note_defaults: dict = field(default_factory=dict)
    max_bytes: int = 5_000_000
    sidecar: Path | None = None  # for notes in folders that cannot hold one
    on_file: Callable[[Path], None] = lambda _path: None


def plan(paths: list[Path]) -> list[tuple[Path, Path]]:
    """Every file to read, with the root it was found under; refuses missing paths."""
    found = []
    for root in paths:
        if not root.exists():
            raise FileRejected(str(root), "no such file or folder")
        files = (
            sorted(p for p in root.rglob("*") if p.is_file())
            if root.is_dir()
            else [root]
        )
        found.extend((root, f) for f in files)
    return found


def ingest_paths(
    ingestor: Ingestor, paths: list[Path], options: PathIngest
) -> IngestReport:
    """Ingest files in order; stops at the first rejected file, naming it.

    Playbooks are prepared a window of files at a time (unchanged ones skipped,
    new plays embedded together) and then written one file after another.
    """
    report = IngestReport()
    seen_playbooks: dict[str, set[str]] = {}
    files = plan(paths)
    for start in range(0, len(files), PREPARE_WINDOW):
        window = files[start : start + PREPARE_WINDOW]
        prepared = _prepare(ingestor, window, options)
        for root, path in window:
            options.on_file(path)
            kind = options.kind or classify(path, root)
            if kind is None:
                report.skipped.append(f"{_source(root, path)}: {_skip_reason(path)}")
                continue
            source = _source(root, path)
            counts = _ingest_one(ingestor, kind, path, source, options, prepared)
            report.counts.update(counts)
            report.files += 1
            if kind == "play" and root.is_dir():
                seen_playbooks.setdefault(_source(root, root), set()).add(source)
    for prefix, seen in seen_playbooks.items():
        report.counts.update(_remove_missing(ingestor, options.tenant_id, prefix, seen))
    return report


def _prepare(
    ingestor: Ingestor, window: list[tuple[Path, Path]], options: PathIngest
) -> Prepared:
    """Skip, split and embed the window's playbooks ahead; a file refused here is
    refused again, in its turn, by its own write."""
    items = []
    for root, path in window:
        try:
            if (options.kind or classify(path, root)) == "play":
                text = read_text(path, max_bytes=options.max_bytes)
                items.append((_source(root, path), text))
        except SidelineError:
            continue
    return prepare_playbooks(ingestor, options.tenant_id, items)


def _ingest_one(
    ingestor: Ingestor,
    kind: str,
    path: Path,
    source: str,
    options: PathIngest,
    prepared: Prepared | None = None,
) -> Counter:
    tenant = options.tenant_id
    if kind == "deal":
        deals = load_deals(path, tenant_id=tenant, max_bytes=options.max_bytes)
        people = (
            crm_people(path, source.rsplit("/", 1)[0], max_bytes=options.max_bytes)
            if is_crm_export(path)
            else None
        )
        return ingestor.deals(
            tenant, [d.model_copy(update={"source": source}) for d in deals], people
        )
    if kind == "note":
        notes = load_notes(
            path,
            tenant_id=tenant,
            defaults=options.note_defaults,
            max_bytes=options.max_bytes,
            source=source,
            sidecar=options.sidecar,
        )
        return ingestor.notes(tenant, notes)
    text = read_text(path, max_bytes=options.max_bytes)
    return ingestor.playbook(tenant, source, text, prepared=prepared)


def _remove_missing(
    ingestor: Ingestor, tenant_id: str, prefix: str, seen: set[str]
) -> Counter:
    """Playbook files that were ingested from this folder before and are gone now."""
    counts: Counter = Counter()
    for source in ingestor.playbook_sources(tenant_id):
        if source.startswith(prefix + "/") and source not in seen:
            counts.update(ingestor.remove_playbook(tenant_id, source))
    return counts


def classify(path: Path, root: Path) -> str | None:
    """play, note, deal, or None for a file that is not ingested on its own."""
    suffix = path.suffix.lower()
    if path.name == SIDECAR or path.name in CRM_SIBLINGS:
        return None
    if suffix in TEXT_SUFFIXES:
        in_notes = any(part.lower() == "notes" for part in path.parts)
        return "note" if in_notes or (path.parent / SIDECAR).exists() else "play"
    if suffix in TABLE_SUFFIXES:
        return _table_kind(path)
    return None


def _table_kind(path: Path) -> str:
    fields = _field_names(path)
    if fields & {"opportunity_id", "deal_stage", "stage"}:
        return "deal"
    if "outcome" in fields:
        return "note"
    raise FileRejected(
        str(path),
        "cannot tell whether this holds deals or notes: deals need a stage column, "
        "notes an outcome column (or pass --kind)",
    )


def _field_names(path: Path) -> set[str]:
    """Column names of a CSV header, or keys of the first JSON or JSONL record."""
    head = path.open("rb").read(65536).decode("utf-8", errors="replace")
    head = head.lstrip("\ufeff").strip()
    if path.suffix.lower() == ".csv":
        header = head.splitlines()[0] if head else ""
        return {f.strip().strip('"').lower() for f in re.split(r"[,;\t]", header)}
    item = _first_item(path) if path.suffix.lower() == ".json" else _first_line(head)
    return {str(k).lower() for k in item} if isinstance(item, dict) else set()


def _first_item(path: Path) -> object:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        return {}
    if isinstance(data, dict):
        data = data.get("deals") or data.get("notes") or data
    return data[0] if isinstance(data, list) and data else data


def _first_line(head: str) -> object:
    try:
        return json.loads(head.splitlines()[0]) if head else {}
    except ValueError:
        return {}


def _skip_reason(path: Path) -> str:
    if path.name in CRM_SIBLINGS:
        return "read together with the CRM pipeline export"
    if path.name == SIDECAR:
        return "sidecar settings for the notes beside it"
    return f"not a supported file type ({path.suffix or 'no extension'})"


def _source(root: Path, path: Path) -> str:
    """A machine-independent name: the root folder's name and the path below it."""
    base = root if root.is_dir() else root.parent
    name = base.resolve().name
    rel = path.resolve().relative_to(base.resolve()).as_posix()
    return f"{name}/{rel}" if rel != "." else name
