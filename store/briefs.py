"""Generated briefs, kept so that their citations can be shown later."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select

from core.errors import NotFound
from store.tables import briefs


def save_brief(conn: Connection, tenant_id: str, brief: dict, request: dict) -> None:
    conn.execute(
        briefs.insert().values(
            tenant_id=tenant_id,
            id=brief["id"],
            deal_id=brief["deal_id"],
            owner=brief.get("owner", ""),
            created_at=dt.datetime.now(dt.UTC),
            request=request,
            brief=brief,
        )
    )


def get_brief(conn: Connection, tenant_id: str, brief_id: str) -> tuple[dict, dict]:
    """The stored brief and the request that produced it."""
    row = conn.execute(
        select(briefs.c.brief, briefs.c.request).where(
            briefs.c.tenant_id == tenant_id, briefs.c.id == brief_id
        )
    ).first()
    if row is None:
        raise NotFound(f"no brief with id {brief_id!r}")
    return row.brief, row.request
