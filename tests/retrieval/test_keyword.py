from core.records import Chunk, Note
from retrieval.index import SearchFilters
from retrieval.keyword import KeywordIndex, keyword_terms, s_stem
from store.corpus import StoredCorpus
from tests.builders import NOTES, PLAYBOOK


def test_the_s_stemmer_folds_plurals_only():
    assert [s_stem(w) for w in ("objections", "companies", "boxes", "process")] == [
        "objection",
        "company",
        "boxe",
        "process",
    ]
    assert [s_stem(w) for w in ("status", "bus", "gas", "its")] == [
        "status",
        "bus",
        "gas",
        "its",
    ]


def test_terms_are_lower_case_words_without_stop_words():
    assert keyword_terms("The MEDDPPICC Objections of a CFO, and ROI!") == [
        "meddppicc",
        "objection",
        "cfo",
        "roi",
    ]


def test_keyword_search_ranks_exact_words_and_applies_filters(make_runtime):
    rt = make_runtime()
    rt.ingestor.playbook("t1", "sales/discovery.md", PLAYBOOK)
    rt.ingestor.notes("t1", [Note(**n) for n in NOTES])
    index = KeywordIndex(StoredCorpus(rt.db))

    hits = index.search("t1", "procurement stalls", k=3)
    assert "procurement" in hits[0].chunk.text
    assert hits == sorted(hits, key=lambda h: -h.score)

    lost = index.search(
        "t1", "economic buyer", k=5, filters=SearchFilters(outcome="lost")
    )
    assert [h.chunk.parent_id for h in lost] == ["N-2"]
    mixpanel = index.search(
        "t1", "economic buyer", k=5, filters=SearchFilters(competitor="MIXPANEL")
    )
    assert [h.chunk.parent_id for h in mixpanel] == ["N-1"]
    assert (
        index.search("t1", "economic buyer", k=5, filters=SearchFilters(stage="x"))
        == []
    )


def test_words_nobody_wrote_and_other_tenants_find_nothing(make_runtime):
    rt = make_runtime()
    rt.ingestor.playbook("t1", "d.md", PLAYBOOK)
    index = KeywordIndex(StoredCorpus(rt.db))

    assert index.search("t1", "zebra xylophone", k=5) == []
    assert index.search("t1", "the and of", k=5) == []
    assert index.search("t2", "procurement", k=5) == []


def test_a_write_by_another_process_is_seen_on_the_next_search(make_runtime):
    """Two runtimes on one data dir stand for two workers behind one store."""
    reader = make_runtime()
    writer = make_runtime()
    reader.ingestor.playbook("t1", "d.md", PLAYBOOK)
    assert reader.searcher.search("t1", "procurement", k=1, mode="keyword")

    edited = PLAYBOOK.replace("stalls at procurement", "stalls at the legal review")
    writer.ingestor.playbook("t1", "d.md", edited)

    hits = reader.searcher.search("t1", "legal review", k=1, mode="keyword")
    assert hits and "legal review" in hits[0].chunk.text
    assert reader.searcher.search("t1", "procurement", k=5, mode="keyword") == []


def test_an_unchanged_version_reuses_the_index_and_few_tenants_are_kept():
    class Source:
        def __init__(self):
            self.builds = 0

        def version(self, tenant_id):
            return 7

        def chunks(self, tenant_id):
            self.builds += 1
            yield Chunk(
                id=f"{tenant_id}-1",
                tenant_id=tenant_id,
                kind="play",
                source="s",
                text="renewal pricing",
            )

        def get(self, tenant_id, ids):
            return {i: next(self.chunks(tenant_id)) for i in ids}

    source = Source()
    index = KeywordIndex(source, max_tenants=2)
    index.snapshot("a"), index.snapshot("a"), index.snapshot("b")
    assert source.builds == 2
    index.snapshot("c")  # drops a, the least recently searched
    index.snapshot("b")
    index.snapshot("a")
    assert source.builds == 4
