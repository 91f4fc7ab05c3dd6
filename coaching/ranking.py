"""Ranking a rep's early-stage deals by how much a manager can still change them.

Pure functions over deals, the team's baseline and a reference date, no model and no
store. Every point a deal scores comes with a reason naming the deal fields it was
read from, so the ranking explains itself; each ranked deal carries one coaching
question aimed at its biggest reason. Late-stage deals are listed only when a
high-severity risk fires, since by then a 1:1 can do little more than notice it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median

from coaching.signals import STALL_DAYS, Signal, days_in_stage, deal_signals
from core.records import Deal
from core.stages import EARLY_STAGES, OPEN_STAGES

# Points per risk signal, by how much the manager's help could change the outcome.
POINTS = {
    "stalled": 3.0,  # the most a stall adds; see _stalled
    "close_date_past": 2.0,
    "no_next_step": 1.5,
    "single_threaded": 1.5,
    "no_economic_buyer": 1.5,
    "no_contacts": 1.0,
    "stale_activity": 1.0,
}
# Earlier is more open to change, but a prospect is barely a deal yet.
STAGE_POINTS = {"prospecting": 1.0, "discovery": 2.0, "evaluation": 1.5}
# A team median needs this many deals in the stage; fewer fall back to the playbook.
MIN_PEERS = 3
LARGE = 1.0  # points for a deal at or above the team's median size
VERY_LARGE = 2.0  # at three times the median or more

QUESTIONS = {
    "stalled": "What has to happen for {account} to leave {stage}, and who on their "
    "side decides that?",
    "close_date_past": "The close date for {account} has passed: what did the buyer "
    "say about timing, and which date would they agree to?",
    "no_next_step": "What is the next step with {account}, on which date, and has "
    "the buyer agreed to it?",
    "single_threaded": "Who else at {account} would notice if this project stopped, "
    "and how will you meet them?",
    "no_economic_buyer": "Who signs for {account}, and what would they need to hear "
    "to meet you?",
    "no_contacts": "Who at {account} have you spoken to, and what does each of "
    "them care about?",
    "stale_activity": "When did you last hear from {account}, and what will restart "
    "the conversation?",
    "size": "{account} is one of your largest deals: what would make it certain to "
    "move to the next stage?",
}


@dataclass(frozen=True)
class Reason:
    name: str
    text: str
    points: float
    fields: tuple[str, ...]


@dataclass(frozen=True)
class RankedDeal:
    deal: Deal
    score: float
    reasons: tuple[Reason, ...]
    question: str


@dataclass(frozen=True)
class TeamBaseline:
    """What is normal for the team: median days per open stage, median deal size."""

    stage_days: dict[str, float]
    median_amount: float | None


def team_baseline(deals: Iterable[Deal], today: dt.date) -> TeamBaseline:
    """Medians over the team's open deals; a stage with too few deals has none."""
    days: dict[str, list[int]] = {}
    amounts = []
    for deal in deals:
        if deal.stage not in OPEN_STAGES:
            continue
        spent = days_in_stage(deal, today)
        if spent is not None and spent >= 0:
            days.setdefault(deal.stage, []).append(spent)
        if deal.amount:
            amounts.append(deal.amount)
    stage_days = {s: float(median(v)) for s, v in days.items() if len(v) >= MIN_PEERS}
    return TeamBaseline(stage_days, float(median(amounts)) if amounts else None)


def rank_early_deals(
    deals: Iterable[Deal], baseline: TeamBaseline, today: dt.date
) -> list[RankedDeal]:
    """Open early-stage deals, the ones a manager can most change first."""
    ranked = [_rank(d, baseline, today) for d in deals if d.stage in EARLY_STAGES]
    return sorted(ranked, key=lambda r: (-r.score, -(r.deal.amount or 0), r.deal.id))


def late_risks(deals: Iterable[Deal], today: dt.date) -> list[RankedDeal]:
    """Open late-stage deals with a high-severity risk, each with that risk only."""
    found = []
    for deal in deals:
        if deal.stage in OPEN_STAGES and deal.stage not in EARLY_STAGES:
            high = [s for s in deal_signals(deal, today) if s.severity == "high"]
            if high:
                reason = _from_signal(high[0])
                found.append(RankedDeal(deal, reason.points, (reason,), ""))
    return sorted(found, key=lambda r: (-(r.deal.amount or 0), r.deal.id))


def _rank(deal: Deal, baseline: TeamBaseline, today: dt.date) -> RankedDeal:
    reasons = [_stage(deal)]
    stalled = _stalled(deal, baseline, today)
    reasons += [stalled] if stalled else []
    reasons += [
        _from_signal(s) for s in deal_signals(deal, today) if s.name != "stalled"
    ]
    size = _size(deal, baseline)
    reasons += [size] if size else []
    ordered = tuple(sorted(reasons, key=lambda r: -r.points))
    score = round(sum(r.points for r in ordered), 2)
    return RankedDeal(deal, score, ordered, _question(deal, ordered))


def _stage(deal: Deal) -> Reason:
    return Reason(
        "early_stage",
        f"In {deal.stage}: early enough to change who is involved and how it is "
        "qualified.",
        STAGE_POINTS[deal.stage],
        ("stage",),
    )


def _stalled(deal: Deal, baseline: TeamBaseline, today: dt.date) -> Reason | None:
    """Days in stage against the team's median; points grow with the overrun."""
    spent = days_in_stage(deal, today)
    if spent is None:
        return None
    norm = baseline.stage_days.get(deal.stage)
    against = f"the team's median of {norm:g}" if norm else None
    if not norm:
        norm = float(STALL_DAYS[deal.stage])
        against = f"the {norm:g} days the playbook allows"
    if spent <= norm:
        return None
    points = round(min(POINTS["stalled"], 1.5 * (spent / norm - 1)), 2)
    field = "stage_entered_date" if deal.stage_entered_date else "created_date"
    text = f"{spent} days in {deal.stage} against {against}."
    return Reason("stalled", text, points, (field, "stage"))


def _from_signal(signal: Signal) -> Reason:
    return Reason(signal.name, signal.text, POINTS[signal.name], signal.fields)


def _size(deal: Deal, baseline: TeamBaseline) -> Reason | None:
    typical = baseline.median_amount
    if not deal.amount or not typical or deal.amount < typical:
        return None
    points = VERY_LARGE if deal.amount >= 3 * typical else LARGE
    text = f"Worth {deal.amount:,.0f}, against the team's median open deal of "
    return Reason("size", f"{text}{typical:,.0f}.", points, ("amount",))


def _question(deal: Deal, reasons: tuple[Reason, ...]) -> str:
    """The question for the heaviest risk; size only when no risk has one."""
    account = deal.account or f"deal {deal.id}"
    names = [r.name for r in reasons if r.name != "size"] + ["size"]
    for name in names:
        if name in QUESTIONS and any(r.name == name for r in reasons):
            question = QUESTIONS[name].format(account=account, stage=deal.stage)
            return question[0].upper() + question[1:]
    return f"What would move {account} out of {deal.stage} this month?"
