"""Weekly 1:1 agendas: draft one, a team's at once, record commitments, show sources.

Managers draft and read agendas only for their direct reports, reps read their
own; another manager's rep or agenda answers 404, as if it did not exist.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, ConfigDict, Field

from coaching.agenda_models import Agenda, AgendaRequest, TeamAgendas, parse_week
from coaching.agenda_sources import agenda_source_text
from coaching.citations import Citation
from coaching.render_agenda import agenda_markdown, team_markdown
from coaching.sources import find_citation
from core.errors import NotFound
from service.deps import Caller, get_caller, get_runtime, require_role
from service.formats import MARKDOWN, Format, respond
from service.runtime import Runtime
from store import agendas as stored
from store.people import PERSON_ID, person_key

router = APIRouter(prefix="/v1", tags=["agendas"])

# Ids in paths are checked before any query: PostgreSQL refuses some bytes outright.
AgendaId = Annotated[str, Path(pattern=r"^[0-9a-f]{1,32}$")]
CitationId = Annotated[str, Path(pattern=r"^[^\x00-\x1f\x7f]{1,400}$")]
PersonId = Annotated[str, Path(max_length=100, pattern=PERSON_ID)]


class CitationSource(BaseModel):
    citation: Citation
    text: str


class CommitmentsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    commitments: list[stored.Commitment] = Field(min_length=1, max_length=20)


class CommitmentsOut(BaseModel):
    agenda_id: str
    counts: dict[str, int]
    commitments: list[stored.Commitment]


def _acting(caller: Caller) -> str | None:
    """The manager a caller drafts as; admins and integrations draft for anyone."""
    return (caller.person_id or "") if caller.role == "manager" else None


@router.post("/agendas", response_model=Agenda, responses={200: MARKDOWN})
def create_agenda(
    body: AgendaRequest,
    request: Request,
    format: Format | None = None,
    rt: Runtime = Depends(get_runtime),
    caller: Caller = Depends(require_role("manager", "integration")),
):
    """Draft a time-boxed 1:1 agenda for one rep and their manager."""
    today = body.reference_date or rt.settings.today()
    agenda = rt.agenda_writer.write(caller.tenant_id, body, today, _acting(caller))
    return respond(agenda, agenda_markdown, request, format)


@router.get("/agendas/{agenda_id}", response_model=Agenda, responses={200: MARKDOWN})
def read_agenda(
    agenda_id: AgendaId,
    request: Request,
    format: Format | None = None,
    rt: Runtime = Depends(get_runtime),
    caller: Caller = Depends(get_caller),
):
    agenda = readable_agenda(rt, caller, agenda_id)
    return respond(agenda, agenda_markdown, request, format)


@router.get(
    "/agendas/{agenda_id}/citations/{citation_id}", response_model=CitationSource
)
def read_citation(
    agenda_id: AgendaId,
    citation_id: CitationId,
    rt: Runtime = Depends(get_runtime),
    caller: Caller = Depends(get_caller),
) -> CitationSource:
    """The cited quote and the whole text it was taken from."""
    agenda = readable_agenda(rt, caller, agenda_id)
    citation = find_citation(agenda.citations, citation_id)
    with rt.db.read() as conn:
        text = agenda_source_text(conn, caller.tenant_id, citation_id, rt.rubric)
    return CitationSource(citation=citation, text=text)


@router.post("/agendas/{agenda_id}/commitments", response_model=CommitmentsOut)
def record_commitments(
    agenda_id: AgendaId,
    body: CommitmentsIn,
    rt: Runtime = Depends(get_runtime),
    caller: Caller = Depends(require_role("manager", "integration")),
) -> CommitmentsOut:
    """Record what the rep committed to; the pair's next agenda opens with it."""
    readable_agenda(rt, caller, agenda_id)
    with rt.db.begin() as conn:
        counts = stored.add_commitments(
            conn, caller.tenant_id, agenda_id, body.commitments
        )
    with rt.db.read() as conn:
        recorded = stored.commitments(conn, caller.tenant_id, agenda_id)
    return CommitmentsOut(agenda_id=agenda_id, counts=counts, commitments=recorded)


@router.get(
    "/managers/{manager_id}/agendas",
    response_model=TeamAgendas,
    responses={200: MARKDOWN},
)
def team_agendas(
    manager_id: PersonId,
    request: Request,
    week: str | None = None,
    format: Format | None = None,
    rt: Runtime = Depends(get_runtime),
    caller: Caller = Depends(require_role("manager", "integration")),
):
    """One agenda per direct report for the week's Monday (or the date given).

    Agendas already drafted for that day are returned as they are; the others are
    drafted now. A manager with no reports gets an empty list and a note.
    """
    today = parse_week(week) if week else rt.settings.today()
    team = rt.agenda_writer.team(caller.tenant_id, manager_id, today, _acting(caller))
    return respond(team, team_markdown, request, format)


def readable_agenda(rt: Runtime, caller: Caller, agenda_id: str) -> Agenda:
    """The stored agenda, if the caller may read it: 404 otherwise."""
    with rt.db.read() as conn:
        stored_agenda, _ = stored.get_agenda(conn, caller.tenant_id, agenda_id)
    agenda = Agenda.model_validate(stored_agenda)
    mine = caller.person_id or ""
    allowed = (
        caller.role in ("admin", "integration")
        or (caller.role == "manager" and agenda.manager_id == mine)
        or (caller.role == "rep" and person_key(mine) == person_key(agenda.rep_id))
    )
    if not allowed:
        raise NotFound(f"no agenda with id {agenda_id!r}")
    return agenda
