"""Who may see which deal and brief, beyond the tenant boundary.

Reps see their own deals and briefs, managers those of their direct reports,
integrations and admins everything in their tenant. A record the caller may not see
answers 404, as if it did not exist, so ids cannot be probed.
"""

from __future__ import annotations

from collections.abc import Callable

from coaching.brief_models import Brief, BriefRequest
from core.errors import NotFound
from service.deps import Caller
from service.runtime import Runtime
from store.briefs import get_brief
from store.people import person_key

# Maps a manager's person id to the ids and names of their direct reports.
ReportsLookup = Callable[[str, str], set[str]]


def may_see_owner(caller: Caller, owner: str, reports: ReportsLookup) -> bool:
    if caller.role in ("admin", "integration"):
        return True
    if not caller.person_id or not owner:
        return False
    if caller.role == "rep":
        return person_key(owner) == person_key(caller.person_id)
    if caller.role == "manager":
        team = {person_key(p) for p in reports(caller.tenant_id, caller.person_id)}
        return person_key(owner) in team
    return False


def check_owner(
    caller: Caller, owner: str, reports: ReportsLookup, what: str, record_id: str
) -> None:
    """Raise NotFound unless the caller may see a record of this deal owner."""
    if not may_see_owner(caller, owner, reports):
        raise NotFound(f"no {what} with id {record_id!r}")


def readable_brief(
    rt: Runtime, caller: Caller, brief_id: str
) -> tuple[Brief, BriefRequest]:
    """A stored brief and its request, if this caller may read it, else 404."""
    with rt.db.read() as conn:
        stored, request = get_brief(conn, caller.tenant_id, brief_id)
    brief = Brief.model_validate(stored)
    check_owner(caller, brief.owner, rt.reports_of, "brief", brief_id)
    return brief, BriefRequest.model_validate(request)
