"""Playbook proposals: written once by mining, then decided once by a reviewer.

A proposal's content is stored as it was made and never changes; its status moves
from pending to approved or rejected exactly once. ``decide`` is a conditional
update on ``status = 'pending'``, so of two concurrent decisions only one counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    insert,
    select,
    update,
)

from core.errors import Conflict, NotFound
from core.records import Note
from store.playbooks import utc
from store.tables import metadata, notes

proposals = Table(
    "playbook_proposals",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("id", String(32), primary_key=True),
    Column("playbook_id", String(500), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("strength", String(10), nullable=False),
    Column("status", String(10), nullable=False),
    Column("base_version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("record", JSON, nullable=False),
    Column("reviewer", String(200), nullable=True),
    Column("decided_at", DateTime(timezone=True), nullable=True),
    Column("decision_reason", Text, nullable=False, default=""),
    Column("applied_version", Integer, nullable=True),
    Column("applied_text", Text, nullable=True),  # set when the reviewer edited it
)
Index("ix_proposals_status", proposals.c.tenant_id, proposals.c.status)
Index("ix_proposals_playbook", proposals.c.tenant_id, proposals.c.playbook_id)

_DECISION = ("reviewer", "decided_at", "decision_reason", "applied_version")


def known_ids(conn: Connection, tenant_id: str, ids: Iterable[str]) -> set[str]:
    rows = conn.execute(
        select(proposals.c.id).where(
            proposals.c.tenant_id == tenant_id, proposals.c.id.in_(list(ids))
        )
    )
    return {row.id for row in rows}


def insert_proposal(conn: Connection, tenant_id: str, proposal: dict) -> None:
    conn.execute(
        insert(proposals).values(
            tenant_id=tenant_id,
            id=proposal["id"],
            playbook_id=proposal["playbook_id"],
            kind=proposal["kind"],
            strength=proposal["strength"],
            status="pending",
            base_version=proposal["base_version"],
            created_at=dt.datetime.fromisoformat(proposal["created_at"]),
            record=proposal,
            decision_reason="",
        )
    )


def get_proposal(conn: Connection, tenant_id: str, proposal_id: str) -> dict:
    row = conn.execute(
        select(proposals).where(
            proposals.c.tenant_id == tenant_id, proposals.c.id == proposal_id
        )
    ).first()
    if row is None:
        raise NotFound(f"no playbook proposal with id {proposal_id!r}")
    return _merged(row)


def list_proposals(
    conn: Connection,
    tenant_id: str,
    *,
    status: str | None = None,
    playbook_id: str | None = None,
    kind: str | None = None,
    strength: str | None = None,
    limit: int = 100,
) -> list[dict]:
    """Newest first, filtered by any of status, playbook, kind and strength."""
    query = select(proposals).where(proposals.c.tenant_id == tenant_id)
    for column, value in (
        (proposals.c.status, status),
        (proposals.c.playbook_id, playbook_id),
        (proposals.c.kind, kind),
        (proposals.c.strength, strength),
    ):
        if value is not None:
            query = query.where(column == value)
    query = query.order_by(proposals.c.created_at.desc(), proposals.c.id).limit(limit)
    return [_merged(row) for row in conn.execute(query)]


def decide(
    conn: Connection,
    tenant_id: str,
    proposal_id: str,
    *,
    status: str,
    reviewer: str,
    reason: str = "",
    applied_version: int | None = None,
    applied_text: str | None = None,
) -> None:
    """Move a pending proposal to approved or rejected; 409 if it was decided."""
    moved = conn.execute(
        update(proposals)
        .where(
            proposals.c.tenant_id == tenant_id,
            proposals.c.id == proposal_id,
            proposals.c.status == "pending",
        )
        .values(
            status=status,
            reviewer=reviewer[:200],
            decided_at=dt.datetime.now(dt.UTC),
            decision_reason=reason,
            applied_version=applied_version,
            applied_text=applied_text,
        )
    )
    if moved.rowcount != 1:
        raise _already_decided(get_proposal(conn, tenant_id, proposal_id))


def _already_decided(proposal: dict) -> Conflict:
    version = proposal.get("applied_version")
    applied = f" as version {version}" if version else ""
    return Conflict(
        f"proposal {proposal['id']} was already {proposal['status']} by "
        f"{proposal.get('reviewer') or 'someone'} at {proposal.get('decided_at')}"
        f"{applied}; nothing was changed",
        reason="decided",
    )


def _merged(row) -> dict:
    """The stored content with the decision columns laid over it."""
    record = dict(row.record)
    record["status"] = row.status
    for name in _DECISION:
        value = getattr(row, name)
        record[name] = (
            utc(value).isoformat() if isinstance(value, dt.datetime) else value
        )
    record["decision_reason"] = row.decision_reason or ""
    if row.applied_text is not None:
        record["drafted_text"] = record["proposed_text"]
        record["proposed_text"] = row.applied_text
        record["edited"] = True
    return record


def notes_to_mine(conn: Connection, tenant_id: str) -> list[Note]:
    """Every win/loss note of the tenant, in id order.

    Periods and filters are applied by the caller on the records, since the notes
    table keeps only the outcome as a column; a tenant with notes in the hundreds
    of thousands would want a date column and an index here.
    """
    rows = conn.execute(
        select(notes.c.record)
        .where(notes.c.tenant_id == tenant_id)
        .order_by(notes.c.id)
    )
    return [Note.model_validate(row.record) for row in rows]
