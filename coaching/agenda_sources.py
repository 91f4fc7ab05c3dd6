"""Showing the text behind an agenda's citations, as the API serves it.

Plays, notes and deals are served as for briefs; scorecards, rubric skills and
recorded commitments as the ``field: value`` lines their citations quote.
"""

from __future__ import annotations

from sqlalchemy import Connection

from coaching.agenda_citations import commitment_lines, scorecard_lines
from coaching.citations import parse_citation_id
from coaching.rubric import Rubric, skill_lines
from coaching.sources import source_text
from core.errors import NotFound
from store.agendas import commitments
from store.scorecards import get_scorecard


def agenda_source_text(
    conn: Connection, tenant_id: str, cid: str, rubric: Rubric
) -> str:
    """The full text a citation of an agenda quotes from."""
    kind, record_id, _field = parse_citation_id(cid)
    if kind == "scorecard":
        return "\n".join(scorecard_lines(get_scorecard(conn, tenant_id, record_id)))
    if kind == "rubric":
        if record_id not in rubric.skills:
            raise NotFound(f"the rubric no longer has the skill behind {cid!r}")
        return "\n".join(skill_lines(rubric.skills[record_id]))
    if kind == "agenda":
        recorded = commitments(conn, tenant_id, record_id)
        if not recorded:
            raise NotFound(f"no commitments are recorded behind {cid!r}")
        return "\n".join(commitment_lines(recorded))
    return source_text(conn, tenant_id, cid)
