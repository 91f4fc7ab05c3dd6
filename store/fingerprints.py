"""Fingerprints of ingested sources: what a source's chunks were made from.

A row says "these chunk ids came from content with this fingerprint". Re-ingesting
a file whose fingerprint and chunk ids both still match can skip splitting and
diffing it; anything else that rewrote the source's chunks changes their ids, so
a stale row can never hide a change. Written in the chunks' own transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import Column, Connection, String, Table, delete, insert, select

from store.tables import chunks, metadata

source_fingerprints = Table(
    "source_fingerprints",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("kind", String(8), primary_key=True),
    Column("source", String(500), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("chunk_ids", String(64), nullable=False),  # a digest of the sorted ids
)


def ids_digest(ids: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()


def put_fingerprint(
    conn: Connection,
    tenant_id: str,
    kind: str,
    source: str,
    fingerprint: str,
    chunk_ids: Iterable[str],
) -> None:
    forget_fingerprint(conn, tenant_id, kind, source)
    conn.execute(
        insert(source_fingerprints).values(
            tenant_id=tenant_id,
            kind=kind,
            source=source,
            fingerprint=fingerprint,
            chunk_ids=ids_digest(chunk_ids),
        )
    )


def forget_fingerprint(conn: Connection, tenant_id: str, kind: str, source: str):
    conn.execute(
        delete(source_fingerprints).where(
            source_fingerprints.c.tenant_id == tenant_id,
            source_fingerprints.c.kind == kind,
            source_fingerprints.c.source == source,
        )
    )


def unchanged_ids(
    conn: Connection, tenant_id: str, kind: str, source: str, fingerprint: str
) -> list[str] | None:
    """The source's chunk ids when they were made from ``fingerprint`` and are all
    still stored; None when the source must be processed again."""
    row = conn.execute(
        select(
            source_fingerprints.c.fingerprint, source_fingerprints.c.chunk_ids
        ).where(
            source_fingerprints.c.tenant_id == tenant_id,
            source_fingerprints.c.kind == kind,
            source_fingerprints.c.source == source,
        )
    ).first()
    if row is None or row.fingerprint != fingerprint:
        return None
    stored = conn.execute(
        select(chunks.c.id).where(
            chunks.c.tenant_id == tenant_id,
            chunks.c.kind == kind,
            chunks.c.source == source,
        )
    )
    ids = [r.id for r in stored]
    return ids if ids_digest(ids) == row.chunk_ids else None
