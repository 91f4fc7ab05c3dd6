"""Agendas over the public CRM export: a real team of reps and 8,800 opportunities."""

import datetime as dt

import pytest

from coaching.agenda_sources import agenda_source_text
from core.stages import EARLY_STAGES
from ingest.paths import PathIngest, ingest_paths
from tests.conftest import SHARED_DATA, needs_shared_data

pytestmark = [pytest.mark.integration, needs_shared_data()]
T = "default"
END_OF_DATA = dt.date(2017, 12, 31)


@pytest.fixture(scope="module")
def rt(tmp_path_factory):
    from core.settings import Settings
    from service.runtime import Runtime
    from tests.conftest import HashEmbedder

    settings = Settings(data_dir=tmp_path_factory.mktemp("crm"), llm_backend="fake")
    runtime = Runtime(settings, embedder=HashEmbedder())
    pipeline = SHARED_DATA / "crm" / "sales_pipeline.csv"
    ingest_paths(runtime.ingestor, [pipeline], PathIngest(tenant_id=T))
    yield runtime
    runtime.close()


def test_the_team_view_drafts_one_agenda_per_direct_report(rt):
    team = rt.agenda_writer.team(T, "dustin-brinkmann", END_OF_DATA)

    assert [a.rep_name for a in team.agendas] == [
        "Anna Snelling",
        "Cecily Lampkin",
        "Lajuana Vencill",
        "Moses Frase",
        "Versie Hillebrand",
    ]
    for agenda in team.agendas:
        assert agenda.manager_id == "dustin-brinkmann"
        assert sum(item.minutes for item in agenda.items) == 30
        assert agenda.early_deal_count > 0
        assert all(d.stage in EARLY_STAGES for d in agenda.early_deals)
        scores = [d.score for d in agenda.early_deals]
        assert scores == sorted(scores, reverse=True)


def test_a_real_agenda_cites_only_what_the_store_serves(rt):
    team = rt.agenda_writer.team(T, "melvin-marxen", END_OF_DATA)
    agenda = next(a for a in team.agendas if a.rep_id == "darcel-schlecht")
    assert agenda.recognition, "Darcel closed deals in the last week of 2017"
    with rt.db.read() as conn:
        for citation in agenda.citations:
            text = agenda_source_text(conn, T, citation.id, rt.rubric)
            assert citation.quote in text
