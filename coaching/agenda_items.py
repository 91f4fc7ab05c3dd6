"""Turning an agenda's cited parts into time-boxed items and an opening summary.

The order follows how good 1:1s run: last week's commitments, recognition, the
early-stage deals the manager can still change, one skill, the rep's own topics,
and new commitments. Every kind is always present, so a rep with no deals or
scores still gets a full meeting, with the gap said in the item.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coaching.agenda_drafting import Fact
from coaching.agenda_models import (
    AgendaItem,
    CarriedCommitment,
    DealReason,
    EarlyDeal,
    ItemKind,
    LateDeal,
    SkillFocus,
    SkillLevel,
)
from coaching.brief_models import Claim
from coaching.timeboxes import WEIGHTS, allocate

DEALS_DISCUSSED = 3  # early-stage deals given time of their own


@dataclass
class Parts:
    rep_name: str
    carried: list[CarriedCommitment] = field(default_factory=list)
    recognition: list[Claim] = field(default_factory=list)
    early: list[EarlyDeal] = field(default_factory=list)
    early_count: int = 0
    late: list[LateDeal] = field(default_factory=list)
    focus: SkillFocus | None = None
    skills: list[SkillLevel] = field(default_factory=list)
    rep_topics: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)


def agenda_items(parts: Parts, length_minutes: int) -> list[AgendaItem]:
    """The meeting's items, whose minutes add up to ``length_minutes``."""
    planned: list[tuple[str, ItemKind, str, str, list[str]]] = []
    if parts.carried:
        texts = "; ".join(c.text for c in parts.carried)
        cites = _union(c.citations for c in parts.carried)
        planned.append(
            (
                "commitment_review",
                "commitment",
                "Last week's commitments",
                f"Open with what the rep committed to: {texts}",
                cites,
            )
        )
    planned.append(_recognition(parts))
    planned += _deals(parts)
    planned.append(_skill(parts.focus))
    topics = "; ".join(parts.rep_topics) or "Time for what the rep wants to raise."
    planned.append(("rep_topic", "rep_topic", "The rep's topics", topics, []))
    planned.append(
        (
            "commitment",
            "commitment",
            "Commitments for next week",
            "Agree what the rep will do before the next 1:1, and record it "
            "on this agenda so the next one opens with it.",
            [],
        )
    )

    minutes = allocate([WEIGHTS[p[0]] for p in planned], length_minutes)
    return [
        AgendaItem(kind=kind, title=title, minutes=m, detail=detail, citations=cites)
        for (_, kind, title, detail, cites), m in zip(planned, minutes)
    ]


def _recognition(parts: Parts) -> tuple:
    if not parts.recognition:
        detail = (
            "Nothing won or improved is on record for the period: ask what went well."
        )
        return ("recognition", "recognition", "Recognition", detail, [])
    detail = " ".join(c.text for c in parts.recognition)
    cites = _union(c.citations for c in parts.recognition)
    return ("recognition", "recognition", "Recognition", detail, cites)


def _deals(parts: Parts) -> list[tuple]:
    if not parts.early:
        detail = (
            "No open early-stage deals: agree where the next ones will come from "
            "and which accounts to open this week."
        )
        return [("early_deal", "early_deal", "Building pipeline", detail, [])]
    return [
        (
            "early_deal",
            "early_deal",
            f"{deal.account or deal.deal_id} ({deal.stage})",
            f"{deal.question} Why now: {headline(deal).text}",
            deal.citations,
        )
        for deal in parts.early[:DEALS_DISCUSSED]
    ]


def _skill(focus: SkillFocus | None) -> tuple:
    if focus is None:
        detail = (
            "Nothing on record points at a skill yet: score the rep against the "
            "rubric together, then pick the widest gap."
        )
        return ("skill", "skill", "Skill: a first scorecard", detail, [])
    level = (
        f"level {focus.level} of target {focus.target_level}"
        if focus.level is not None
        else "not scored yet"
    )
    detail = (
        f"{focus.why} Exercise: {focus.exercise.title}. {focus.exercise.instructions}"
    )
    cites = _union([*(c.citations for c in focus.evidence), focus.exercise.citations])
    return ("skill", "skill", f"Skill: {focus.name} ({level})", detail, cites)


def agenda_facts(parts: Parts) -> list[Fact]:
    """The parts the model may word the summary from, each under an alias."""
    facts = [
        Fact(
            f"D{n}",
            "deal",
            deal.account or deal.deal_id,
            f"{deal.account or deal.deal_id} ({deal.stage}): "
            + " ".join(r.text for r in deal.reasons),
            tuple(deal.citations),
        )
        for n, deal in enumerate(parts.early[:DEALS_DISCUSSED], start=1)
    ]
    if parts.focus is not None:
        focus = parts.focus
        cites = _union(c.citations for c in focus.evidence)
        text = f"Skill focus: {focus.name}. {focus.why}"
        facts.append(Fact("S1", "skill", focus.name, text, tuple(cites)))
    facts += [
        Fact(f"R{n}", "recognition", "recognition", c.text, tuple(c.citations))
        for n, c in enumerate(parts.recognition[:3], start=1)
    ]
    facts += [
        Fact(f"C{n}", "commitment", "commitment", c.text, tuple(c.citations))
        for n, c in enumerate(parts.carried[:3], start=1)
    ]
    return facts


def fallback_summary(parts: Parts) -> Claim:
    """A summary built from the parts, citing what each sentence rests on."""
    sentences: list[str] = []
    cites: list[list[str]] = []
    if parts.carried:
        count = len(parts.carried)
        noun = "commitment" if count == 1 else f"{count} commitments"
        sentences.append(f"Open with the {noun} from last time.")
        cites += [c.citations for c in parts.carried]
    if parts.early:
        top = parts.early[0]
        more = len(parts.early[:DEALS_DISCUSSED]) - 1
        others = f", then {more} more early-stage deals" if more else ""
        why = headline(top).text.split(": ")[0].rstrip(".")
        why = why[0].lower() + why[1:]
        sentences.append(f"Coach {top.account or top.deal_id} first ({why}){others}.")
        cites.append(headline(top).citations)
    if parts.focus is not None:
        sentences.append(f"Skill focus: {parts.focus.name}. {parts.focus.why}")
        cites += [c.citations for c in parts.focus.evidence[:1]]
    if parts.recognition:
        sentences.append(f"Recognise: {parts.recognition[0].text}")
        cites.append(parts.recognition[0].citations)
    if not sentences:
        sentences.append(
            f"Nothing is on record for {parts.rep_name} yet: no open deals, scores "
            "or commitments; use the time to build pipeline and a first scorecard."
        )
    return Claim(text=" ".join(sentences), citations=_union(cites))


def headline(deal: EarlyDeal) -> DealReason:
    """The reason the deal's question aims at: its heaviest risk, else its size.

    Being early is left out, since every ranked deal is.
    """
    for wanted in (
        lambda r: r.signal not in ("early_stage", "size"),
        lambda r: r.signal == "size",
    ):
        found = [r for r in deal.reasons if wanted(r)]
        if found:
            return found[0]
    return deal.reasons[0]


def _union(groups) -> list[str]:
    seen: dict[str, None] = {}
    for group in groups:
        seen.update(dict.fromkeys(group))
    return list(seen)
