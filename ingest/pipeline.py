"""Ingestion: playbooks, notes and deals into the relational store and the index."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from sqlalchemy import Connection

from core.records import Chunk, Deal, Note, stable_id
from ingest.people import People
from ingest.prepare import Prepared, fingerprint
from ingest.sync import Vectors, Within, sync_chunks
from ingest.tagging import stages_for
from retrieval.chunking import Section, parse_front_matter, split_markdown, split_rst
from retrieval.index import VectorIndex
from store import playbooks, records
from store.db import Database
from store.fingerprints import forget_fingerprint, put_fingerprint, unchanged_ids
from store.playbooks import VersionNote

TokenCounter = Callable[[str], int]


class Ingestor:
    """Writes records of one tenant; re-ingesting unchanged input changes nothing."""

    def __init__(
        self,
        db: Database,
        index: VectorIndex,
        count_tokens: TokenCounter,
        max_tokens: int = 240,
        chunking: str = "",
    ) -> None:
        self.db = db
        self.index = index
        self.count_tokens = count_tokens
        self.max_tokens = max_tokens
        # What else decides a file's chunks (the tokenizer): part of fingerprints.
        self.chunking = f"{chunking}|{max_tokens}"

    def playbook(
        self,
        tenant_id: str,
        source: str,
        text: str,
        note: VersionNote | None = None,
        within: Within | None = None,
        prepared: Prepared | None = None,
    ) -> Counter:
        """Split one playbook file into plays and replace its changed plays.

        New content is kept as the playbook's next version in the same transaction
        (``versions_added`` counts it); ``within`` adds writes of the caller's to
        that transaction, run before anything else is written. A plain re-ingest
        of a file whose plays are current (by fingerprint) is not split again;
        ``prepared`` carries work done for a whole batch of files ahead.
        """
        prepared = prepared or Prepared()
        key = (source, self.fingerprint(text))
        if note is None and within is None:
            kept = prepared.unchanged.get(key)
            kept = self.unchanged(tenant_id, source, key[1]) if kept is None else kept
            if kept is not None:
                return Counter(added=0, updated=0, removed=0, unchanged=kept)
        planned = prepared.plans.get(key)
        title, new = planned or self.plan_playbook(tenant_id, source, text)
        added: list[int] = []

        def history(conn: Connection) -> None:
            if within is not None:
                within(conn)
            version = playbooks.record_version(
                conn, tenant_id, source, text, title, new, note or VersionNote()
            )
            added.extend([version] if version else [])
            ids = [c.id for c in new]
            put_fingerprint(conn, tenant_id, "play", source, key[1], ids)

        counts = self._replace(
            tenant_id, "play", source, new, history, prepared.vectors
        )
        if added:
            counts["versions_added"] += 1
        return counts

    def plan_playbook(
        self, tenant_id: str, source: str, text: str
    ) -> tuple[str, list[Chunk]]:
        """The title and plays a playbook file gives, without writing anything."""
        front, body = parse_front_matter(text, source)
        title = str(front.get("title") or "").strip()
        sections = self._split(source, body, title)
        return title, [self._play(tenant_id, source, s) for s in sections]

    def fingerprint(self, text: str) -> str:
        return fingerprint(text, self.chunking)

    def unchanged(self, tenant_id: str, source: str, mark: str) -> int | None:
        """How many plays a source has if they were made from ``mark`` and the
        index holds them all; None when it must be processed again."""
        with self.db.read() as conn:
            ids = unchanged_ids(conn, tenant_id, "play", source, mark)
        if ids is None or self.index.missing(tenant_id, ids):
            return None
        return len(ids)

    def remove_playbook(self, tenant_id: str, source: str) -> Counter:
        """Remove a playbook's plays; its version history stays."""

        def removed(conn: Connection) -> None:
            playbooks.mark_removed(conn, tenant_id, source)
            forget_fingerprint(conn, tenant_id, "play", source)

        return self._replace(tenant_id, "play", source, [], removed)

    def playbook_sources(self, tenant_id: str) -> set[str]:
        with self.db.read() as conn:
            return records.sources(conn, tenant_id, "play")

    def notes(self, tenant_id: str, notes: Iterable[Note]) -> Counter:
        """Store notes and index their passages; returns note and passage counts."""
        counts: Counter = Counter()
        for note in notes:
            note = note.model_copy(update={"tenant_id": tenant_id})
            with self.db.begin() as conn:
                counts[f"notes_{records.upsert_note(conn, note)}"] += 1
            counts.update(
                self._replace(
                    tenant_id, "note", _note_source(note), self._passages(note)
                )
            )
        return counts

    def deals(
        self, tenant_id: str, deals: Iterable[Deal], people: People | None = None
    ) -> Counter:
        """Upsert deals, with a CRM export's reps and managers, in one transaction.

        All of them are stored, or none on any error.
        """
        counts: Counter = Counter()
        with self.db.begin() as conn:
            if people is not None:
                counts.update(people.upsert(conn, tenant_id))
            for deal in deals:
                deal = deal.model_copy(update={"tenant_id": tenant_id})
                counts[f"deals_{records.upsert_deal(conn, deal)}"] += 1
        return counts

    def _split(self, source: str, body: str, title: str) -> list[Section]:
        splitter = split_rst if source.endswith(".rst") else split_markdown
        sections = splitter(
            body,
            max_tokens=self.max_tokens,
            count_tokens=self.count_tokens,
            title=title,
        )
        return _renumber(sections)

    def _play(self, tenant_id: str, source: str, section: Section) -> Chunk:
        heading = " > ".join(section.heading_path)
        return Chunk(
            id=stable_id(
                tenant_id, source, heading, str(section.ordinal), section.text
            ),
            tenant_id=tenant_id,
            kind="play",
            source=source,
            heading_path=list(section.heading_path),
            ordinal=section.ordinal,
            text=section.text,
            parent_id=source,
            stages=stages_for(section.heading_path, section.text),
        )

    def _passages(self, note: Note) -> list[Chunk]:
        source = _note_source(note)
        text = "\n\n".join(part for part in (note.reason, note.text) if part)
        sections = self._split(source, text, note.title or note.id)
        return [
            Chunk(
                id=stable_id(
                    note.tenant_id,
                    "note",
                    note.id,
                    " > ".join(s.heading_path),
                    str(s.ordinal),
                    s.text,
                ),
                tenant_id=note.tenant_id,
                kind="note",
                source=source,
                heading_path=list(s.heading_path),
                ordinal=s.ordinal,
                text=s.text,
                parent_id=note.id,
                outcome=note.outcome,
                competitor=note.competitor,
                segment=note.segment,
                stages=[note.stage_reached] if note.stage_reached else [],
            )
            for s in sections
        ]

    def _replace(
        self,
        tenant_id: str,
        kind: str,
        source: str,
        new: list[Chunk],
        within: Within | None = None,
        vectors: Vectors | None = None,
    ) -> Counter:
        with self.db.read() as conn:
            old = records.source_chunks(conn, tenant_id, kind, source)
        return sync_chunks(self.db, self.index, tenant_id, old, new, within, vectors)


def _note_source(note: Note) -> str:
    # A file holding many notes (CSV, JSON) gives each note a source of its own.
    base = note.source or "api"
    return (
        base
        if base.endswith((".md", ".mdx", ".rst", ".txt", ".markdown"))
        else (f"{base}#{note.id}")
    )


def _renumber(sections: list[Section]) -> list[Section]:
    """Number pieces per heading path across the file; repeated headings stay apart."""
    seen: Counter = Counter()
    out = []
    for section in sections:
        out.append(
            Section(section.heading_path, section.text, seen[section.heading_path])
        )
        seen[section.heading_path] += 1
    return out
