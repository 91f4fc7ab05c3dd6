"""Reps and managers from a CRM export's teams file, imported with its deals."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import FileRejected
from ingest.paths import PathIngest, ingest_paths
from ingest.people import crm_people, is_crm_export
from store import records
from store.people import get_rep, list_managers, list_reps, owned_deals
from tests.conftest import SHARED_DATA, needs_shared_data

T = "acme"
PIPELINE = (
    "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,"
    "close_value\n"
    "W1,Moses Frase,GTX Pro,Cancity,Won,2017-10-20,2017-12-28,4514\n"
    "E1,Anna Snelling,MG Special,Betatech,Engaging,2017-11-03,,\n"
    "E2,Moses Frase,MG Special,Betatech,Engaging,2017-12-01,,\n"
)
TEAMS = (
    "sales_agent,manager,regional_office\n"
    "Moses Frase,Dustin Brinkmann,Central\n"
    "Anna Snelling,Dustin Brinkmann,Central\n"
    "Violet Mclelland,Cara Losch,East\n"
)


def crm(folder: Path, teams: str = TEAMS) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "sales_pipeline.csv").write_text(PIPELINE)
    (folder / "sales_teams.csv").write_text(teams)
    return folder


def ingest(rt, *paths: Path):
    return ingest_paths(rt.ingestor, list(paths), PathIngest(tenant_id=T)).counts


def test_people_get_ids_from_their_names(tmp_path):
    people = crm_people(crm(tmp_path / "crm"), "crm")
    assert [m.id for m in people.managers] == ["dustin-brinkmann", "cara-losch"]
    moses = people.reps[0]
    assert (moses.id, moses.manager_id, moses.team) == (
        "moses-frase",
        "dustin-brinkmann",
        "Central",
    )
    assert moses.source == "crm/sales_teams.csv"


def test_only_the_pipeline_export_is_a_crm_export(tmp_path):
    folder = crm(tmp_path / "crm")
    assert is_crm_export(folder) and is_crm_export(folder / "sales_pipeline.csv")
    assert not is_crm_export(folder / "sales_teams.csv")
    other = tmp_path / "deals.csv"
    other.write_text("id,stage\nD1,discovery\n")
    assert not is_crm_export(other)


def test_reimporting_the_same_export_changes_nothing(make_runtime, tmp_path):
    rt = make_runtime()
    folder = crm(tmp_path / "crm")
    first = ingest(rt, folder)
    second = ingest(rt, folder)

    assert first["reps_added"] == 3 and first["managers_added"] == 2
    assert first["deals_added"] == 3
    assert second["reps_unchanged"] == 3 and second["managers_unchanged"] == 2
    assert second["deals_unchanged"] == 3
    assert not {k for k in second if k.endswith(("_added", "_updated"))}


def test_a_rep_moved_in_the_teams_file_moves_on_reimport(make_runtime, tmp_path):
    rt = make_runtime()
    ingest(rt, crm(tmp_path / "crm"))
    moved = TEAMS.replace("Anna Snelling,Dustin Brinkmann", "Anna Snelling,Cara Losch")
    counts = ingest(rt, crm(tmp_path / "crm", moved))

    assert counts["reps_updated"] == 1 and counts["reps_unchanged"] == 2
    with rt.db.read() as conn:
        assert [r.id for r in list_reps(conn, T, "cara-losch")] == [
            "anna-snelling",
            "violet-mclelland",
        ]
        assert [r.id for r in list_reps(conn, T, "dustin-brinkmann")] == ["moses-frase"]


def test_imported_deals_resolve_to_the_imported_reps(make_runtime, tmp_path):
    rt = make_runtime()
    ingest(rt, crm(tmp_path / "crm"))
    with rt.db.read() as conn:
        owned = owned_deals(conn, T, list_reps(conn, T))
    assert [d.id for d in owned["moses-frase"]] == ["E2", "W1"]
    assert [d.id for d in owned["violet-mclelland"]] == []


def test_a_conflicting_teams_file_is_refused_and_nothing_is_written(
    make_runtime, tmp_path
):
    rt = make_runtime()
    twice = TEAMS + "Moses Frase,Cara Losch,East\n"
    with pytest.raises(FileRejected, match="sales_teams.csv.*moses-frase"):
        ingest(rt, crm(tmp_path / "crm", twice))
    with rt.db.read() as conn:
        assert list_reps(conn, T) == [] and list_managers(conn, T) == []
        assert records.list_deals(conn, T) == []


@needs_shared_data()
def test_the_shared_crm_loads_35_reps_under_6_managers_once(make_runtime):
    rt = make_runtime()
    pipeline = SHARED_DATA / "crm" / "sales_pipeline.csv"
    first = ingest(rt, pipeline)
    second = ingest(rt, pipeline)

    assert (first["reps_added"], first["managers_added"]) == (35, 6)
    assert first["deals_added"] == 8800
    assert second == {
        "deals_unchanged": 8800,
        "reps_unchanged": 35,
        "managers_unchanged": 6,
    }
    with rt.db.read() as conn:
        teams = {m.id: len(list_reps(conn, T, m.id)) for m in list_managers(conn, T)}
        assert sum(teams.values()) == 35 and len(teams) == 6
        assert get_rep(conn, T, "moses-frase").manager_id == "dustin-brinkmann"
