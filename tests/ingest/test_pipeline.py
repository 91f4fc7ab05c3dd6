from collections import Counter

from core.records import Deal, Note
from retrieval.index import SearchFilters
from store import records
from tests.builders import DEAL, NOTES, PLAYBOOK


def test_reingesting_the_same_playbook_changes_nothing(make_runtime):
    rt = make_runtime()
    first = rt.ingestor.playbook("t1", "sales/discovery.md", PLAYBOOK)
    second = rt.ingestor.playbook("t1", "sales/discovery.md", PLAYBOOK)

    assert first["added"] >= 3 and first["updated"] == first["removed"] == 0
    assert second == Counter(added=0, updated=0, removed=0, unchanged=first["added"])
    assert len(rt.index.ids("t1")) == first["added"]


def test_an_edit_replaces_only_the_changed_play(make_runtime):
    rt = make_runtime()
    before = rt.ingestor.playbook("t1", "sales/discovery.md", PLAYBOOK)
    edited = PLAYBOOK.replace("stalls at procurement", "stalls at legal review")
    after = rt.ingestor.playbook("t1", "sales/discovery.md", edited)

    assert after["updated"] == 1 and after["added"] == after["removed"] == 0
    assert after["unchanged"] == before["added"] - 1
    hits = rt.index.search("t1", "stalls at legal review", k=1)
    assert "legal review" in hits[0].chunk.text
    assert len(rt.index.ids("t1")) == before["added"]


def test_a_removed_section_is_removed_from_both_stores(make_runtime):
    rt = make_runtime()
    rt.ingestor.playbook("t1", "d.md", PLAYBOOK)
    cut = PLAYBOOK.split("## Objection")[0]
    counts = rt.ingestor.playbook("t1", "d.md", cut)

    assert counts["removed"] == 1
    with rt.db.read() as conn:
        stored = {c.id for c in records.source_chunks(conn, "t1", "play", "d.md")}
    assert stored == rt.index.ids("t1")


def test_notes_are_searchable_by_outcome_and_competitor(make_runtime):
    rt = make_runtime()
    rt.ingestor.notes("t1", [Note(**n) for n in NOTES])

    lost = rt.index.search(
        "t1", "economic buyer", k=5, filters=SearchFilters(kind="note", outcome="lost")
    )
    assert lost and {h.chunk.outcome for h in lost} == {"lost"}
    mixpanel = rt.index.search(
        "t1", "economic buyer", k=5, filters=SearchFilters(competitor="MIXPANEL")
    )
    assert [h.chunk.parent_id for h in mixpanel] == ["N-1"]


def test_stage_filter_keeps_plays_tagged_for_that_stage(make_runtime):
    rt = make_runtime()
    rt.ingestor.playbook("t1", "d.md", PLAYBOOK)
    hits = rt.index.search(
        "t1", "price", k=10, filters=SearchFilters(kind="play", stage="discovery")
    )
    assert hits and all("discovery" in h.chunk.stages for h in hits)


def test_one_tenant_never_sees_another_tenants_records(make_runtime):
    rt = make_runtime()
    rt.ingestor.playbook("t1", "d.md", PLAYBOOK)
    rt.ingestor.notes("t1", [Note(**n) for n in NOTES])

    assert rt.index.search("t2", "economic buyer", k=10) == []
    assert rt.ingestor.playbook("t2", "d.md", PLAYBOOK)["added"] >= 3
    assert {h.chunk.tenant_id for h in rt.index.search("t2", "buyer", k=20)} == {"t2"}


def test_deal_upserts_report_added_updated_unchanged(make_runtime):
    rt = make_runtime()
    deal = Deal(**DEAL)
    assert rt.ingestor.deals("t1", [deal]) == Counter(deals_added=1)
    assert rt.ingestor.deals("t1", [deal]) == Counter(deals_unchanged=1)
    moved = deal.model_copy(update={"stage": "evaluation"})
    assert rt.ingestor.deals("t1", [moved]) == Counter(deals_updated=1)
    with rt.db.read() as conn:
        assert records.get_deal(conn, "t1", "D-1").stage == "evaluation"


def test_notes_from_a_read_only_folder_take_an_explicit_sidecar(make_runtime, tmp_path):
    from ingest.paths import PathIngest, ingest_paths

    folder = tmp_path / "decisions"
    folder.mkdir()
    (folder / "pep.md").write_text("# Forge choice\n\nThey chose the other forge.\n")
    sidecar = tmp_path / "elsewhere.yaml"
    sidecar.write_text("files:\n  pep.md: {outcome: lost, competitor: GitHub}\n")
    rt = make_runtime()

    options = PathIngest(tenant_id="t1", kind="note", sidecar=sidecar)
    report = ingest_paths(rt.ingestor, [folder], options)

    assert report.counts["notes_added"] == 1
    hits = rt.index.search("t1", "forge", k=1)
    assert (
        hits[0].chunk.outcome == "lost" and hits[0].chunk.source == "decisions/pep.md"
    )
