"""Pre-call briefs: write one, read it back, show the text behind a citation."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from coaching.brief_models import Brief, BriefRequest
from coaching.citations import Citation
from coaching.render import brief_markdown
from coaching.sources import find_citation, source_text
from service.access import check_owner, readable_brief
from service.deps import Caller, get_caller, get_runtime, require_role
from service.formats import MARKDOWN, Format, respond
from service.routers.ingest import refuse_foreign_tenant
from service.runtime import Runtime

router = APIRouter(prefix="/v1/briefs", tags=["briefs"])


class CitationSource(BaseModel):
    citation: Citation
    text: str


@router.post("", response_model=Brief, responses={200: MARKDOWN})
def create_brief(
    body: BriefRequest,
    request: Request,
    format: Format | None = None,
    rt: Runtime = Depends(get_runtime),
    caller: Caller = Depends(require_role("rep", "manager", "integration")),
):
    """Write a grounded pre-call brief for a stored deal or an inline one."""
    refuse_foreign_tenant([body.deal] if body.deal else [], caller)
    deal = rt.brief_writer.deal_for(caller.tenant_id, body)
    check_owner(caller, deal.owner, rt.reports_of, "deal", deal.id)
    today = body.reference_date or rt.settings.today()
    brief = rt.brief_writer.write(caller.tenant_id, body, today)
    return respond(brief, brief_markdown, request, format)


@router.get("/{brief_id}", response_model=Brief, responses={200: MARKDOWN})
def read_brief(
    brief_id: str,
    request: Request,
    format: Format | None = None,
    rt: Runtime = Depends(get_runtime),
    caller: Caller = Depends(get_caller),
):
    """A stored brief; reps read their own deals' briefs, managers their reports'."""
    brief, _ = readable_brief(rt, caller, brief_id)
    return respond(brief, brief_markdown, request, format)


@router.get("/{brief_id}/citations/{citation_id}", response_model=CitationSource)
def read_citation(
    brief_id: str,
    citation_id: str = "",
    rt: Runtime = Depends(get_runtime),
    caller: Caller = Depends(get_caller),
) -> CitationSource:
    """The cited quote and the whole text it was taken from."""
    brief, request = readable_brief(rt, caller, brief_id)
    citation = find_citation(brief.citations, citation_id)
    with rt.db.read() as conn:
        text = source_text(conn, caller.tenant_id, citation_id, request)
    return CitationSource(citation=citation, text=text)
