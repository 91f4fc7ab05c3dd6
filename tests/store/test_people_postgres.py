"""The people, scorecard and agenda store on PostgreSQL, in a schema of its own."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import Conflict
from core.records import Deal
from store import records
from store.agendas import Commitment, add_commitments, latest_agenda, save_agenda
from store.db import Database, make_engine
from store.people import (
    Manager,
    Rep,
    list_reps,
    owned_deals,
    upsert_manager,
    upsert_rep,
)
from store.scorecards import Scorecard, rep_scorecards, upsert_scorecard

pytestmark = pytest.mark.integration
T = "acme"


@pytest.fixture
def db(postgres_url):
    database = Database(make_engine(postgres_url))
    yield database
    database.close()


def test_people_deals_scorecards_and_agendas_round_trip(db):
    with db.begin() as conn:
        upsert_manager(conn, T, Manager(id="dustin", name="Dustin Brinkmann"))
        upsert_manager(conn, T, Manager(id="cara", name="Cara Losch"))
        rep = Rep(id="moses-frase", name="Moses Frase", manager_id="dustin")
        assert upsert_rep(conn, T, rep) == "added"
        assert upsert_rep(conn, T, rep) == "unchanged"
        records.upsert_deal(
            conn, Deal(id="D1", tenant_id=T, stage="discovery", owner="Moses Frase")
        )
        card = Scorecard(
            rep_id="moses-frase",
            date="2017-12-20",
            reviewer="Dustin",
            scores={"discovery": 2},
        ).with_id(T)
        assert upsert_scorecard(conn, T, card) == "added"
        save_agenda(
            conn,
            T,
            {
                "id": "a1",
                "rep_id": "moses-frase",
                "manager_id": "dustin",
                "reference_date": "2017-12-25",
            },
            {"rep_id": "moses-frase"},
        )
        assert add_commitments(conn, T, "a1", [Commitment(text="Call Cancity")]) == {
            "added": 1,
            "unchanged": 0,
        }

    with db.read() as conn:
        reps = list_reps(conn, T, "dustin")
        assert [r.id for r in reps] == ["moses-frase"]
        assert [d.id for d in owned_deals(conn, T, reps)["moses-frase"]] == ["D1"]
        assert rep_scorecards(conn, T, "moses-frase")[0].scores == {"discovery": 2}
        found = latest_agenda(
            conn, T, "moses-frase", "dustin", before=dt.date(2018, 1, 1)
        )
        assert found["id"] == "a1"


def test_moving_a_rep_and_a_name_clash_on_postgres(db):
    with db.begin() as conn:
        upsert_manager(conn, T, Manager(id="dustin", name="Dustin Brinkmann"))
        upsert_manager(conn, T, Manager(id="cara", name="Cara Losch"))
        upsert_rep(conn, T, Rep(id="anna", name="Anna Snelling", manager_id="dustin"))
        moved = Rep(id="anna", name="Anna Snelling", manager_id="cara")
        assert upsert_rep(conn, T, moved) == "updated"
    with pytest.raises(Conflict), db.begin() as conn:
        upsert_rep(conn, T, Rep(id="R-2", name="anna", manager_id="cara"))
    with db.read() as conn:
        assert list_reps(conn, T, "dustin") == []
        assert [r.id for r in list_reps(conn, T, "cara")] == ["anna"]
