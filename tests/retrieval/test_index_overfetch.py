"""The unfiltered-then-filtered search gives what Chroma's own filter gives."""

import random

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from core.records import Chunk
from retrieval.index import MIN_CANDIDATES, SearchFilters, VectorIndex, _where
from tests.conftest import HashEmbedder

WORDS = [
    f"{stem}{n}" for stem in ("price", "buyer", "legal", "demo") for n in range(25)
]


@pytest.fixture(scope="module")
def index():
    client = chromadb.EphemeralClient(ChromaSettings(anonymized_telemetry=False))
    index = VectorIndex(client, HashEmbedder(), "overfetch")
    picker = random.Random(7)
    chunks = [
        Chunk(
            id=f"c{n}",
            tenant_id="big" if n < 300 else "small",
            kind="play" if n % 3 else "note",
            source=f"s{n}.md",
            text=" ".join(picker.choices(WORDS, k=12)),
            outcome=None if n % 3 else picker.choice(["won", "lost"]),
            stages=["discovery"] if n % 5 == 0 else [],
        )
        for n in range(310)
    ]
    index.upsert(chunks)
    return index


def filtered(index, tenant, vector, k, filters):
    rows = index._query(vector, k, _where(tenant, filters))
    return [round(1.0 - distance, 4) for _, _, distance in rows]


@pytest.mark.parametrize(
    "tenant, filters, k",
    [
        ("big", SearchFilters(), 5),
        ("big", SearchFilters(kind="play"), 20),
        ("big", SearchFilters(kind="note", outcome="lost"), 10),
        ("big", SearchFilters(stage="discovery"), 12),
        ("small", SearchFilters(), 5),  # 10 chunks among 310: filtered by Chroma
        ("small", SearchFilters(kind="play"), 3),
    ],
)
def test_search_matches_chromas_own_filter(index, tenant, filters, k):
    for query in ("price3 buyer7 legal1", "demo2 demo9 price11", "legal20 buyer4"):
        vector = index.embedder.embed_query(query)
        hits = index.search_vector(tenant, vector, k=k, filters=filters)
        # Equal distances may come in either order: the scores must agree.
        assert [h.score for h in hits] == filtered(index, tenant, vector, k, filters)
        assert all(h.chunk.tenant_id == tenant for h in hits)
        assert len(hits) == min(k, len(filtered(index, tenant, vector, 400, filters)))


def test_the_candidate_pool_is_larger_than_small_searches():
    assert MIN_CANDIDATES >= 8 * 5
