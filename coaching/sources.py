"""Showing the text behind a citation, as the API serves it."""

from __future__ import annotations

from sqlalchemy import Connection

from coaching.brief_models import BriefRequest
from coaching.citations import Citation, deal_text, parse_citation_id
from core.errors import NotFound
from core.records import Deal
from store import records


def source_text(
    conn: Connection, tenant_id: str, cid: str, request: BriefRequest | None = None
) -> str:
    """The full text a citation quotes from; the quote is a substring of it."""
    kind, record_id, _field = parse_citation_id(cid)
    if kind in ("play", "note"):
        found = records.get_chunks(conn, tenant_id, [record_id])
        if record_id not in found:
            raise NotFound(f"the passage behind citation {cid!r} is no longer stored")
        return found[record_id].text
    if kind == "deal":
        return deal_text(_deal(conn, tenant_id, record_id, request))
    if kind == "meeting" and request is not None:
        return "\n".join(_meeting_lines(request))
    raise NotFound(f"unknown citation {cid!r}")


def _deal(
    conn: Connection, tenant_id: str, deal_id: str, request: BriefRequest | None
) -> Deal:
    if request is not None and request.deal is not None and request.deal.id == deal_id:
        return request.deal
    return records.get_deal(conn, tenant_id, deal_id)


def _meeting_lines(request: BriefRequest) -> list[str]:
    return [
        f"attendees[{i}]: {a.name}" + (f" ({a.title})" if a.title else "")
        for i, a in enumerate(request.meeting.attendees)
    ]


def find_citation(citations: list[Citation], cid: str) -> Citation:
    for citation in citations:
        if citation.id == cid:
            return citation
    raise NotFound(f"the brief has no citation {cid!r}")
