"""Ingestion endpoints: playbooks, win/loss notes and deals."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from core.errors import InvalidInput
from core.records import Deal, Note
from retrieval.chunking import parse_front_matter
from service.access import check_owner
from service.deps import Caller, get_caller, get_runtime, get_tenant, require_role
from service.runtime import Runtime
from store import records

router = APIRouter(prefix="/v1", tags=["ingest"])


class PlaybookIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str = Field(
        min_length=1,
        max_length=300,
        pattern=r"^[\w][\w./ -]*$",
        description="A name for the playbook, such as sales/discovery.md",
    )
    content: str = Field(
        min_length=1,
        max_length=1_000_000,
        description="Markdown (or reStructuredText if source ends .rst)",
    )


class NotesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    notes: list[Note] = Field(min_length=1, max_length=1000)


class DealsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    deals: list[Deal] = Field(min_length=1, max_length=5000)


class IngestOut(BaseModel):
    counts: dict[str, int]


def refuse_foreign_tenant(records: list, caller: Caller) -> None:
    """A record may not name a tenant other than the API key's."""
    for n, record in enumerate(records):
        if record.tenant_id not in ("", caller.tenant_id):
            raise InvalidInput(
                f"item {n}: tenant_id is set by the API key and cannot be "
                f"{record.tenant_id!r}; leave it out"
            )


def _out(counts: Counter) -> IngestOut:
    return IngestOut(counts={k: v for k, v in sorted(counts.items())})


@router.post("/playbooks", response_model=IngestOut)
def add_playbook(
    body: PlaybookIn,
    rt: Runtime = Depends(get_runtime),
    caller: Caller = Depends(require_role("integration", "enablement")),
) -> IngestOut:
    """Add or replace one playbook; only changed plays are re-embedded."""
    parse_front_matter(body.content, body.source)  # refuse bad front matter before work
    return _out(rt.ingestor.playbook(caller.tenant_id, body.source, body.content))


@router.post("/notes", response_model=IngestOut)
def add_notes(
    body: NotesIn,
    rt: Runtime = Depends(get_runtime),
    caller: Caller = Depends(require_role("integration")),
) -> IngestOut:
    refuse_foreign_tenant(body.notes, caller)
    notes = [n.model_copy(update={"source": n.source or "api"}) for n in body.notes]
    return _out(rt.ingestor.notes(caller.tenant_id, notes))


@router.post("/deals", response_model=IngestOut)
def add_deals(
    body: DealsIn,
    rt: Runtime = Depends(get_runtime),
    caller: Caller = Depends(require_role("integration")),
) -> IngestOut:
    refuse_foreign_tenant(body.deals, caller)
    return _out(rt.ingestor.deals(caller.tenant_id, body.deals))


@router.get("/deals/{deal_id}", response_model=Deal)
def get_deal(
    deal_id: str,
    rt: Runtime = Depends(get_runtime),
    caller: Caller = Depends(get_caller),
) -> Deal:
    """A deal; reps see their own, managers their reports'."""
    with rt.db.read() as conn:
        deal = records.get_deal(conn, caller.tenant_id, deal_id)
    check_owner(caller, deal.owner, rt.reports_of, "deal", deal_id)
    return deal


@router.get("/notes/{note_id}", response_model=Note)
def get_note(
    note_id: str, rt: Runtime = Depends(get_runtime), tenant: str = Depends(get_tenant)
) -> Note:
    with rt.db.read() as conn:
        return records.get_note(conn, tenant, note_id)
