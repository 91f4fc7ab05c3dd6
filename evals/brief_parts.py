"""A brief taken apart for the metrics: its statements, claims and entity texts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from coaching.brief_models import Brief, BriefRequest, Risk
from coaching.citations import deal_text
from coaching.signals import deal_signals
from core.records import Chunk, Deal
from evals.metrics.grounding import ClaimCheck

Statement = tuple[str, str, list[str]]  # where, text, citation ids
_EMPTY_NEXT_STEP = "next_step: (none)"


def statements(brief: Brief) -> list[Statement]:
    """Every statement a reader sees, with the citations it names."""
    found = _claims(brief)
    for i, s in enumerate(brief.stakeholders):
        line = ", ".join(x for x in (s.name, s.title, s.role, s.cares_about) if x)
        found.append((f"stakeholders[{i}]", line, s.citations))
    found += [(f"risks[{i}]", r.text, r.citations) for i, r in enumerate(brief.risks)]
    found += [
        (f"objections[{i}].objection", o.objection, o.citations)
        for i, o in enumerate(brief.objections)
    ]
    return found


def claim_checks(
    brief: Brief, deal: Deal | None, today: dt.date, source_of: Callable
) -> list[ClaimCheck]:
    """The claims the grounded-claim rate checks, written and rule-derived.

    A passage citation brings the whole passage as cited text, a deal or meeting
    citation only its quoted line. The summary, next step and objection responses
    may also restate the meeting goal and name the deal: both are the request's own
    words, shown to the model. Two kinds of claim are checked by their rule instead
    of their words: risks, which must recompute from the deal, and the stock next
    step for a deal with none on record, which must cite only that empty field.
    """
    quotes = {c.id: c.quote for c in brief.citations}
    kinds = {c.id: c.kind for c in brief.citations}
    checks = []
    for where, text, ids in _claims(brief):
        passages = [
            t
            for cid in ids
            if kinds.get(cid) in ("play", "note") and (t := source_of(cid))
        ]
        if where in ("summary", "next_step") or where.startswith("objections"):
            passages += [brief.goal, f"deal {brief.deal_id}"]
        cited = [quotes[c] for c in ids if c in quotes]
        derived = True if cited == [_EMPTY_NEXT_STEP] and where == "next_step" else None
        checks.append(ClaimCheck(where, text, cited, passages, derived_ok=derived))
    for i, risk in enumerate(brief.risks):
        ok = deal is not None and _risk_recomputes(risk, deal, today)
        checks.append(ClaimCheck(f"risks[{i}]", risk.text, [], [], derived_ok=ok))
    return checks


def entity_texts(brief: Brief) -> list[str]:
    """Where an invented name, amount or date would mislead the rep.

    Risk texts and play reasons are left out: their figures (days late, similarity)
    are computed by rules, so they appear in no source by design.
    """
    texts = [brief.summary.text, brief.next_step.text]
    texts += [f"{o.objection}. {o.response}" for o in brief.objections]
    texts += [f"{s.name}. {s.title}" for s in brief.stakeholders]
    texts += [q.text for q in brief.questions]
    texts += [p.excerpt for p in brief.plays] + [lsn.text for lsn in brief.lessons]
    return texts


def entity_pool(
    brief: Brief, deal: Deal | None, request: BriefRequest, evidence: list[Chunk]
) -> list[str]:
    """What the output may name: the deal, the request and what the model was shown."""
    pool = [brief.goal, brief.meeting.kind, request.meeting.goal]
    pool += [f"{a.name} {a.title}" for a in request.meeting.attendees]
    if deal is not None:
        pool += [deal_text(deal), deal.notes]
    pool += [c.text for c in evidence] + [" ".join(c.heading_path) for c in evidence]
    return pool


def _claims(brief: Brief) -> list[Statement]:
    found: list[Statement] = [
        ("summary", brief.summary.text, brief.summary.citations),
        ("next_step", brief.next_step.text, brief.next_step.citations),
    ]
    found += [
        (f"objections[{i}].response", o.response, o.citations)
        for i, o in enumerate(brief.objections)
    ]
    found += [
        (f"plays[{i}]", p.excerpt, p.citations) for i, p in enumerate(brief.plays)
    ]
    found += [
        (f"lessons[{i}]", lsn.text, lsn.citations)
        for i, lsn in enumerate(brief.lessons)
    ]
    found += [
        (f"questions[{i}]", q.text, q.citations) for i, q in enumerate(brief.questions)
    ]
    return found


def _risk_recomputes(risk: Risk, deal: Deal, today: dt.date) -> bool:
    """A risk holds when the same signal fires on the deal and cites its fields."""
    for signal in deal_signals(deal, today):
        fields = {f"deal:{deal.id}:{f}" for f in signal.fields}
        if (signal.name, signal.text) == (risk.signal, risk.text):
            return fields == set(risk.citations)
    return False
