"""The cited parts of an agenda: ranked deals, skill levels, recognition, carried
commitments. Each part is built from records and cites the lines it rests on."""

from __future__ import annotations

import datetime as dt

from coaching.agenda_citations import cite_commitment, cite_scorecard
from coaching.agenda_models import (
    CarriedCommitment,
    DealReason,
    EarlyDeal,
    LateDeal,
    SkillLevel,
)
from coaching.brief_models import Claim
from coaching.citations import CitationBook
from coaching.ranking import RankedDeal
from coaching.skills import SkillState
from core.records import Deal
from store.agendas import Commitment
from store.scorecards import Scorecard

MAX_WINS = 5


def early_deal(ranked: RankedDeal, book: CitationBook) -> EarlyDeal:
    deal = ranked.deal
    reasons = [
        DealReason(
            signal=r.name,
            text=r.text,
            points=r.points,
            citations=[book.deal(deal, f) for f in r.fields],
        )
        for r in ranked.reasons
    ]
    return EarlyDeal(
        deal_id=deal.id,
        account=deal.account,
        stage=deal.stage,
        amount=deal.amount,
        score=ranked.score,
        reasons=reasons,
        question=ranked.question,
        citations=_union(r.citations for r in reasons),
    )


def late_deal(ranked: RankedDeal, book: CitationBook) -> LateDeal:
    reason = ranked.reasons[0]
    return LateDeal(
        deal_id=ranked.deal.id,
        account=ranked.deal.account,
        stage=ranked.deal.stage,
        risk=reason.text,
        citations=[book.deal(ranked.deal, f) for f in reason.fields],
    )


def skill_levels(states: list[SkillState], book: CitationBook) -> list[SkillLevel]:
    levels = []
    for state in states:
        current = state.current
        named = state.skill.level(current.level) if current else None
        levels.append(
            SkillLevel(
                skill=state.skill.id,
                name=state.skill.name,
                level=current.level if current else None,
                level_name=named.name if named else "",
                trend=state.trend,
                scored_on=current.card.date if current else None,
                citations=[_score_cite(book, current.card, state.skill.id)]
                if current
                else [],
            )
        )
    return levels


def wins(deals: list[Deal], since: dt.date, today: dt.date, book) -> list[Claim]:
    """Deals won after ``since`` and up to ``today``, largest first."""
    won = [
        d
        for d in deals
        if d.stage == "closed_won" and d.close_date and since < d.close_date <= today
    ]
    won.sort(key=lambda d: (-(d.amount or 0), d.id))
    return [_win(d, book) for d in won[:MAX_WINS]]


def _win(deal: Deal, book: CitationBook) -> Claim:
    what = f" ({deal.product})" if deal.product else ""
    worth = f" for {deal.amount:,.0f}" if deal.amount else ""
    fields = ["stage", "close_date"] + (["account"] if deal.account else [])
    fields += ["amount"] if deal.amount else []
    return Claim(
        text=f"Won {deal.account or f'deal {deal.id}'}{what}{worth} on "
        f"{deal.close_date.isoformat()}.",
        citations=[book.deal(deal, f) for f in fields],
    )


def score_gains(
    states: list[SkillState], since: dt.date, today: dt.date, book: CitationBook
) -> list[Claim]:
    """Skills whose latest score, given in the period, rose over the one before."""
    gains = []
    for state in states:
        now, before = state.current, state.previous
        if not (now and before and now.level > before.level):
            continue
        if not since < now.card.date <= today:
            continue
        gains.append(
            Claim(
                text=f"{state.skill.name} rose from {before.level} to {now.level} "
                f"({now.card.reviewer}, {now.card.date.isoformat()}).",
                citations=[
                    _score_cite(book, before.card, state.skill.id),
                    _score_cite(book, now.card, state.skill.id),
                ],
            )
        )
    return gains


def carried(
    agenda_id: str, items: list[Commitment], book: CitationBook
) -> list[CarriedCommitment]:
    return [
        CarriedCommitment(
            text=item.text,
            due=item.due,
            deal_id=item.deal_id,
            agenda_id=agenda_id,
            citations=[cite_commitment(book, agenda_id, n, item)],
        )
        for n, item in enumerate(items)
    ]


def _score_cite(book: CitationBook, card: Scorecard, skill_id: str) -> str:
    return cite_scorecard(book, card, f"scores.{skill_id}")


def _union(groups) -> list[str]:
    seen: dict[str, None] = {}
    for group in groups:
        seen.update(dict.fromkeys(group))
    return list(seen)
