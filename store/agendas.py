"""Drafted 1:1 agendas, and what the rep committed to in each meeting.

An agenda is kept whole, as drafted, so its citations can be shown later; the
commitments recorded after the meeting live beside it, numbered in the order they
were recorded, and the next agenda for the same rep and manager opens with them.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    func,
    select,
)

from core.errors import NotFound
from core.records import ID_PATTERN
from store.people import LINE
from store.tables import metadata

agendas = Table(
    "agendas",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("id", String(32), primary_key=True),
    Column("rep_id", String(100), nullable=False),
    Column("manager_id", String(100), nullable=False),
    Column("reference_date", Date, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("request", JSON, nullable=False),
    Column("agenda", JSON, nullable=False),
)
Index(
    "ix_agendas_pair",
    agendas.c.tenant_id,
    agendas.c.rep_id,
    agendas.c.manager_id,
    agendas.c.reference_date,
)

agenda_commitments = Table(
    "agenda_commitments",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("agenda_id", String(32), primary_key=True),
    Column("ordinal", Integer, primary_key=True),
    Column("text", String(500), nullable=False),
    Column("due", Date, nullable=True),
    Column("deal_id", String(100), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


class Commitment(BaseModel):
    """What the rep agreed to do before the next 1:1."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: str = Field(min_length=1, max_length=500, pattern=LINE)
    due: dt.date | None = None
    deal_id: str = Field(default="", max_length=100, pattern=f"^$|{ID_PATTERN}")


def save_agenda(conn: Connection, tenant_id: str, agenda: dict, request: dict) -> None:
    conn.execute(
        agendas.insert().values(
            tenant_id=_require(tenant_id),
            id=agenda["id"],
            rep_id=agenda["rep_id"],
            manager_id=agenda["manager_id"],
            reference_date=dt.date.fromisoformat(agenda["reference_date"]),
            created_at=dt.datetime.now(dt.UTC),
            request=request,
            agenda=agenda,
        )
    )


def get_agenda(conn: Connection, tenant_id: str, agenda_id: str) -> tuple[dict, dict]:
    """The stored agenda and the request that produced it."""
    row = conn.execute(
        select(agendas.c.agenda, agendas.c.request).where(
            agendas.c.tenant_id == _require(tenant_id), agendas.c.id == agenda_id
        )
    ).first()
    if row is None:
        raise NotFound(f"no agenda with id {agenda_id!r}")
    return row.agenda, row.request


def latest_agenda(
    conn: Connection,
    tenant_id: str,
    rep_id: str,
    manager_id: str,
    *,
    before: dt.date | None = None,
    on: dt.date | None = None,
) -> dict | None:
    """The pair's most recent agenda dated before a day, or dated on one."""
    query = select(agendas.c.agenda).where(
        agendas.c.tenant_id == _require(tenant_id),
        agendas.c.rep_id == rep_id,
        agendas.c.manager_id == manager_id,
    )
    if before is not None:
        query = query.where(agendas.c.reference_date < before)
    if on is not None:
        query = query.where(agendas.c.reference_date == on)
    query = query.order_by(
        agendas.c.reference_date.desc(), agendas.c.created_at.desc()
    ).limit(1)
    row = conn.execute(query).first()
    return row.agenda if row is not None else None


def add_commitments(
    conn: Connection, tenant_id: str, agenda_id: str, new: list[Commitment]
) -> dict[str, int]:
    """Record commitments on an agenda; one already recorded is left as it is."""
    get_agenda(conn, tenant_id, agenda_id)
    known = {c.text.casefold() for c in commitments(conn, tenant_id, agenda_id)}
    ordinal = _next_ordinal(conn, tenant_id, agenda_id)
    counts = {"added": 0, "unchanged": 0}
    for item in new:
        if item.text.casefold() in known:
            counts["unchanged"] += 1
            continue
        known.add(item.text.casefold())
        conn.execute(
            agenda_commitments.insert().values(
                tenant_id=tenant_id,
                agenda_id=agenda_id,
                ordinal=ordinal,
                created_at=dt.datetime.now(dt.UTC),
                **item.model_dump(),
            )
        )
        ordinal += 1
        counts["added"] += 1
    return counts


def commitments(conn: Connection, tenant_id: str, agenda_id: str) -> list[Commitment]:
    """An agenda's recorded commitments, in the order they were recorded."""
    rows = conn.execute(
        select(
            agenda_commitments.c.text,
            agenda_commitments.c.due,
            agenda_commitments.c.deal_id,
        )
        .where(
            agenda_commitments.c.tenant_id == _require(tenant_id),
            agenda_commitments.c.agenda_id == agenda_id,
        )
        .order_by(agenda_commitments.c.ordinal)
    )
    return [Commitment(text=r.text, due=r.due, deal_id=r.deal_id) for r in rows]


def _next_ordinal(conn: Connection, tenant_id: str, agenda_id: str) -> int:
    highest = conn.execute(
        select(func.max(agenda_commitments.c.ordinal)).where(
            agenda_commitments.c.tenant_id == tenant_id,
            agenda_commitments.c.agenda_id == agenda_id,
        )
    ).scalar()
    return 0 if highest is None else highest + 1


def _require(tenant_id: str) -> str:
    if not tenant_id:
        raise ValueError("a tenant id is required for every query")
    return tenant_id
