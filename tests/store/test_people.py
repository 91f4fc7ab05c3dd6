"""Reps, managers, scorecards and agendas in the relational store (SQLite)."""

import datetime as dt

import pytest

from core.errors import Conflict, InvalidInput, NotFound
from core.records import Deal
from store import records
from store.agendas import (
    Commitment,
    add_commitments,
    commitments,
    get_agenda,
    latest_agenda,
    save_agenda,
)
from store.db import Database
from store.people import (
    Manager,
    Rep,
    get_manager,
    get_rep,
    list_reps,
    owned_deals,
    person_key,
    upsert_manager,
    upsert_rep,
)
from store.scorecards import Scorecard, rep_scorecards, upsert_scorecard

T = "acme"


@pytest.fixture
def db(settings):
    database = Database.open(settings)
    yield database
    database.close()


def team(db, tenant=T):
    with db.begin() as conn:
        upsert_manager(conn, tenant, Manager(id="dustin", name="Dustin Brinkmann"))
        upsert_manager(conn, tenant, Manager(id="cara", name="Cara Losch"))
        upsert_rep(
            conn, tenant, Rep(id="moses-frase", name="Moses Frase", manager_id="dustin")
        )
        upsert_rep(
            conn, tenant, Rep(id="anna", name="Anna Snelling", manager_id="dustin")
        )


def test_person_key_matches_names_and_slugs():
    assert person_key("Moses Frase") == person_key("moses-frase") == "moses-frase"
    assert person_key("Mei-Mei  Johns") == "mei-mei-johns"


def test_rep_upsert_reports_added_unchanged_updated(db):
    team(db)
    rep = Rep(id="anna", name="Anna Snelling", manager_id="dustin")
    with db.begin() as conn:
        assert upsert_rep(conn, T, rep) == "unchanged"
        moved = rep.model_copy(update={"manager_id": "cara"})
        assert upsert_rep(conn, T, moved) == "updated"
        assert get_rep(conn, T, "anna").manager_id == "cara"


def test_a_rep_needs_a_known_manager(db):
    with db.begin() as conn, pytest.raises(InvalidInput, match="'ghost' is not known"):
        upsert_rep(conn, T, Rep(id="r1", name="Rae", manager_id="ghost"))


def test_two_reps_may_not_answer_to_the_same_owner(db):
    team(db)
    with db.begin() as conn, pytest.raises(Conflict, match="moses-frase"):
        upsert_rep(conn, T, Rep(id="R-9", name="moses frase", manager_id="cara"))


def test_moved_rep_belongs_to_the_new_manager_only(db):
    team(db)
    with db.begin() as conn:
        upsert_rep(conn, T, Rep(id="anna", name="Anna Snelling", manager_id="cara"))
    with db.read() as conn:
        assert [r.id for r in list_reps(conn, T, "dustin")] == ["moses-frase"]
        assert [r.id for r in list_reps(conn, T, "cara")] == ["anna"]


def test_unknown_people_are_404_naming_them(db):
    with db.read() as conn:
        with pytest.raises(NotFound, match="'nobody'"):
            get_rep(conn, T, "nobody")
        with pytest.raises(NotFound, match="'no-manager'"):
            get_manager(conn, T, "no-manager")


def test_deals_resolve_to_reps_by_id_or_name(db):
    team(db)
    deals = [
        Deal(id="D1", tenant_id=T, stage="discovery", owner="Moses Frase"),
        Deal(id="D2", tenant_id=T, stage="closed_won", owner="moses-frase"),
        Deal(id="D3", tenant_id=T, stage="discovery", owner="Anna Snelling"),
        Deal(id="D4", tenant_id=T, stage="discovery", owner="Someone Else"),
    ]
    with db.begin() as conn:
        for deal in deals:
            records.upsert_deal(conn, deal)
    with db.read() as conn:
        reps = list_reps(conn, T)
        owned = owned_deals(conn, T, reps)
        open_only = owned_deals(conn, T, reps, stages=["discovery"])
    assert [d.id for d in owned["moses-frase"]] == ["D1", "D2"]
    assert [d.id for d in owned["anna"]] == ["D3"]
    assert [d.id for d in open_only["moses-frase"]] == ["D1"]


def test_tenants_do_not_see_each_others_people(db):
    team(db)
    with db.read() as conn:
        assert list_reps(conn, "globex") == []
        with pytest.raises(NotFound):
            get_rep(conn, "globex", "anna")


def test_scorecards_are_stored_once_and_read_oldest_first(db):
    first = Scorecard(
        rep_id="anna", date="2017-12-01", reviewer="Dustin", scores={"discovery": 2}
    ).with_id(T)
    later = first.model_copy(
        update={"id": "", "date": dt.date(2017, 12, 20), "scores": {"discovery": 3}}
    ).with_id(T)
    assert first.id != later.id and first.with_id(T).id == first.id
    with db.begin() as conn:
        assert upsert_scorecard(conn, T, later) == "added"
        assert upsert_scorecard(conn, T, first) == "added"
        assert upsert_scorecard(conn, T, first) == "unchanged"
    with db.read() as conn:
        assert [c.id for c in rep_scorecards(conn, T, "anna")] == [first.id, later.id]
        until = rep_scorecards(conn, T, "anna", until=dt.date(2017, 12, 10))
        assert [c.id for c in until] == [first.id]


def agenda(agenda_id, day, rep="anna", manager="dustin"):
    return {
        "id": agenda_id,
        "rep_id": rep,
        "manager_id": manager,
        "reference_date": day,
    }


def test_latest_agenda_is_per_pair_and_before_the_day(db):
    with db.begin() as conn:
        save_agenda(conn, T, agenda("a1", "2017-12-18"), {})
        save_agenda(conn, T, agenda("a2", "2017-12-25"), {})
        save_agenda(conn, T, agenda("b1", "2017-12-26", manager="cara"), {})
    with db.read() as conn:
        before = latest_agenda(conn, T, "anna", "dustin", before=dt.date(2017, 12, 25))
        on = latest_agenda(conn, T, "anna", "dustin", on=dt.date(2017, 12, 25))
        assert before["id"] == "a1" and on["id"] == "a2"
        assert (
            latest_agenda(conn, T, "anna", "cara", before=dt.date(2017, 12, 26)) is None
        )
        assert get_agenda(conn, T, "b1")[0]["manager_id"] == "cara"


def test_commitments_are_recorded_in_order_and_once(db):
    with db.begin() as conn:
        save_agenda(conn, T, agenda("a1", "2017-12-18"), {})
        first = add_commitments(
            conn,
            T,
            "a1",
            [Commitment(text="Map the buying group for Cancity", due="2017-12-22")],
        )
        again = add_commitments(
            conn,
            T,
            "a1",
            [
                Commitment(text="map the buying group for cancity"),
                Commitment(text="Ask for the economic buyer"),
            ],
        )
    assert first == {"added": 1, "unchanged": 0}
    assert again == {"added": 1, "unchanged": 1}
    with db.read() as conn:
        texts = [c.text for c in commitments(conn, T, "a1")]
    assert texts == ["Map the buying group for Cancity", "Ask for the economic buyer"]


def test_commitments_on_an_unknown_agenda_are_404_and_write_nothing(db):
    with pytest.raises(NotFound, match="'nope'"):
        with db.begin() as conn:
            add_commitments(conn, T, "nope", [Commitment(text="x")])
    with db.read() as conn:
        assert commitments(conn, T, "nope") == []
