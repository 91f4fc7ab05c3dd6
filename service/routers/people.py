"""Reps, their managers and scorecards: upsert people, read a rep, score skills.

A manager sees only their direct reports and a rep only themselves; anyone else's
rep answers 404, as if it did not exist.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, ConfigDict, Field

from coaching.agenda_models import SkillLevel
from coaching.agenda_parts import skill_levels
from coaching.citations import CitationBook
from coaching.skills import skill_states
from core.errors import Conflict, NotFound
from core.stages import EARLY_STAGES, OPEN_STAGES
from service.deps import Caller, get_caller, get_runtime, require_role
from service.runtime import Runtime
from store import people, records
from store.scorecards import (
    Scorecard,
    rep_scorecards,
    scorecard_rep,
    upsert_scorecard,
)

router = APIRouter(prefix="/v1", tags=["people"])


class PeopleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    managers: list[people.Manager] = Field(default_factory=list, max_length=1000)
    reps: list[people.Rep] = Field(default_factory=list, max_length=5000)


class PeopleOut(BaseModel):
    counts: dict[str, int]


class RepView(BaseModel):
    rep: people.Rep
    manager: people.Manager | None
    open_deals: int
    early_deals: int
    scorecards: int
    skills: list[SkillLevel]


class ScorecardOut(BaseModel):
    status: str = Field(description="added, updated or unchanged")
    scorecard: Scorecard


@router.post("/reps", response_model=PeopleOut)
def upsert_people(
    body: PeopleIn,
    rt: Runtime = Depends(get_runtime),
    caller: Caller = Depends(require_role("integration")),
) -> PeopleOut:
    """Add or update managers, then reps (whose managers must be known), at once."""
    counts: Counter = Counter()
    with rt.db.begin() as conn:
        for manager in body.managers:
            counts[
                f"managers_{people.upsert_manager(conn, caller.tenant_id, manager)}"
            ] += 1
        for rep in body.reps:
            counts[f"reps_{people.upsert_rep(conn, caller.tenant_id, rep)}"] += 1
    return PeopleOut(counts=dict(sorted(counts.items())))


@router.get("/reps/{rep_id}", response_model=RepView)
def read_rep(
    rep_id: Annotated[str, Path(max_length=100, pattern=people.PERSON_ID)],
    rt: Runtime = Depends(get_runtime),
    caller: Caller = Depends(get_caller),
) -> RepView:
    """A rep, their manager, deal counts and current level per skill."""
    with rt.db.read() as conn:
        rep = visible_rep(conn, caller, rep_id)
        manager = (
            people.get_manager(conn, caller.tenant_id, rep.manager_id)
            if rep.manager_id
            else None
        )
        deals = people.owned_deals(conn, caller.tenant_id, [rep], OPEN_STAGES)[rep.id]
        cards = rep_scorecards(conn, caller.tenant_id, rep.id)
    states = skill_states(rt.rubric, cards)
    return RepView(
        rep=rep,
        manager=manager,
        open_deals=len(deals),
        early_deals=sum(d.stage in EARLY_STAGES for d in deals),
        scorecards=len(cards),
        skills=skill_levels(states, CitationBook()),
    )


@router.post("/scorecards", response_model=ScorecardOut)
def add_scorecard(
    body: Scorecard,
    rt: Runtime = Depends(get_runtime),
    caller: Caller = Depends(require_role("manager", "integration")),
) -> ScorecardOut:
    """Store a review of a rep's skills; skills and scores must fit the rubric."""
    for skill, score in body.scores.items():
        rt.rubric.check_score(skill, score)
    card = body.with_id(caller.tenant_id)
    with rt.db.begin() as conn:
        visible_rep(conn, caller, card.rep_id)
        filed = scorecard_rep(conn, caller.tenant_id, card.id)
        if filed not in (None, card.rep_id):
            raise Conflict(f"scorecard {card.id!r} is filed for another rep")
        if card.deal_id:
            records.get_deal(conn, caller.tenant_id, card.deal_id)
        status = upsert_scorecard(conn, caller.tenant_id, card)
    return ScorecardOut(status=status, scorecard=card)


def visible_rep(conn, caller: Caller, rep_id: str) -> people.Rep:
    """The rep, if the caller may see them: 404 for anyone else's rep."""
    rep = people.get_rep(conn, caller.tenant_id, rep_id)
    if caller.role in ("admin", "integration"):
        return rep
    mine = caller.person_id or ""
    if caller.role == "manager" and rep.manager_id == mine:
        return rep
    if caller.role == "rep" and people.person_key(mine) == people.person_key(rep.id):
        return rep
    raise NotFound(f"no rep with id {rep_id!r}")
