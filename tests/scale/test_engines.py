"""Ingest and search through a Chroma server, and the store on PostgreSQL."""

import pytest

from core.records import Note
from core.settings import Settings
from service.runtime import Runtime
from tests.builders import NOTES, PLAYBOOK
from tests.conftest import HashEmbedder

pytestmark = pytest.mark.integration


def runtime(tmp_path, **settings) -> Runtime:
    chosen = Settings(data_dir=tmp_path / "var", llm_backend="fake", **settings)
    return Runtime(chosen, embedder=HashEmbedder())


def test_ingest_and_search_through_a_chroma_server(tmp_path, chroma_server):
    host, port = chroma_server
    writer = runtime(tmp_path, chroma_host=host, chroma_port=port)
    reader = runtime(tmp_path / "other", chroma_host=host, chroma_port=port)
    try:
        first = writer.ingestor.playbook("t1", "sales/discovery.md", PLAYBOOK)
        writer.ingestor.notes("t1", [Note(**n) for n in NOTES])
        again = writer.ingestor.playbook("t1", "sales/discovery.md", PLAYBOOK)

        assert first["added"] >= 3 and again["unchanged"] == first["added"]
        hits = writer.searcher.search("t1", "economic buyer", k=3, mode="hybrid")
        assert hits and all(h.chunk.tenant_id == "t1" for h in hits)
        # Another process with its own store sees the same vectors on the server.
        dense = reader.index.search("t1", "stalls at procurement", k=1)
        assert "procurement" in dense[0].chunk.text
        assert reader.index.ids("t1") == writer.index.ids("t1")
    finally:
        writer.close()
        reader.close()


def test_the_store_runs_on_postgresql(tmp_path, postgres_url):
    rt = runtime(tmp_path, database_url=postgres_url)
    other = runtime(tmp_path / "other", database_url=postgres_url)
    try:
        first = rt.ingestor.playbook("t1", "d.md", PLAYBOOK)
        assert (
            rt.ingestor.playbook("t1", "d.md", PLAYBOOK)["unchanged"] == first["added"]
        )
        keyword = rt.searcher.search("t1", "procurement", k=1, mode="keyword")
        assert "procurement" in keyword[0].chunk.text

        edited = PLAYBOOK.replace("stalls at procurement", "stalls at legal review")
        other.ingestor.playbook("t1", "d.md", edited)

        assert rt.searcher.search("t1", "procurement", k=3, mode="keyword") == []
        hits = rt.searcher.search("t1", "legal review", k=1, mode="keyword")
        assert "legal review" in hits[0].chunk.text
    finally:
        rt.close()
        other.close()
