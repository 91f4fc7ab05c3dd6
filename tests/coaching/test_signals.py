import datetime as dt

from coaching.signals import days_in_stage, deal_signals
from core.records import Contact, Deal

TODAY = dt.date(2026, 12, 4)


def deal(**fields) -> Deal:
    base = dict(
        id="D1",
        stage="discovery",
        next_step="Demo on Friday",
        stage_entered_date=TODAY - dt.timedelta(days=5),
        contacts=[
            Contact(name="Ana", role="economic_buyer"),
            Contact(name="Bo", role="champion"),
        ],
    )
    return Deal(**{**base, **fields})


def names(d: Deal) -> set[str]:
    return {s.name for s in deal_signals(d, TODAY)}


def test_healthy_deal_has_no_signals():
    assert names(deal()) == set()


def test_each_signal_fires_on_its_own_condition():
    assert names(deal(next_step="")) == {"no_next_step"}
    assert names(deal(close_date=TODAY - dt.timedelta(days=1))) == {"close_date_past"}
    assert names(deal(contacts=[Contact(name="Ana", role="champion")])) == {
        "single_threaded",
        "no_economic_buyer",
    }
    assert names(deal(contacts=[])) == {"no_contacts"}
    assert names(deal(last_activity_date=TODAY - dt.timedelta(days=30))) == {
        "stale_activity"
    }


def test_stall_is_measured_against_the_stage_limit():
    assert "stalled" not in names(
        deal(stage_entered_date=TODAY - dt.timedelta(days=30))
    )
    stalled = deal_signals(
        deal(stage_entered_date=TODAY - dt.timedelta(days=31)), TODAY
    )
    assert [s.severity for s in stalled if s.name == "stalled"] == ["medium"]
    long = deal_signals(deal(stage_entered_date=TODAY - dt.timedelta(days=61)), TODAY)
    assert [s.severity for s in long if s.name == "stalled"] == ["high"]


def test_closed_deals_carry_no_risk_signals():
    assert names(deal(stage="closed_won", next_step="", contacts=[])) == set()


def test_signals_are_sorted_most_severe_first_and_name_real_fields():
    d = deal(next_step="", close_date=TODAY - dt.timedelta(days=3), contacts=[])
    found = deal_signals(d, TODAY)
    assert found[0].severity == "high"
    for s in found:
        for field in s.fields:
            assert field.startswith("contacts[") or hasattr(d, field)


def test_days_in_stage_falls_back_to_created_date():
    d = deal(stage_entered_date=None, created_date=TODAY - dt.timedelta(days=9))
    assert days_in_stage(d, TODAY) == 9
    assert days_in_stage(deal(stage_entered_date=None), TODAY) is None
