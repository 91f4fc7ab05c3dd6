"""Rebuilding the vector index from the relational store, the source of truth."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from retrieval.index import VectorIndex
from store import records
from store.db import Database

BATCH = 256


def reindex(
    db: Database,
    index: VectorIndex,
    *,
    full: bool = False,
    on_batch: Callable[[int], None] = lambda _n: None,
) -> Counter:
    """Make the index hold exactly the stored chunks, for every tenant.

    By default only what is missing is embedded and entries the store no longer has
    are dropped; ``full`` re-embeds every chunk (after a model change, say).
    """
    counts: Counter = Counter()
    with db.read() as conn:
        stored = list(records.iter_chunks(conn))
    by_tenant: dict[str, set[str]] = {}
    for chunk in stored:
        by_tenant.setdefault(chunk.tenant_id, set()).add(chunk.id)
    for tenant in index.tenants() | set(by_tenant):
        orphans = index.ids(tenant) - by_tenant.get(tenant, set())
        index.delete(tenant, sorted(orphans))
        counts["dropped"] += len(orphans)
    todo = stored if full else _missing(index, stored)
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        index.upsert(batch)
        counts["indexed"] += len(batch)
        on_batch(len(batch))
    counts["kept"] = len(stored) - len(todo)
    return counts


def _missing(index: VectorIndex, stored: list) -> list:
    present: dict[str, set[str]] = {}
    for chunk in stored:
        if chunk.tenant_id not in present:
            present[chunk.tenant_id] = index.ids(chunk.tenant_id)
    return [c for c in stored if c.id not in present[c.tenant_id]]
