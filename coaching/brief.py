"""Writing a pre-call brief: deterministic facts first, the model for the prose.

Risks come from deal signals, plays and questions from the playbook, lessons from
win/loss notes; the model drafts the summary, likely objections and the next step,
and keeps only what it grounds in the sources it was shown.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid

from coaching.brief_cache import BriefCache
from coaching.brief_models import (
    Brief,
    BriefRequest,
    Claim,
    Lesson,
    ModelUsage,
    PlayPick,
    Question,
    Risk,
    Stakeholder,
)
from coaching.citations import CitationBook, deal_field_line
from coaching.drafting import DraftResult, draft_prose
from coaching.evidence import Evidence, EvidenceFinder, title_of
from coaching.excerpts import best_sentence, questions
from coaching.signals import deal_signals
from coaching.timing import BriefTimings, Clock, TimedModel
from core.records import Deal
from llm.base import ChatModel
from store import records
from store.briefs import save_brief
from store.db import Database
from store.versions import current_version

log = logging.getLogger(__name__)

MAX_QUESTIONS = 5
# Words that mark why a deal went the way it did; they steer a lesson's quote.
LESSON_CUES = "because chose decided switched won lost reason why instead"

DEFAULT_GOALS = {
    "prospecting": "Earn a discovery meeting by showing you understand their world.",
    "discovery": "Confirm the pain, its cost, who decides and how they buy.",
    "demo": "Show the capabilities that answer the pains found in discovery.",
    "technical": "Agree the technical success criteria and who will sign them off.",
    "proposal": "Walk through the proposal and confirm it meets the decision criteria.",
    "negotiation": "Agree terms and the steps and dates to signature.",
    "renewal": "Confirm the value delivered and the terms of renewal.",
    "executive": "Align the executive sponsor on outcomes, timeline and risks.",
    "follow_up": "Close open questions and agree the next step.",
}


class BriefWriter:
    def __init__(
        self,
        db: Database,
        finder: EvidenceFinder,
        model: ChatModel,
        max_tokens: int = 400,
        cache: BriefCache[Brief] | None = None,
    ) -> None:
        self.db = db
        self.finder = finder
        self.model = model
        self.max_tokens = max_tokens
        self.cache = cache

    def write(self, tenant_id: str, request: BriefRequest, today: dt.date) -> Brief:
        """Build, check and store a brief for one deal and meeting.

        With a cache, an identical request on unchanged data gets the brief written
        for it moments ago (same id) instead of a second model call.
        """
        if self.cache is None:
            return self.write_timed(tenant_id, request, today)[0]
        brief = self.cache.get_or_write(
            self._cache_key(tenant_id, request, today),
            lambda: self.write_timed(tenant_id, request, today)[0],
        )
        return brief.model_copy(deep=True)

    def write_timed(
        self, tenant_id: str, request: BriefRequest, today: dt.date
    ) -> tuple[Brief, BriefTimings]:
        """Write a brief (never from the cache) and say where its time went."""
        timings = BriefTimings()
        clock = Clock(timings)
        deal = self._deal(tenant_id, request)
        meeting = request.meeting
        goal = meeting.goal or DEFAULT_GOALS[meeting.kind]
        book = CitationBook()
        evidence = self.finder.for_meeting(tenant_id, deal, meeting.kind, goal)
        clock.mark("evidence_s")

        model = TimedModel(self.model, timings)
        draft = draft_prose(
            model, deal, meeting.kind, goal, evidence, book, self.max_tokens
        )
        clock.mark("draft_s")
        brief = Brief(
            id=uuid.uuid4().hex[:16],
            deal_id=deal.id,
            owner=deal.owner,
            reference_date=today,
            meeting=meeting,
            summary=draft.summary or _fallback_summary(deal, meeting.kind, goal, book),
            goal=goal,
            stakeholders=_stakeholders(deal, request, book),
            risks=_risks(deal, today, book),
            questions=_questions(evidence, book),
            objections=draft.objections,
            plays=_plays(evidence, goal, book),
            lessons=_lessons(evidence, goal, book),
            next_step=draft.next_step or _fallback_next_step(deal, book),
            citations=[],
            left_out=draft.left_out,
            usage=_usage(draft),
        )
        brief.citations = book.used(_cited_ids(brief))
        clock.mark("assemble_s")
        self._save(tenant_id, request, brief)
        clock.mark("save_s")
        log.info(
            "brief written deal=%s total_s=%.3f model_s=%.3f overhead_s=%.3f",
            deal.id,
            timings.total_s,
            timings.model_s,
            timings.overhead_s,
        )
        return brief, timings

    def _cache_key(self, tenant_id: str, request: BriefRequest, today: dt.date):
        with self.db.read() as conn:
            version = current_version(conn, tenant_id)
        canonical = json.dumps(request.model_dump(mode="json"), sort_keys=True)
        return (tenant_id, canonical, today.isoformat(), version)

    def deal_for(self, tenant_id: str, request: BriefRequest) -> Deal:
        """The deal a request is about: the inline one, or the stored one by id."""
        return self._deal(tenant_id, request)

    def _deal(self, tenant_id: str, request: BriefRequest) -> Deal:
        if request.deal is not None:
            return request.deal.model_copy(update={"tenant_id": tenant_id})
        with self.db.read() as conn:
            return records.get_deal(conn, tenant_id, request.deal_id or "")

    def _save(self, tenant_id: str, request: BriefRequest, brief: Brief) -> None:
        with self.db.begin() as conn:
            save_brief(
                conn,
                tenant_id,
                brief.model_dump(mode="json"),
                request.model_dump(mode="json"),
            )


def _stakeholders(
    deal: Deal, request: BriefRequest, book: CitationBook
) -> list[Stakeholder]:
    present = {a.name.lower() for a in request.meeting.attendees}
    people = [
        Stakeholder(
            name=c.name,
            title=c.title,
            role=c.role,
            cares_about=c.cares_about,
            in_meeting=c.name.lower() in present,
            citations=[book.deal(deal, f"contacts[{i}]")],
        )
        for i, c in enumerate(deal.contacts)
    ]
    known = {c.name.lower() for c in deal.contacts}
    for i, a in enumerate(request.meeting.attendees):
        if a.side == "buyer" and a.name.lower() not in known:
            line = f"attendees[{i}]: {a.name}" + (f" ({a.title})" if a.title else "")
            people.append(
                Stakeholder(
                    name=a.name,
                    title=a.title,
                    role=a.role or "",
                    in_meeting=True,
                    citations=[book.meeting(f"attendees[{i}]", line)],
                )
            )
    return people


def _risks(deal: Deal, today: dt.date, book: CitationBook) -> list[Risk]:
    return [
        Risk(
            signal=s.name,
            severity=s.severity,
            text=s.text,
            citations=[book.deal(deal, f) for f in s.fields],
        )
        for s in deal_signals(deal, today)
    ]


def _questions(evidence: Evidence, book: CitationBook) -> list[Question]:
    """Questions written in the retrieved plays, from the passages richest in them."""
    hits = evidence.question_passages + evidence.plays
    ranked = sorted(
        hits, key=lambda h: (-min(len(questions(h.chunk.text)), 3), -h.score)
    )
    found: list[Question] = []
    seen: set[str] = set()
    for hit in ranked:
        for text in questions(hit.chunk.text):
            if text.lower() not in seen and len(found) < MAX_QUESTIONS:
                seen.add(text.lower())
                cid = book.chunk(hit.chunk, quote=text)
                found.append(Question(text=text, citations=[cid]))
    return found


def _plays(evidence: Evidence, goal: str, book: CitationBook) -> list[PlayPick]:
    picks = []
    for hit in evidence.plays:
        excerpt = best_sentence(hit.chunk.text, goal)
        picks.append(
            PlayPick(
                title=title_of(hit.chunk),
                excerpt=excerpt,
                why=f"Fits this stage and meeting (similarity {hit.score:.2f}).",
                citations=[book.chunk(hit.chunk, quote=excerpt)],
            )
        )
    return picks


def _lessons(evidence: Evidence, goal: str, book: CitationBook) -> list[Lesson]:
    lessons = []
    for hit in evidence.won + evidence.lost:
        text = best_sentence(hit.chunk.text, f"{goal} {LESSON_CUES}")
        lessons.append(
            Lesson(
                outcome=hit.chunk.outcome or "",
                text=text,
                citations=[book.chunk(hit.chunk, quote=text)],
            )
        )
    return lessons


def _fallback_summary(deal: Deal, kind: str, goal: str, book: CitationBook) -> Claim:
    fields = [
        f
        for f in ("account", "product", "stage", "amount", "close_date")
        if getattr(deal, f) not in (None, "")
    ]
    facts = ", ".join(
        deal_field_line(deal, f).replace("_", " ").replace(":", "", 1) for f in fields
    )
    return Claim(
        text=f"Deal {deal.id}: {facts}. This {kind} meeting: {goal}",
        citations=[book.deal(deal, f) for f in fields],
    )


def _fallback_next_step(deal: Deal, book: CitationBook) -> Claim:
    if deal.next_step:
        return Claim(text=deal.next_step, citations=[book.deal(deal, "next_step")])
    return Claim(
        text="No next step is on record: agree a dated next step before the call ends.",
        citations=[book.deal(deal, "next_step")],
    )


def _usage(draft: DraftResult) -> ModelUsage | None:
    c = draft.completion
    if c is None:
        return None
    return ModelUsage(
        model=c.model,
        latency_s=round(c.latency_s, 3),
        prompt_tokens=c.prompt_tokens,
        completion_tokens=c.completion_tokens,
    )


def _cited_ids(brief: Brief) -> set[str]:
    ids = set(brief.summary.citations) | set(brief.next_step.citations)
    for group in (
        brief.stakeholders,
        brief.risks,
        brief.questions,
        brief.objections,
        brief.plays,
        brief.lessons,
    ):
        for item in group:
            ids.update(item.citations)
    return ids
