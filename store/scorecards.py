"""Scorecards: a reviewer's scores of one rep's skills, from one call or deal.

A scorecard's id is the caller's, or derived from what it describes (rep, date,
reviewer, call and deal), so posting the same review twice stores it once.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import JSON, Column, Connection, Date, Index, String, Table, select

from core.errors import NotFound
from core.records import ID_PATTERN, stable_id
from store.people import LINE, PERSON_ID
from store.tables import metadata

scorecards = Table(
    "scorecards",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("id", String(100), primary_key=True),
    Column("rep_id", String(100), nullable=False),
    Column("date", Date, nullable=False),
    Column("record", JSON, nullable=False),
)
Index("ix_scorecards_rep", scorecards.c.tenant_id, scorecards.c.rep_id)


class Scorecard(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(default="", max_length=100, pattern=f"^$|{PERSON_ID}")
    rep_id: str = Field(min_length=1, max_length=100, pattern=PERSON_ID)
    date: dt.date
    reviewer: str = Field(min_length=1, max_length=200, pattern=LINE)
    scores: dict[str, int] = Field(
        min_length=1, max_length=30, description="skill id from the rubric to level"
    )
    comment: str = Field(default="", max_length=2000, pattern=r"^[^\x00]*$")
    deal_id: str = Field(
        default="",
        max_length=100,
        pattern=f"^$|{ID_PATTERN}",
        description="the deal reviewed",
    )
    call: str = Field(
        default="",
        max_length=300,
        pattern=LINE,
        description="the call reviewed: an id or a link",
    )

    def with_id(self, tenant_id: str) -> Scorecard:
        if self.id:
            return self
        parts = (self.rep_id, self.date.isoformat(), self.reviewer, self.call)
        key = stable_id(tenant_id, *parts, self.deal_id, length=12)
        return self.model_copy(update={"id": f"sc-{key}"})


def upsert_scorecard(conn: Connection, tenant_id: str, card: Scorecard) -> str:
    """Store a scorecard (with an id); returns added, updated or unchanged."""
    record = card.model_dump(mode="json")
    current = _record(conn, tenant_id, card.id)
    if current is None:
        conn.execute(
            scorecards.insert().values(
                tenant_id=tenant_id,
                id=card.id,
                rep_id=card.rep_id,
                date=card.date,
                record=record,
            )
        )
        return "added"
    if current == record:
        return "unchanged"
    conn.execute(
        scorecards.update()
        .where(scorecards.c.tenant_id == tenant_id, scorecards.c.id == card.id)
        .values(rep_id=card.rep_id, date=card.date, record=record)
    )
    return "updated"


def get_scorecard(conn: Connection, tenant_id: str, card_id: str) -> Scorecard:
    record = _record(conn, tenant_id, card_id)
    if record is None:
        raise NotFound(f"no scorecard with id {card_id!r}")
    return Scorecard.model_validate(record)


def scorecard_rep(conn: Connection, tenant_id: str, card_id: str) -> str | None:
    """The rep a scorecard id is filed for, or None if the id is free."""
    record = _record(conn, tenant_id, card_id)
    return record["rep_id"] if record is not None else None


def rep_scorecards(
    conn: Connection, tenant_id: str, rep_id: str, until: dt.date | None = None
) -> list[Scorecard]:
    """A rep's scorecards, oldest first; with ``until``, none dated after it."""
    if not tenant_id:
        raise ValueError("a tenant id is required for every query")
    query = select(scorecards.c.record).where(
        scorecards.c.tenant_id == tenant_id, scorecards.c.rep_id == rep_id
    )
    if until is not None:
        query = query.where(scorecards.c.date <= until)
    rows = conn.execute(query.order_by(scorecards.c.date, scorecards.c.id))
    return [Scorecard.model_validate(row.record) for row in rows]


def _record(conn: Connection, tenant_id: str, card_id: str) -> dict | None:
    if not tenant_id:
        raise ValueError("a tenant id is required for every query")
    row = conn.execute(
        select(scorecards.c.record).where(
            scorecards.c.tenant_id == tenant_id, scorecards.c.id == card_id
        )
    ).first()
    return row.record if row is not None else None
