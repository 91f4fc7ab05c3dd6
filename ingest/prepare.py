"""Work done ahead of a batch of playbook writes, so that the writes are cheap.

Before a folder's files are written one by one (each source all or nothing, as
before), its playbooks are looked at together: a file whose fingerprint says its
chunks are current is skipped without being split; the others are split once, and
all their new chunks are embedded in one call. One large call lets the encoder sort
every chunk of the batch by length, where one call per file padded each short
chunk up to the longest of its file.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from core.errors import SidelineError
from core.records import Chunk
from ingest.sync import diff_chunks
from store import records

# The code that decides what chunks a file gives: a change to it must re-split
# every file, so its source is part of every fingerprint.
CHUNKING_CODE = (
    "retrieval.chunking",
    "retrieval.markup",
    "ingest.tagging",
    "ingest.pipeline",
    "core.records",
)


@cache
def code_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in CHUNKING_CODE:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise RuntimeError(f"cannot find the source of {name}")
        digest.update(Path(spec.origin).read_bytes())
    return digest.hexdigest()


def fingerprint(text: str, settings: str) -> str:
    """What a playbook's chunks depend on: its text, the chunking settings (size,
    tokenizer) and the chunking code."""
    parts = (code_fingerprint(), settings, text)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass
class Prepared:
    """Playbooks of one batch, keyed by (source, fingerprint): the ones found
    unchanged with their chunk counts, the others split, and embeddings of their
    new chunks by chunk id."""

    unchanged: dict[tuple[str, str], int] = field(default_factory=dict)
    plans: dict[tuple[str, str], tuple[str, list[Chunk]]] = field(default_factory=dict)
    vectors: dict[str, list[float]] = field(default_factory=dict)


def prepare_playbooks(ingestor, tenant_id: str, items: list[tuple[str, str]]):
    """Skip, split and embed ``(source, text)`` playbooks ahead of their writes.

    A file that cannot be split is left alone here: its own write raises the
    error, in its turn, after the files before it were written.
    """
    prepared = Prepared()
    fresh: list[Chunk] = []
    for source, text in items:
        key = (source, ingestor.fingerprint(text))
        kept = ingestor.unchanged(tenant_id, source, key[1])
        if kept is not None:
            prepared.unchanged[key] = kept
            continue
        try:
            prepared.plans[key] = ingestor.plan_playbook(tenant_id, source, text)
        except (SidelineError, ValueError):
            continue
        with ingestor.db.read() as conn:
            old = records.source_chunks(conn, tenant_id, "play", source)
        changes = diff_chunks(old, prepared.plans[key][1])
        fresh += changes.added + changes.updated
    if fresh:
        vectors = ingestor.index.embedder.embed_documents([c.text for c in fresh])
        prepared.vectors = {c.id: v for c, v in zip(fresh, vectors)}
    return prepared
