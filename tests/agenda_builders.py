"""A small team for agenda tests: two managers, three reps, their deals and scores.

Dustin manages Moses (deals of every kind, two scorecards), Anna (a few discovery
deals, which set the team's medians) and Eve (nothing on record at all). Cara
manages nobody until a test moves someone to her.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from core.records import Contact, Deal
from store import records
from store.people import Manager, Rep, upsert_manager, upsert_rep
from store.scorecards import Scorecard, upsert_scorecard
from tests.conftest import REPO

TODAY = dt.date(2017, 12, 31)
T = "default"


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def summary_answer(text: str, *sources: str) -> str:
    return json.dumps({"summary": text, "summary_sources": list(sources)})


DEALS = [
    Deal(
        id="M-STALL",
        account="Cancity",
        owner="Moses Frase",
        stage="discovery",
        amount=5000,
        stage_entered_date=days_ago(120),
        contacts=[Contact(name="Ola Berg", role="champion")],
    ),
    Deal(
        id="M-FRESH",
        account="Betatech",
        owner="Moses Frase",
        stage="discovery",
        amount=1000,
        stage_entered_date=days_ago(5),
        next_step="Discovery call on 2018-01-03",
        contacts=[
            Contact(name="Ana Diaz", role="economic_buyer"),
            Contact(name="Bo Lind", role="champion"),
        ],
    ),
    Deal(id="M-PROS", account="Codehow", owner="moses-frase", stage="prospecting"),
    Deal(
        id="M-WON",
        account="Isdom",
        owner="Moses Frase",
        product="GTX Pro",
        stage="closed_won",
        amount=4514,
        close_date=days_ago(2),
    ),
    Deal(
        id="M-LOST",
        account="Zoomit",
        owner="Moses Frase",
        stage="closed_lost",
        amount=9000,
        close_date=days_ago(3),
        stage_entered_date=days_ago(3),
    ),
    Deal(
        id="M-LATE",
        account="Rangreen",
        owner="Moses Frase",
        stage="negotiation",
        amount=7000,
        close_date=days_ago(10),
        next_step="Legal review",
        contacts=[Contact(name="Cy Moe", role="economic_buyer")],
    ),
    *[
        Deal(
            id=f"A-{n}",
            account=f"Anna account {n}",
            owner="Anna Snelling",
            stage="discovery",
            amount=1000,
            stage_entered_date=days_ago(days),
        )
        for n, days in enumerate((20, 30, 40))
    ],
]

CARDS = [
    Scorecard(
        id="sc-1",
        rep_id="moses-frase",
        date=days_ago(40),
        reviewer="Dustin Brinkmann",
        scores={"multi_threading": 3, "discovery": 2},
    ),
    Scorecard(
        id="sc-2",
        rep_id="moses-frase",
        date=days_ago(4),
        reviewer="Dustin Brinkmann",
        scores={"multi_threading": 2, "discovery": 3},
        comment="Cancity rests on one champion.",
        deal_id="M-STALL",
    ),
]


def seed_team(rt, tenant: str = T, playbooks: bool = True) -> None:
    """Store the team, its deals and scorecards, and (by default) the playbooks."""
    with rt.db.begin() as conn:
        upsert_manager(conn, tenant, Manager(id="dustin", name="Dustin Brinkmann"))
        upsert_manager(conn, tenant, Manager(id="cara", name="Cara Losch"))
        for rep_id, name in (
            ("moses-frase", "Moses Frase"),
            ("anna", "Anna Snelling"),
            ("eve", "Eve Empty"),
        ):
            upsert_rep(conn, tenant, Rep(id=rep_id, name=name, manager_id="dustin"))
        for deal in DEALS:
            records.upsert_deal(conn, deal.model_copy(update={"tenant_id": tenant}))
        for card in CARDS:
            upsert_scorecard(conn, tenant, card)
    if playbooks:
        for path in sorted(Path(REPO, "playbooks").glob("*.md")):
            rt.ingestor.playbook(tenant, f"playbooks/{path.name}", path.read_text())


def move(rt, rep_id: str, name: str, manager_id: str, tenant: str = T) -> None:
    with rt.db.begin() as conn:
        upsert_rep(conn, tenant, Rep(id=rep_id, name=name, manager_id=manager_id))
