"""Checks of the citation contract shared by unit and end-to-end tests."""

from __future__ import annotations

from coaching.brief_models import Brief, BriefRequest
from coaching.sources import source_text
from store.db import Database


def claims_of(brief: Brief) -> list:
    return [
        brief.summary,
        brief.next_step,
        *brief.risks,
        *brief.plays,
        *brief.lessons,
        *brief.objections,
        *brief.questions,
        *brief.stakeholders,
    ]


def assert_citation_contract(
    db: Database, tenant: str, brief: Brief, request: BriefRequest
) -> None:
    """Every claim cites; every cited id is listed; every quote is in its source."""
    listed = {c.id for c in brief.citations}
    for claim in claims_of(brief):
        assert claim.citations, claim
        assert set(claim.citations) <= listed, claim
    with db.read() as conn:
        for citation in brief.citations:
            assert citation.quote in source_text(conn, tenant, citation.id, request)
