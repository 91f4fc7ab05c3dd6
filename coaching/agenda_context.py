"""Reading what one agenda is drawn from: the rep, the manager, the period, the
last agenda's commitments, the rep's and the team's deals, and the scorecards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection

from coaching.agenda_models import AgendaRequest
from core.errors import Conflict, InvalidInput, NotFound
from core.records import Deal
from core.stages import OPEN_STAGES
from store import agendas as stored
from store import people
from store.scorecards import Scorecard, rep_scorecards

DEFAULT_PERIOD = dt.timedelta(days=7)


@dataclass
class Context:
    """What one agenda is drawn from, read in one go."""

    rep: people.Rep
    manager: people.Manager
    since: dt.date
    previous: dict | None
    carried: list[stored.Commitment]
    deals: list[Deal]
    team_deals: list[Deal]
    cards: list[Scorecard]


def read_context(
    conn: Connection,
    tenant_id: str,
    request: AgendaRequest,
    today: dt.date,
    acting_manager: str | None,
) -> Context:
    """Everything one agenda is drawn from; a manager acting sees only reports."""
    rep = people.get_rep(conn, tenant_id, request.rep_id)
    if acting_manager is not None and rep.manager_id != acting_manager:
        raise NotFound(f"no rep with id {request.rep_id!r}")
    manager = _manager(conn, tenant_id, rep, request.manager_id)
    previous = stored.latest_agenda(conn, tenant_id, rep.id, manager.id, before=today)
    since = request.since or (
        dt.date.fromisoformat(previous["reference_date"])
        if previous
        else today - DEFAULT_PERIOD
    )
    if since > today:
        raise InvalidInput(f"since ({since}) is after reference_date ({today})")
    team = people.list_reps(conn, tenant_id, manager.id)
    team += [] if any(r.id == rep.id for r in team) else [rep]
    owned = people.owned_deals(conn, tenant_id, team)
    return Context(
        rep=rep,
        manager=manager,
        since=since,
        previous=previous,
        carried=stored.commitments(conn, tenant_id, previous["id"]) if previous else [],
        deals=owned.get(rep.id, []),
        team_deals=[
            d for deals in owned.values() for d in deals if d.stage in OPEN_STAGES
        ],
        cards=rep_scorecards(conn, tenant_id, rep.id, until=today),
    )


def _manager(
    conn: Connection, tenant_id: str, rep: people.Rep, given: str | None
) -> people.Manager:
    """The rep's manager, or the one given if it is the same (or the rep has none)."""
    if given and rep.manager_id and given != rep.manager_id:
        raise Conflict(
            f"rep {rep.id!r} reports to {rep.manager_id!r}, not {given!r}; "
            "drop manager_id to use the current manager"
        )
    chosen = given or rep.manager_id
    if not chosen:
        raise InvalidInput(f"rep {rep.id!r} has no manager on record; give manager_id")
    return people.get_manager(conn, tenant_id, chosen)
