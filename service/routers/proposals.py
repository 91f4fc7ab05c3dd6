"""Playbook proposals: mine notes into proposals, list them, approve or reject them.

Mining and review need the enablement role (admins pass too); reading is open to
the tenant. A run over a period with no notes answers 200 with no proposals and a
message saying so, since "nothing to propose" is a result, not an error.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel

from coaching.findings import Change, Strength
from coaching.proposal_models import (
    ApprovalIn,
    Proposal,
    ProposalRun,
    ProposalRunRequest,
    RejectionIn,
    Review,
    Status,
)
from service.deps import Caller, get_runtime, get_tenant, require_role
from service.runtime import Runtime
from store.proposals import list_proposals

router = APIRouter(prefix="/v1/playbook-proposals", tags=["playbook proposals"])
enablement = require_role("enablement")
DIFF = {"content": {"text/plain": {}}, "description": "A unified diff"}


class ProposalList(BaseModel):
    proposals: list[Proposal]


def reviewer_name(caller: Caller) -> str:
    """Who decided, as the key names them: role and person (or key id)."""
    return f"{caller.role}:{caller.person_id or caller.key_id or 'local'}"


@router.post("", response_model=ProposalRun)
def run_mining(
    body: ProposalRunRequest,
    rt: Runtime = Depends(get_runtime),
    caller: Caller = Depends(enablement),
) -> ProposalRun:
    """Mine win/loss notes against the playbooks and store new proposals."""
    return rt.proposer.run(caller.tenant_id, body)


@router.get("", response_model=ProposalList)
def proposals(
    status: Status | None = None,
    playbook: str | None = Query(default=None, max_length=500),
    kind: Change | None = None,
    strength: Strength | None = None,
    limit: int = Query(default=100, ge=1, le=500),
    rt: Runtime = Depends(get_runtime),
    tenant: str = Depends(get_tenant),
) -> ProposalList:
    with rt.db.read() as conn:
        found = list_proposals(
            conn,
            tenant,
            status=status,
            playbook_id=playbook,
            kind=kind,
            strength=strength,
            limit=limit,
        )
    return ProposalList(proposals=[Proposal.model_validate(p) for p in found])


@router.get("/{proposal_id}", response_model=Proposal)
def proposal(
    proposal_id: str, rt: Runtime = Depends(get_runtime), tenant=Depends(get_tenant)
) -> Proposal:
    return rt.reviewer.get(tenant, proposal_id)


@router.get("/{proposal_id}/diff", response_model=None, responses={200: DIFF})
def proposal_diff(
    proposal_id: str, rt: Runtime = Depends(get_runtime), tenant=Depends(get_tenant)
) -> PlainTextResponse:
    """The unified diff: as applied, or as approving now would change the playbook."""
    return PlainTextResponse(rt.reviewer.diff(tenant, proposal_id))


@router.post("/{proposal_id}/approve", response_model=Review)
def approve(
    proposal_id: str,
    body: ApprovalIn | None = None,
    rt: Runtime = Depends(get_runtime),
    caller: Caller = Depends(enablement),
) -> Review:
    """Apply the proposal (or the edited text sent) as a new playbook version."""
    body = body or ApprovalIn()
    return rt.reviewer.approve(
        caller.tenant_id,
        proposal_id,
        reviewer_name(caller),
        edited_text=body.proposed_text,
        comment=body.comment,
    )


@router.post("/{proposal_id}/reject", response_model=Review)
def reject(
    proposal_id: str,
    body: RejectionIn,
    rt: Runtime = Depends(get_runtime),
    caller: Caller = Depends(enablement),
) -> Review:
    return rt.reviewer.reject(
        caller.tenant_id, proposal_id, reviewer_name(caller), body.reason
    )
