"""Ratings of generated output: was a brief useful, and why (not)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Connection, select

from store.tables import briefs, feedback


def save_feedback(
    conn: Connection,
    tenant_id: str,
    subject_kind: str,
    subject_id: str,
    useful: bool,
    reason: str,
) -> str:
    """Store one rating and return its id."""
    feedback_id = uuid.uuid4().hex[:16]
    conn.execute(
        feedback.insert().values(
            tenant_id=tenant_id,
            id=feedback_id,
            subject_kind=subject_kind,
            subject_id=subject_id,
            useful=int(useful),
            reason=reason,
            created_at=dt.datetime.now(dt.UTC),
        )
    )
    return feedback_id


def rated_briefs(conn: Connection, tenant_id: str) -> list[dict]:
    """Every rating of a brief, oldest first, with the brief and its request."""
    rows = conn.execute(
        select(
            feedback.c.id,
            feedback.c.useful,
            feedback.c.reason,
            briefs.c.brief,
            briefs.c.request,
        )
        .join(
            briefs,
            (briefs.c.tenant_id == feedback.c.tenant_id)
            & (briefs.c.id == feedback.c.subject_id),
        )
        .where(feedback.c.tenant_id == tenant_id, feedback.c.subject_kind == "brief")
        .order_by(feedback.c.created_at, feedback.c.id)
    )
    return [
        {
            "id": row.id,
            "useful": bool(row.useful),
            "reason": row.reason,
            "brief": row.brief,
            "request": row.request,
        }
        for row in rows
    ]
