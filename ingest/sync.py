"""Replacing a source's chunks in both stores so that they stay consistent.

The relational write and the index write happen together: the SQL transaction is
committed only after the index accepted the change, and a failed index write is undone
as far as it can be. ``sideline reindex`` rebuilds the index if a crash still
splits them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection

from core.records import Chunk
from retrieval.index import VectorIndex
from store import records
from store.db import Database

# Extra writes that must commit or roll back together with a source's chunks.
Within = Callable[[Connection], None]
# Embeddings computed ahead (for a batch of sources), by chunk id.
Vectors = Mapping[str, Sequence[float]]


@dataclass
class ChunkChanges:
    added: list[Chunk] = field(default_factory=list)
    updated: list[Chunk] = field(default_factory=list)
    removed: list[Chunk] = field(default_factory=list)
    unchanged: int = 0
    replaced_ids: list[str] = field(default_factory=list)
    kept: list[Chunk] = field(default_factory=list)

    def counts(self) -> Counter:
        return Counter(
            added=len(self.added),
            updated=len(self.updated),
            removed=len(self.removed),
            unchanged=self.unchanged,
        )


def diff_chunks(old: Sequence[Chunk], new: Sequence[Chunk]) -> ChunkChanges:
    """Compare by slot: a slot whose content id changed is an update, not add+remove."""
    old_by_slot = {c.slot: c for c in old}
    new_slots = {c.slot for c in new}
    changes = ChunkChanges()
    for chunk in new:
        before = old_by_slot.get(chunk.slot)
        if before is None:
            changes.added.append(chunk)
        elif before.id != chunk.id:
            changes.updated.append(chunk)
            changes.replaced_ids.append(before.id)
        else:
            changes.unchanged += 1
            changes.kept.append(chunk)
    changes.removed = [c for c in old if c.slot not in new_slots]
    return changes


def apply_changes(
    db: Database,
    index: VectorIndex,
    tenant_id: str,
    changes: ChunkChanges,
    within: Within | None = None,
    vectors: Vectors | None = None,
) -> None:
    """Write one source's changes to SQL and the index, all or nothing.

    Unchanged chunks that the index lacks (a crash between the two writes) are
    indexed again, so re-running an interrupted ingest heals it. ``within`` runs
    first in the same transaction (playbook history and its guards), so a change
    it refuses is written nowhere. ``vectors`` holds embeddings computed ahead;
    only the chunks it lacks are embedded here.
    """
    fresh = changes.added + changes.updated
    stale = changes.replaced_ids + [c.id for c in changes.removed]
    lost = [
        c for c in changes.kept if c.id in index.missing(tenant_id, _ids(changes.kept))
    ]
    if not fresh and not stale and not lost and within is None:
        return
    to_index = fresh + lost
    embedded = _embed(index, to_index, vectors or {})
    with db.begin() as conn:
        if within is not None:
            within(conn)
        records.delete_chunks(conn, tenant_id, stale)
        records.insert_chunks(conn, fresh)
        try:
            index.upsert(to_index, embedded)
            index.delete(tenant_id, stale)
        except Exception:
            _undo_index(index, tenant_id, fresh)
            raise


def _embed(index: VectorIndex, chunks: list[Chunk], known: Vectors) -> list:
    missing = [c for c in chunks if c.id not in known]
    computed = index.embedder.embed_documents([c.text for c in missing])
    found = {**known, **{c.id: v for c, v in zip(missing, computed)}}
    return [found[c.id] for c in chunks]


def _ids(chunks: Sequence[Chunk]) -> list[str]:
    return [c.id for c in chunks]


def _undo_index(index: VectorIndex, tenant_id: str, fresh: list[Chunk]) -> None:
    try:
        index.delete(tenant_id, [c.id for c in fresh])
    except Exception:  # the original error matters more; reindex heals the rest
        pass


def sync_chunks(
    db: Database,
    index: VectorIndex,
    tenant_id: str,
    old: Sequence[Chunk],
    new: Sequence[Chunk],
    within: Within | None = None,
    vectors: Vectors | None = None,
) -> Counter:
    changes = diff_chunks(old, new)
    apply_changes(db, index, tenant_id, changes, within, vectors)
    return changes.counts()
