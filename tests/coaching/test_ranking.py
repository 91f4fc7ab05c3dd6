"""Ranking early-stage deals by how much a manager can still change them."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from coaching.ranking import (
    POINTS,
    TeamBaseline,
    late_risks,
    rank_early_deals,
    team_baseline,
)
from core.records import Contact, Deal
from core.stages import STAGES

TODAY = dt.date(2017, 12, 31)
BUYERS = [
    Contact(name="Ana", role="economic_buyer"),
    Contact(name="Bo", role="champion"),
]
NO_BASELINE = TeamBaseline(stage_days={}, median_amount=None)


def deal(deal_id="D1", days=5, **fields) -> Deal:
    base = dict(
        id=deal_id,
        account=f"Account {deal_id}",
        stage="discovery",
        amount=1000.0,
        next_step="Demo on Friday",
        stage_entered_date=TODAY - dt.timedelta(days=days),
        contacts=BUYERS,
    )
    return Deal(**{**base, **fields})


def ids(ranked) -> list[str]:
    return [r.deal.id for r in ranked]


def test_a_deal_that_stalls_moves_up():
    bigger = deal("B", days=20, amount=2000.0)
    before = rank_early_deals([deal("A", days=10), bigger], NO_BASELINE, TODAY)
    after = rank_early_deals([deal("A", days=90), bigger], NO_BASELINE, TODAY)

    assert ids(before) == ["B", "A"]
    assert ids(after) == ["A", "B"]
    assert any(r.name == "stalled" for r in after[0].reasons)
    assert not any(r.name == "stalled" for r in before[1].reasons)


@given(st.integers(min_value=0, max_value=400), st.integers(min_value=1, max_value=60))
def test_more_days_in_stage_never_lowers_the_score(days, extra):
    now = rank_early_deals([deal(days=days)], NO_BASELINE, TODAY)[0].score
    later = rank_early_deals([deal(days=days + extra)], NO_BASELINE, TODAY)[0].score
    assert later >= now


@given(
    st.sampled_from(STAGES),
    st.booleans(),
    st.integers(min_value=0, max_value=500),
)
def test_closed_deals_never_appear(stage, has_next_step, days):
    d = deal(
        stage=stage,
        days=days,
        next_step="Call" if has_next_step else "",
        contacts=[],
        close_date=TODAY - dt.timedelta(days=30),
    )
    early = rank_early_deals([d], NO_BASELINE, TODAY)
    late = late_risks([d], TODAY)
    if stage in ("closed_won", "closed_lost"):
        assert early == [] and late == []
    assert len(early) + len(late) <= 1


def test_the_teams_median_sets_what_counts_as_stalled():
    team = [deal(f"T{n}", days=days) for n, days in enumerate((10, 12, 14))]
    baseline = team_baseline(team, TODAY)
    assert baseline.stage_days == {"discovery": 12.0}

    ranked = rank_early_deals([deal("X", days=24)], baseline, TODAY)[0]
    stalled = next(r for r in ranked.reasons if r.name == "stalled")
    assert "team's median of 12" in stalled.text
    assert stalled.points == 1.5  # twice the median: 1.5 points per median over
    assert stalled.fields == ("stage_entered_date", "stage")


def test_too_few_peers_fall_back_to_the_playbook_limit():
    baseline = team_baseline([deal("T1", days=2), deal("T2", days=3)], TODAY)
    assert baseline.stage_days == {}
    ranked = rank_early_deals([deal("X", days=45)], baseline, TODAY)[0]
    stalled = next(r for r in ranked.reasons if r.name == "stalled")
    assert "30 days the playbook allows" in stalled.text


def test_every_point_has_a_reason_naming_its_fields():
    risky = deal(next_step="", contacts=[Contact(name="Cy", role="champion")], days=80)
    ranked = rank_early_deals([risky], NO_BASELINE, TODAY)[0]

    assert ranked.score == round(sum(r.points for r in ranked.reasons), 2)
    assert all(r.fields and r.text for r in ranked.reasons)
    names = {r.name for r in ranked.reasons}
    assert {"stalled", "no_next_step", "single_threaded", "no_economic_buyer"} <= names
    assert set(names) - {"early_stage", "size"} <= set(POINTS)


def test_the_question_aims_at_the_heaviest_reason():
    lonely = deal(contacts=[Contact(name="Cy", role="economic_buyer")])
    ranked = rank_early_deals([lonely], NO_BASELINE, TODAY)[0]
    assert [r.name for r in ranked.reasons][:2] == ["early_stage", "single_threaded"]
    assert ranked.question.startswith("Who else at Account D1")


def test_larger_deals_than_the_team_median_score_more():
    baseline = TeamBaseline(stage_days={}, median_amount=1000.0)
    small, big, huge = (
        deal("S", amount=500.0),
        deal("B", amount=1500.0),
        deal("H", amount=3000.0),
    )
    ranked = rank_early_deals([small, big, huge], baseline, TODAY)
    assert ids(ranked) == ["H", "B", "S"]
    assert [r.text for r in ranked[0].reasons if r.name == "size"] == [
        "Worth 3,000, against the team's median open deal of 1,000."
    ]


def test_late_stage_deals_appear_only_at_high_risk_and_briefly():
    healthy = deal("P1", stage="proposal")
    slipped = deal("P2", stage="negotiation", close_date=TODAY - dt.timedelta(days=9))
    early = deal("E1", close_date=TODAY - dt.timedelta(days=9))

    risks = late_risks([healthy, slipped, early], TODAY)
    assert ids(risks) == ["P2"]
    assert [r.name for r in risks[0].reasons] == ["close_date_past"]
    assert ids(rank_early_deals([healthy, slipped, early], NO_BASELINE, TODAY)) == [
        "E1"
    ]


def test_ties_are_broken_by_size_then_id():
    ranked = rank_early_deals(
        [deal("B"), deal("A"), deal("C", amount=5000.0)], NO_BASELINE, TODAY
    )
    assert ids(ranked) == ["C", "A", "B"]
