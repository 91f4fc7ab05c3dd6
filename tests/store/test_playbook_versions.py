import pytest

from core.errors import Conflict
from ingest.paths import PathIngest, ingest_paths
from store import records
from store.playbook_history import (
    get_head,
    get_version,
    list_playbooks,
    list_versions,
    play_history,
    version_plays,
)
from store.playbooks import VersionNote
from tests.builders import PLAYBOOK

# Line endings, trailing spaces and non-ASCII text must survive storage unchanged.
AWKWARD = (
    PLAYBOOK.replace("\n", "\r\n") + "Ends with spaces   \r\n\tand a tab – “quoted” ✓"
)
EDITED = PLAYBOOK.replace("stalls at procurement", "stalls at legal review")


def versions_of(rt, source="sales/discovery.md", tenant="t1"):
    with rt.db.read() as conn:
        return list_versions(conn, tenant, source)


def text_of(rt, version, source="sales/discovery.md", tenant="t1"):
    with rt.db.read() as conn:
        return get_version(conn, tenant, source, version).text


def test_each_distinct_content_is_a_version_and_old_ones_stay_byte_identical(
    make_runtime,
):
    rt = make_runtime()
    first = rt.ingestor.playbook("t1", "sales/discovery.md", AWKWARD)
    second = rt.ingestor.playbook("t1", "sales/discovery.md", EDITED)
    third = rt.ingestor.playbook("t1", "sales/discovery.md", AWKWARD)

    assert first["versions_added"] == second["versions_added"] == 1
    assert third["versions_added"] == 1  # going back is a new version, not a rewind
    assert [v.version for v in versions_of(rt)] == [1, 2, 3]
    assert text_of(rt, 1).encode() == AWKWARD.encode()
    assert text_of(rt, 2).encode() == EDITED.encode()
    assert text_of(rt, 3).encode() == AWKWARD.encode()


def test_reingesting_identical_content_makes_no_version(make_runtime):
    rt = make_runtime()
    rt.ingestor.playbook("t1", "sales/discovery.md", PLAYBOOK)
    again = rt.ingestor.playbook("t1", "sales/discovery.md", PLAYBOOK)

    assert "versions_added" not in again
    assert [v.version for v in versions_of(rt)] == [1]


def test_a_version_records_its_author_reason_and_plays(make_runtime):
    rt = make_runtime()
    rt.ingestor.playbook("t1", "sales/discovery.md", PLAYBOOK)
    note = VersionNote(
        author="enablement:maya", reason="legal review", proposal_id="p1"
    )
    rt.ingestor.playbook("t1", "sales/discovery.md", EDITED, note=note)

    latest = versions_of(rt)[-1]
    assert (latest.author, latest.reason, latest.proposal_id) == (
        "enablement:maya",
        "legal review",
        "p1",
    )
    with rt.db.read() as conn:
        plays = version_plays(conn, "t1", "sales/discovery.md", 2)
        stored = records.source_chunks(conn, "t1", "play", "sales/discovery.md")
    assert {p.chunk_id for p in plays} == {c.id for c in stored}
    assert any("legal review" in p.text for p in plays)


def test_play_history_shows_only_the_versions_where_that_play_changed(make_runtime):
    rt = make_runtime()
    rt.ingestor.playbook("t1", "sales/discovery.md", PLAYBOOK)
    rt.ingestor.playbook("t1", "sales/discovery.md", EDITED)
    with rt.db.read() as conn:
        changed = play_history(
            conn,
            "t1",
            "sales/discovery.md",
            ["Discovery", "Meeting the economic buyer"],
        )
        steady = play_history(
            conn,
            "t1",
            "sales/discovery.md",
            ["Discovery", "Questions that find the pain"],
        )

    assert [p.version for p in changed] == [1, 2]
    assert "procurement" in changed[0].text and "legal review" in changed[1].text
    assert [p.version for p in steady] == [1]


def test_a_stale_expected_version_is_refused_and_nothing_is_written(make_runtime):
    rt = make_runtime()
    rt.ingestor.playbook("t1", "sales/discovery.md", PLAYBOOK)
    rt.ingestor.playbook("t1", "sales/discovery.md", EDITED)
    before = rt.index.ids("t1")

    with pytest.raises(Conflict, match="at version 2, not 1"):
        rt.ingestor.playbook(
            "t1", "sales/discovery.md", PLAYBOOK, note=VersionNote(expected_version=1)
        )
    assert [v.version for v in versions_of(rt)] == [1, 2]
    assert rt.index.ids("t1") == before
    assert text_of(rt, None) == EDITED


def test_a_failed_index_write_leaves_no_version_behind(make_runtime, monkeypatch):
    rt = make_runtime()
    rt.ingestor.playbook("t1", "sales/discovery.md", PLAYBOOK)

    def broken(*_args, **_kwargs):
        raise RuntimeError("index down")

    monkeypatch.setattr(rt.index, "upsert", broken)
    with pytest.raises(RuntimeError):
        rt.ingestor.playbook("t1", "sales/discovery.md", EDITED)
    assert [v.version for v in versions_of(rt)] == [1]


def test_a_removed_playbook_keeps_its_history_and_leaves_the_listing(
    make_runtime, tmp_path
):
    rt = make_runtime()
    folder = tmp_path / "sales"
    folder.mkdir()
    (folder / "discovery.md").write_text(PLAYBOOK)
    (folder / "other.md").write_text("# Other\n\nSome words about other things.\n")
    ingest_paths(rt.ingestor, [folder], PathIngest(tenant_id="t1"))
    (folder / "discovery.md").unlink()
    ingest_paths(rt.ingestor, [folder], PathIngest(tenant_id="t1"))

    with rt.db.read() as conn:
        listed = [p.id for p in list_playbooks(conn, "t1")]
        everything = list_playbooks(conn, "t1", include_removed=True)
        head = get_head(conn, "t1", "sales/discovery.md")
        kept = get_version(conn, "t1", "sales/discovery.md", 1).text
    assert listed == ["sales/other.md"]
    assert {p.id for p in everything} == {"sales/discovery.md", "sales/other.md"}
    assert not head.active and kept == PLAYBOOK

    rt.ingestor.playbook("t1", "sales/discovery.md", PLAYBOOK)
    with rt.db.read() as conn:
        assert get_head(conn, "t1", "sales/discovery.md").active
    assert [v.version for v in versions_of(rt)] == [1]


def test_histories_are_kept_per_tenant(make_runtime):
    rt = make_runtime()
    rt.ingestor.playbook("t1", "sales/discovery.md", PLAYBOOK)
    rt.ingestor.playbook("t2", "sales/discovery.md", EDITED)

    assert text_of(rt, 1, tenant="t1") == PLAYBOOK
    assert text_of(rt, 1, tenant="t2") == EDITED
