"""Writing a manager's weekly 1:1 agenda for one rep, and for a whole team.

Deals, skills, recognition and commitments are chosen by code from the store and
cited line by line; the model only words the opening summary. An agenda is stored
whole, so its citations can be shown later and the next one can carry its
commitments forward.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter

from coaching import agenda_parts as part
from coaching.agenda_context import Context, read_context
from coaching.agenda_drafting import draft_summary
from coaching.agenda_items import Parts, agenda_facts, agenda_items, fallback_summary
from coaching.agenda_models import Agenda, AgendaRequest, SkillFocus, TeamAgendas
from coaching.citations import CitationBook
from coaching.evidence import EvidenceFinder
from coaching.exercises import ExerciseFinder, pick_exercise
from coaching.ranking import RankedDeal, late_risks, rank_early_deals, team_baseline
from coaching.rubric import Rubric
from coaching.skill_focus import skill_focus
from coaching.skills import SkillState, choose_focus, skill_states
from core.errors import NotFound
from llm.base import ChatModel
from store import agendas as stored
from store import people
from store.db import Database

EARLY_LISTED = 5  # ranked early-stage deals listed in full


class AgendaWriter:
    def __init__(
        self,
        db: Database,
        finder: EvidenceFinder,
        model: ChatModel | None,
        rubric: Rubric,
        max_tokens: int = 160,
    ) -> None:
        self.db = db
        self.model = model
        self.rubric = rubric
        self.exercises = ExerciseFinder(db, finder)
        self.max_tokens = max_tokens

    def write(
        self,
        tenant_id: str,
        request: AgendaRequest,
        today: dt.date,
        acting_manager: str | None = None,
    ) -> Agenda:
        """Draft and store an agenda; a manager acting may draft only for reports."""
        with self.db.read() as conn:
            context = read_context(conn, tenant_id, request, today, acting_manager)
        agenda = self._assemble(tenant_id, context, request, today)
        with self.db.begin() as conn:
            stored.save_agenda(
                conn,
                tenant_id,
                agenda.model_dump(mode="json"),
                request.model_dump(mode="json"),
            )
        return agenda

    def team(
        self,
        tenant_id: str,
        manager_id: str,
        today: dt.date,
        acting_manager: str | None = None,
    ) -> TeamAgendas:
        """One agenda per report for the day, reusing those drafted already."""
        if acting_manager is not None and acting_manager != manager_id:
            raise NotFound(f"no manager with id {manager_id!r}")
        with self.db.read() as conn:
            manager = people.get_manager(conn, tenant_id, manager_id)
            reports = people.list_reps(conn, tenant_id, manager_id)
            drafted = {
                rep.id: stored.latest_agenda(
                    conn, tenant_id, rep.id, manager_id, on=today
                )
                for rep in reports
            }
        agendas = [
            Agenda.model_validate(drafted[rep.id])
            if drafted[rep.id]
            else self.write(
                tenant_id, AgendaRequest(rep_id=rep.id, reference_date=today), today
            )
            for rep in reports
        ]
        year, week, _ = today.isocalendar()
        return TeamAgendas(
            manager_id=manager.id,
            manager_name=manager.name,
            reference_date=today,
            week=f"{year}-W{week:02d}",
            agendas=agendas,
            note="" if reports else f"{manager.name} has no direct reports on record.",
        )

    def _assemble(
        self, tenant_id: str, ctx: Context, request: AgendaRequest, today: dt.date
    ) -> Agenda:
        book = CitationBook()
        parts = self._parts(tenant_id, ctx, request, today, book)
        draft = draft_summary(
            self.model,
            ctx.rep.name,
            request.length_minutes,
            agenda_facts(parts),
            self.max_tokens,
        )
        agenda = Agenda(
            id=uuid.uuid4().hex[:16],
            rep_id=ctx.rep.id,
            rep_name=ctx.rep.name,
            manager_id=ctx.manager.id,
            manager_name=ctx.manager.name,
            team=ctx.rep.team,
            reference_date=today,
            period_start=ctx.since,
            period_end=today,
            length_minutes=request.length_minutes,
            summary=draft.summary or fallback_summary(parts),
            items=agenda_items(parts, request.length_minutes),
            early_deals=parts.early,
            early_deal_count=parts.early_count,
            late_deals=parts.late,
            skill_focus=parts.focus,
            skills=parts.skills,
            recognition=parts.recognition,
            commitments=parts.carried,
            rep_topics=parts.rep_topics,
            gaps=parts.gaps,
            citations=[],
            left_out=draft.left_out,
            usage=draft.usage(),
        )
        agenda.citations = book.used(cited_ids(agenda))
        return agenda

    def _parts(
        self,
        tenant_id: str,
        ctx: Context,
        request: AgendaRequest,
        today: dt.date,
        book: CitationBook,
    ) -> Parts:
        """Every cited part of the agenda, and the gaps found on the way."""
        parts = Parts(rep_name=ctx.rep.name, rep_topics=list(request.rep_topics))
        baseline = team_baseline(ctx.team_deals, today)
        ranked = rank_early_deals(ctx.deals, baseline, today)
        states = skill_states(self.rubric, ctx.cards)
        parts.early = [part.early_deal(r, book) for r in ranked[:EARLY_LISTED]]
        parts.early_count = len(ranked)
        parts.late = [part.late_deal(r, book) for r in late_risks(ctx.deals, today)]
        parts.skills = part.skill_levels(states, book)
        parts.recognition = part.wins(ctx.deals, ctx.since, today, book)
        parts.recognition += part.score_gains(states, ctx.since, today, book)
        if ctx.previous:
            parts.carried = part.carried(ctx.previous["id"], ctx.carried, book)
        parts.gaps = _gaps(ctx, ranked)
        parts.focus = self._focus(tenant_id, ctx, ranked, states, book, parts.gaps)
        if not parts.recognition:
            parts.gaps.append(
                f"No wins or score gains between {ctx.since} and {today}."
            )
        return parts

    def _focus(
        self,
        tenant_id: str,
        ctx: Context,
        ranked: list[RankedDeal],
        states: list[SkillState],
        book: CitationBook,
        gaps: list[str],
    ) -> SkillFocus | None:
        """The skill to work on, its evidence and an exercise, or None."""
        counts = Counter(r.name for item in ranked for r in item.reasons)
        focus = choose_focus(self.rubric, states, counts)
        if focus is None:
            return None
        skill = focus.state.skill
        last = (ctx.previous or {}).get("skill_focus") or {}
        last_exercise = (last.get("exercise") or {}).get("id", "")
        pick = pick_exercise(skill, last_exercise)
        passage = self.exercises.passage(tenant_id, skill, pick[1])
        return skill_focus(focus, ranked, pick, passage, book, gaps)


def _gaps(ctx: Context, ranked: list[RankedDeal]) -> list[str]:
    gaps = []
    if ctx.previous is None:
        gaps.append(
            f"First agenda for {ctx.rep.name} with {ctx.manager.name}: nothing to "
            "carry over."
        )
    elif not ctx.carried:
        gaps.append(
            f"No commitments were recorded on the last agenda ({ctx.previous['id']}, "
            f"{ctx.previous['reference_date']})."
        )
    if not ranked:
        gaps.append("No open early-stage deals: the deal time goes to new pipeline.")
    if not ctx.cards:
        gaps.append(
            f"No scorecards on record for {ctx.rep.name}: skill levels are unknown."
        )
    return gaps


def cited_ids(agenda: Agenda) -> set[str]:
    """Every citation id the agenda's claims and items name."""
    ids = set(agenda.summary.citations)
    groups = [
        agenda.items,
        agenda.early_deals,
        agenda.late_deals,
        agenda.skills,
        agenda.recognition,
        agenda.commitments,
    ]
    for group in groups:
        for item in group:
            ids.update(item.citations)
    for deal in agenda.early_deals:
        for reason in deal.reasons:
            ids.update(reason.citations)
    if agenda.skill_focus is not None:
        for claim in agenda.skill_focus.evidence:
            ids.update(claim.citations)
        ids.update(agenda.skill_focus.exercise.citations)
    return ids
