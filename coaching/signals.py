"""Deal risk signals computed from deal fields alone, as of a reference date.

These carry the substance of a brief's risks without the model: each names the deal
fields it was read from, so it is grounded by construction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.records import Deal
from core.stages import OPEN_STAGES

# Days a deal may sit in a stage before it counts as stalled.
STALL_DAYS = {
    "prospecting": 30,
    "discovery": 30,
    "evaluation": 45,
    "proposal": 30,
    "negotiation": 30,
}
STALE_ACTIVITY_DAYS = 14
BUYER_ROLES = ("economic_buyer", "decision_maker")


@dataclass(frozen=True)
class Signal:
    name: str
    severity: str  # high, medium or low
    text: str
    fields: tuple[str, ...]


def deal_signals(deal: Deal, today: dt.date) -> list[Signal]:
    """Every risk signal that fires for an open deal, most severe first."""
    if deal.stage not in OPEN_STAGES:
        return []
    checks = (
        _close_date_past,
        _stalled,
        _no_next_step,
        _no_contacts,
        _single_threaded,
        _no_economic_buyer,
        _stale_activity,
    )
    found = [s for check in checks if (s := check(deal, today)) is not None]
    order = {"high": 0, "medium": 1, "low": 2}
    return sorted(found, key=lambda s: order[s.severity])


def days_in_stage(deal: Deal, today: dt.date) -> int | None:
    entered = deal.stage_entered_date or deal.created_date
    return (today - entered).days if entered else None


def _close_date_past(deal: Deal, today: dt.date) -> Signal | None:
    if deal.close_date and deal.close_date < today:
        late = (today - deal.close_date).days
        return Signal(
            "close_date_past",
            "high",
            f"The close date passed {late} days ago and the deal is still open: "
            "the forecast is wrong or the deal has slipped.",
            ("close_date", "stage"),
        )
    return None


def _stalled(deal: Deal, today: dt.date) -> Signal | None:
    days = days_in_stage(deal, today)
    limit = STALL_DAYS[deal.stage]
    if days is None or days <= limit:
        return None
    field = "stage_entered_date" if deal.stage_entered_date else "created_date"
    return Signal(
        "stalled",
        "high" if days > 2 * limit else "medium",
        f"{days} days in {deal.stage}, past the {limit} days a deal usually takes.",
        (field, "stage"),
    )


def _no_next_step(deal: Deal, today: dt.date) -> Signal | None:
    if deal.next_step:
        return None
    return Signal(
        "no_next_step",
        "medium",
        "No next step is recorded: leave the call with a dated, agreed next step.",
        ("next_step",),
    )


def _no_contacts(deal: Deal, today: dt.date) -> Signal | None:
    if deal.contacts:
        return None
    return Signal(
        "no_contacts",
        "medium",
        "No contacts are recorded on the deal: nobody on the buying side is known "
        "by name or role.",
        ("account",),
    )


def _single_threaded(deal: Deal, today: dt.date) -> Signal | None:
    if len(deal.contacts) != 1:
        return None
    return Signal(
        "single_threaded",
        "medium",
        "Single-threaded: one contact carries the whole deal; if they leave or go "
        "quiet, the deal stalls.",
        ("contacts[0]",),
    )


def _no_economic_buyer(deal: Deal, today: dt.date) -> Signal | None:
    if not deal.contacts or deal.stage == "prospecting":
        return None
    if any(c.role in BUYER_ROLES for c in deal.contacts):
        return None
    fields = tuple(f"contacts[{i}]" for i in range(len(deal.contacts)))
    return Signal(
        "no_economic_buyer",
        "high" if deal.stage in ("proposal", "negotiation") else "medium",
        "No economic buyer among the contacts: nobody known can sign or fund this.",
        fields,
    )


def _stale_activity(deal: Deal, today: dt.date) -> Signal | None:
    if not deal.last_activity_date:
        return None
    idle = (today - deal.last_activity_date).days
    if idle <= STALE_ACTIVITY_DAYS:
        return None
    return Signal(
        "stale_activity",
        "medium",
        f"No activity for {idle} days.",
        ("last_activity_date",),
    )
