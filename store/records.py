"""Reads and writes of plays, notes and deals; every call names its tenant.

Every write that changes a tenant's chunks, notes or deals bumps the tenant's data
version in the same transaction (``store.versions``), which in-memory indexes and
caches of other processes compare against.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import Connection, and_, delete, insert, select, update

from core.errors import NotFound
from core.records import Chunk, Deal, Note
from store.tables import chunks, deals, notes
from store.versions import bump_version


def _require(tenant_id: str) -> str:
    if not tenant_id:
        raise ValueError("a tenant id is required for every query")
    return tenant_id


def source_chunks(
    conn: Connection, tenant_id: str, kind: str, source: str
) -> list[Chunk]:
    rows = conn.execute(
        select(chunks.c.record).where(
            chunks.c.tenant_id == _require(tenant_id),
            chunks.c.kind == kind,
            chunks.c.source == source,
        )
    )
    return [Chunk.model_validate(row.record) for row in rows]


def parent_chunks(conn: Connection, tenant_id: str, parent_id: str) -> list[Chunk]:
    rows = conn.execute(
        select(chunks.c.record)
        .where(
            chunks.c.tenant_id == _require(tenant_id), chunks.c.parent_id == parent_id
        )
        .order_by(chunks.c.ordinal)
    )
    return [Chunk.model_validate(row.record) for row in rows]


def sources(conn: Connection, tenant_id: str, kind: str) -> set[str]:
    rows = conn.execute(
        select(chunks.c.source)
        .where(chunks.c.tenant_id == _require(tenant_id), chunks.c.kind == kind)
        .distinct()
    )
    return {row.source for row in rows}


def delete_chunks(conn: Connection, tenant_id: str, ids: Iterable[str]) -> None:
    ids = list(ids)
    if ids:
        conn.execute(
            delete(chunks).where(
                chunks.c.tenant_id == _require(tenant_id), chunks.c.id.in_(ids)
            )
        )
        bump_version(conn, tenant_id)


def insert_chunks(conn: Connection, chunk_list: list[Chunk]) -> None:
    if not chunk_list:
        return
    conn.execute(
        insert(chunks),
        [
            {
                "tenant_id": _require(c.tenant_id),
                "id": c.id,
                "kind": c.kind,
                "source": c.source,
                "heading_key": c.slot[1],
                "ordinal": c.ordinal,
                "parent_id": c.parent_id,
                "record": c.model_dump(mode="json"),
            }
            for c in chunk_list
        ],
    )
    for tenant_id in {c.tenant_id for c in chunk_list}:
        bump_version(conn, tenant_id)


def get_chunks(
    conn: Connection, tenant_id: str, ids: Iterable[str]
) -> dict[str, Chunk]:
    rows = conn.execute(
        select(chunks.c.record).where(
            chunks.c.tenant_id == _require(tenant_id), chunks.c.id.in_(list(ids))
        )
    )
    found = (Chunk.model_validate(row.record) for row in rows)
    return {c.id: c for c in found}


def iter_chunks(conn: Connection, tenant_id: str | None = None) -> Iterator[Chunk]:
    """Every chunk, of one tenant or of all (for rebuilding the vector index)."""
    query = select(chunks.c.record).order_by(chunks.c.tenant_id, chunks.c.id)
    if tenant_id is not None:
        query = query.where(chunks.c.tenant_id == tenant_id)
    for row in conn.execute(query):
        yield Chunk.model_validate(row.record)


def _upsert(conn: Connection, table, tenant_id: str, key: str, values: dict) -> str:
    """Insert or replace one row; returns added, updated or unchanged."""
    where = and_(table.c.tenant_id == _require(tenant_id), table.c.id == key)
    current = conn.execute(select(table.c.record).where(where)).first()
    if current is None:
        conn.execute(insert(table).values(tenant_id=tenant_id, id=key, **values))
        bump_version(conn, tenant_id)
        return "added"
    if current.record == values["record"]:
        return "unchanged"
    conn.execute(update(table).where(where).values(**values))
    bump_version(conn, tenant_id)
    return "updated"


def upsert_note(conn: Connection, note: Note) -> str:
    values = {
        "outcome": note.outcome,
        "source": note.source,
        "record": note.model_dump(mode="json"),
    }
    return _upsert(conn, notes, note.tenant_id, note.id, values)


def get_note(conn: Connection, tenant_id: str, note_id: str) -> Note:
    row = conn.execute(
        select(notes.c.record).where(
            notes.c.tenant_id == _require(tenant_id), notes.c.id == note_id
        )
    ).first()
    if row is None:
        raise NotFound(f"no note with id {note_id!r}")
    return Note.model_validate(row.record)


def upsert_deal(conn: Connection, deal: Deal) -> str:
    values = {
        "stage": deal.stage,
        "owner": deal.owner,
        "amount": deal.amount,
        "record": deal.model_dump(mode="json"),
    }
    return _upsert(conn, deals, deal.tenant_id, deal.id, values)


def get_deal(conn: Connection, tenant_id: str, deal_id: str) -> Deal:
    row = conn.execute(
        select(deals.c.record).where(
            deals.c.tenant_id == _require(tenant_id), deals.c.id == deal_id
        )
    ).first()
    if row is None:
        raise NotFound(f"no deal with id {deal_id!r}")
    return Deal.model_validate(row.record)


def list_deals(
    conn: Connection,
    tenant_id: str,
    *,
    stages: Iterable[str] | None = None,
    owner: str | None = None,
    limit: int = 100,
) -> list[Deal]:
    query = select(deals.c.record).where(deals.c.tenant_id == _require(tenant_id))
    if stages is not None:
        query = query.where(deals.c.stage.in_(list(stages)))
    if owner is not None:
        query = query.where(deals.c.owner == owner)
    rows = conn.execute(query.order_by(deals.c.id).limit(limit))
    return [Deal.model_validate(row.record) for row in rows]
