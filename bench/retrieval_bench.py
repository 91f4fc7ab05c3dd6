"""Retrieval: quality and latency per search mode, and latency at 10k and 100k chunks.

Quality runs on the ingested corpus with the real model. The size test uses
synthetic chunks (random unit vectors, texts drawn from the corpus vocabulary) and
precomputed query vectors, so it times the search itself, not the query's embedding,
which is reported on its own.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.ingest_bench import TENANT, sideline_quality
from bench.queries import DEPTH, Query, quality
from bench.stats import Latencies, stopwatch
from core.records import Chunk
from core.settings import Settings
from retrieval.index import SearchFilters, VectorIndex, chroma_client
from retrieval.keyword import KeywordIndex
from retrieval.search import SEARCH_MODES, Searcher
from service.runtime import Runtime
from store import records
from store.corpus import StoredCorpus
from store.db import Database

STAGES = ("prospecting", "discovery", "evaluation", "proposal", "negotiation")


def modes(rt: Runtime, queries: list[Query]) -> dict:
    """recall@5, MRR and latency (query embedding included) for every mode."""
    found = {mode: sideline_quality(rt, queries, mode) for mode in SEARCH_MODES}
    embed = Latencies()
    for query in queries:
        with stopwatch() as elapsed:
            rt.embedder.embed_query(query.text)
        embed.add(elapsed[0])
    return {"modes": found, "embed_query": embed.summary()}


def precision_quality(rt: Runtime, queries: list[Query], float32_embedder) -> dict:
    """Dense quality and raw encode time with float32 vectors for the same chunks."""
    with rt.db.read() as conn:
        chunks = list(records.iter_chunks(conn, TENANT))
    with stopwatch() as elapsed:
        vectors = float32_embedder.embed_documents([c.text for c in chunks])
    index = VectorIndex(chroma_client(rt.settings), float32_embedder, "float32")
    index.upsert(chunks, vectors)

    def search(text: str) -> list[str]:
        hits = index.search(TENANT, text, k=DEPTH, filters=SearchFilters(kind="play"))
        return [h.chunk.source for h in hits]

    return {"raw_encode_s": elapsed[0], "dense": quality(search, queries, passes=1)}


class Precomputed:
    """An embedder that only knows the queries it was given vectors for."""

    def __init__(self, vectors: dict[str, list[float]]) -> None:
        self.vectors = vectors

    def embed_query(self, text: str) -> list[float]:
        return self.vectors[text]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.vectors[t] for t in texts]


@dataclass
class ScaleSetup:
    workdir: Path
    sizes: tuple[int, ...]
    queries: list[str]
    query_vectors: list[list[float]]
    vocabulary: list[str]
    passes: int = 3


def scale(setup: ScaleSetup) -> list[dict]:
    return [_one_size(setup, size) for size in setup.sizes]


def _one_size(setup: ScaleSetup, size: int) -> dict:
    settings = Settings(data_dir=setup.workdir / f"scale-{size}")
    db = Database.open(settings)
    dim = len(setup.query_vectors[0])
    embedder = Precomputed(dict(zip(setup.queries, setup.query_vectors)))
    index = VectorIndex(chroma_client(settings), embedder, "scale")
    with stopwatch() as built:
        _fill(db, index, size, dim, setup.vocabulary)
    keywords = KeywordIndex(StoredCorpus(db))
    with stopwatch() as bm25:
        keywords.snapshot(TENANT)
    searcher = Searcher(index, keywords)
    results = {"chunks": size, "build_s": built[0], "bm25_build_s": bm25[0]}
    for mode in SEARCH_MODES:
        for label, filters in (("", SearchFilters()), ("+filter", _filters())):
            results[f"{mode}{label}"] = _latency(searcher, setup, mode, filters)
    db.close()
    return results


def _filters() -> SearchFilters:
    return SearchFilters(kind="play", stage="discovery")


def _latency(searcher: Searcher, setup: ScaleSetup, mode: str, filters) -> dict:
    latencies = Latencies()
    for _ in range(setup.passes):
        for query in setup.queries:
            with stopwatch() as elapsed:
                searcher.search(TENANT, query, k=5, filters=filters, mode=mode)
            latencies.add(elapsed[0])
    return latencies.summary()


def _fill(db: Database, index: VectorIndex, size: int, dim: int, words: list[str]):
    rng = np.random.default_rng(size)
    picker = random.Random(size)
    for start in range(0, size, 5000):
        count = min(5000, size - start)
        vectors = rng.standard_normal((count, dim)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        chunks = [_chunk(start + n, picker, words) for n in range(count)]
        with db.begin() as conn:
            records.insert_chunks(conn, chunks)
        index.upsert(chunks, vectors.tolist())


def _chunk(n: int, picker: random.Random, words: list[str]) -> Chunk:
    return Chunk(
        id=f"s{n:07d}",
        tenant_id=TENANT,
        kind="play" if n % 4 else "note",
        source=f"synthetic/{n // 20:05d}.md",
        heading_path=[picker.choice(words).title()],
        ordinal=n % 20,
        text=" ".join(picker.choices(words, k=120)),
        stages=picker.sample(STAGES, 2),
        outcome=None if n % 4 else "won",
    )


def vocabulary(texts: list[str], limit: int = 20_000) -> list[str]:
    """The corpus's words, for synthetic chunks that read like it to BM25."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in re.findall(r"[a-z]{3,}", text.lower()):
            counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda w: -counts[w])[:limit]
