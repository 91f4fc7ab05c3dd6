"""The store as a source of chunks for in-memory search indexes (keyword search)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from core.records import Chunk
from store import records
from store.db import Database
from store.versions import current_version


class StoredCorpus:
    """Reads one tenant's chunks and data version; an index rebuilds when it moves."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def version(self, tenant_id: str) -> int:
        with self.db.read() as conn:
            return current_version(conn, tenant_id)

    def chunks(self, tenant_id: str) -> Iterator[Chunk]:
        with self.db.read() as conn:
            yield from records.iter_chunks(conn, tenant_id)

    def get(self, tenant_id: str, ids: Sequence[str]) -> dict[str, Chunk]:
        if not ids:
            return {}
        with self.db.read() as conn:
            return records.get_chunks(conn, tenant_id, ids)
