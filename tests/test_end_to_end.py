"""The brief path on real parts: MiniLM, Chroma on disk, and SmolLM2 or a fake."""

from pathlib import Path

import pytest

from coaching.brief_models import BriefRequest, Meeting
from ingest.paths import PathIngest, ingest_paths
from llm.fake import SchemaFakeChatModel
from service.runtime import Runtime
from tests.conftest import REPO, SHARED_DATA, needs_shared_data
from tests.integration_helpers import assert_citation_contract


@pytest.fixture(scope="module")
def sample_runtime(tmp_path_factory):
    from core.settings import Settings

    data = tmp_path_factory.mktemp("e2e")
    rt = Runtime(Settings(data_dir=data, reference_date="2026-12-04"))
    paths = [
        REPO / "playbooks",
        REPO / "samples" / "notes",
        REPO / "samples" / "deals.json",
    ]
    ingest_paths(rt.ingestor, paths, PathIngest(tenant_id=rt.settings.tenant))
    yield rt
    rt.close()


@pytest.mark.slow
def test_real_model_brief_keeps_the_citation_contract(sample_runtime):
    rt = sample_runtime
    request = BriefRequest(deal_id="D-2001", meeting=Meeting(kind="discovery"))
    brief = rt.brief_writer.write(rt.settings.tenant, request, rt.settings.today())

    assert_citation_contract(rt.db, rt.settings.tenant, brief, request)
    assert brief.usage is not None and brief.usage.completion_tokens > 0
    assert {r.signal for r in brief.risks} == {"no_economic_buyer"}
    assert brief.questions and brief.plays and brief.lessons
    assert "APPROVED" not in brief.model_dump_json()


@needs_shared_data()
def test_real_handbooks_and_crm_deal_give_a_grounded_brief(tmp_path):
    from core.settings import Settings

    rt = Runtime(
        Settings(data_dir=tmp_path, reference_date="2017-12-31"),
        model=SchemaFakeChatModel(),
    )
    playbooks = SHARED_DATA / "playbooks"
    paths = [
        playbooks / "fleet",
        playbooks / "posthog",
        SHARED_DATA / "crm" / "sales_pipeline.csv",
    ]
    report = ingest_paths(rt.ingestor, paths, PathIngest(tenant_id="t"))
    assert report.counts["deals_added"] == 8800 and report.counts["added"] > 20

    request = BriefRequest(deal_id="021Z2J9L", meeting=Meeting(kind="discovery"))
    brief = rt.brief_writer.write("t", request, rt.settings.today())
    assert_citation_contract(rt.db, "t", brief, request)
    assert {"stalled", "no_contacts"} <= {r.signal for r in brief.risks}
    assert all(not c.source.startswith(("/", "..")) for c in brief.citations)
    rt.close()


def test_paths_in_citations_never_name_this_machine(sample_runtime):
    rt = sample_runtime
    hits = rt.finder.search(rt.settings.tenant, "discovery", k=20)
    assert all(not Path(h.chunk.source).is_absolute() for h in hits)
