import pytest

from core.records import Note
from retrieval.index import SearchFilters
from tests.builders import NOTES, PLAYBOOK


@pytest.fixture
def rt(make_runtime):
    runtime = make_runtime()
    runtime.ingestor.playbook("t1", "sales/discovery.md", PLAYBOOK)
    runtime.ingestor.notes("t1", [Note(**n) for n in NOTES])
    return runtime


def test_hybrid_ranks_by_both_lists_and_scores_cosine(rt):
    query = "economic buyer procurement"
    dense = rt.searcher.search("t1", query, k=20, mode="dense")
    keyword = rt.searcher.search("t1", query, k=20, mode="keyword")
    hybrid = rt.searcher.search("t1", query, k=3, mode="hybrid")

    assert len(hybrid) == 3
    found = {h.chunk.id for h in dense} | {h.chunk.id for h in keyword}
    assert {h.chunk.id for h in hybrid} <= found
    cosine = {h.chunk.id: h.score for h in dense}
    assert all(h.score == cosine[h.chunk.id] for h in hybrid)


def test_a_keyword_only_hit_still_gets_its_cosine(rt):
    keyword = rt.searcher.search("t1", "procurement", k=1, mode="keyword")
    hybrid = rt.searcher.search("t1", "procurement", k=20, mode="hybrid")
    vector = rt.embedder.embed_query("procurement")
    expected = rt.index.similarities("t1", vector, [keyword[0].chunk.id])
    by_id = {h.chunk.id: h.score for h in hybrid}
    assert by_id[keyword[0].chunk.id] == expected[keyword[0].chunk.id] > 0


def test_every_mode_keeps_to_the_tenant_and_the_filters(rt):
    rt.ingestor.playbook("t2", "other.md", PLAYBOOK)
    for mode in ("dense", "keyword", "hybrid"):
        hits = rt.searcher.search(
            "t1",
            "economic buyer",
            k=10,
            filters=SearchFilters(kind="note", outcome="lost"),
            mode=mode,
        )
        assert hits, mode
        assert {(h.chunk.tenant_id, h.chunk.outcome) for h in hits} == {("t1", "lost")}


def test_the_configured_mode_is_the_default(make_runtime):
    rt = make_runtime(search_mode="keyword")
    rt.ingestor.playbook("t1", "d.md", PLAYBOOK)
    hits = rt.searcher.search("t1", "procurement", k=1)
    assert hits == rt.searcher.search("t1", "procurement", k=1, mode="keyword")
    with pytest.raises(ValueError, match="unknown search mode"):
        rt.searcher.search("t1", "procurement", k=1, mode="fuzzy")
