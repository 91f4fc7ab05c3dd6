"""Ingest speed: Sideline against LangChain's default pipeline and the raw encoder.

All three read the same files with the same model already loaded, so the figures
compare pipelines, not model loading (timed on its own). Retrieval quality of each
resulting index is measured on the same queries, since a pipeline that embeds less
text is faster for a reason that shows up there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.queries import DEPTH, Query, quality
from bench.stats import rate, speedup, stopwatch
from core.settings import Settings
from ingest.paths import TEXT_SUFFIXES, PathIngest, ingest_paths
from service.runtime import Runtime
from store import records

REPO = Path(__file__).resolve().parents[1]
TENANT = "bench"


@dataclass
class IngestSetup:
    corpus: Path
    queries: list[Query]
    workdir: Path
    embedder: object  # Sideline's embedder, model loaded by the caller
    langchain_embeddings: Callable[[], object]
    splitter_sizes: tuple[int, ...] = (1000, 4000)
    whole_process: bool = True
    runtime_settings: dict = field(default_factory=dict)


def run(setup: IngestSetup) -> tuple[dict, Runtime]:
    """Every ingest figure; returns the runtime holding the ingested corpus."""
    rt = Runtime(
        Settings(data_dir=setup.workdir / "sideline", **setup.runtime_settings),
        embedder=setup.embedder,
    )
    full = sideline_ingest(rt, setup.corpus)
    texts = stored_texts(rt)
    with stopwatch() as again:
        ingest_paths(rt.ingestor, [setup.corpus], PathIngest(tenant_id=TENANT))
    with stopwatch() as raw:
        setup.embedder.embed_documents(texts)
    results = {
        "files": full["files"],
        "chunks": len(texts),
        "sideline_s": full["seconds"],
        "reingest_s": again[0],
        "raw_encode_s": raw[0],
        "raw_encode_per_s": rate(len(texts), raw[0]),
        "sideline_chunks_per_s": rate(len(texts), full["seconds"]),
        "reingest_speedup": speedup(again[0], full["seconds"]),
        "share_of_raw_encode_rate": speedup(full["seconds"], raw[0]),
        "langchain": [langchain_run(setup, size) for size in setup.splitter_sizes],
    }
    for run_ in results["langchain"]:
        run_["sideline_speedup"] = speedup(full["seconds"], run_["seconds"])
    if setup.whole_process:
        results["cli"] = cli_runs(setup.corpus, setup.workdir / "cli")
    return results, rt


def sideline_ingest(rt: Runtime, corpus: Path) -> dict:
    with stopwatch() as elapsed:
        report = ingest_paths(rt.ingestor, [corpus], PathIngest(tenant_id=TENANT))
    return {"seconds": elapsed[0], "files": report.files, "counts": report.counts}


def stored_texts(rt: Runtime) -> list[str]:
    with rt.db.read() as conn:
        return [c.text for c in records.iter_chunks(conn, TENANT)]


def sideline_quality(rt: Runtime, queries: list[Query], mode: str) -> dict:
    def search(text: str) -> list[str]:
        hits = rt.finder.search(TENANT, text, k=DEPTH, mode=mode, kind="play")
        return [h.chunk.source for h in hits]

    return quality(search, queries, passes=3)


def langchain_run(setup: IngestSetup, chunk_size: int) -> dict:
    """LangChain's default pipeline: recursive splitter, the embeddings class,
    Chroma.from_documents; ``chunk_size`` 1000 is its tutorials' choice, 4000 the
    splitter's own default (longer than the model reads: the rest is truncated)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    embeddings = setup.langchain_embeddings()
    embeddings.embed_query("warm up")
    client = chromadb.PersistentClient(
        path=str(setup.workdir / f"langchain-{chunk_size}"),
        settings=ChromaSettings(anonymized_telemetry=False),
    )
    with stopwatch() as elapsed:
        documents = [
            Document(
                page_content=path.read_text(encoding="utf-8"),
                metadata={"source": source},
            )
            for path, source in corpus_files(setup.corpus)
        ]
        splitter = RecursiveCharacterTextSplitter(
            chunk_size=chunk_size, chunk_overlap=200
        )
        splits = splitter.split_documents(documents)
        store = Chroma.from_documents(
            splits, embeddings, client=client, collection_name="bench"
        )

    def search(text: str) -> list[str]:
        return [d.metadata["source"] for d in store.similarity_search(text, k=DEPTH)]

    return {
        "chunk_size": chunk_size,
        "chunks": len(splits),
        "seconds": elapsed[0],
        "quality": quality(search, setup.queries, passes=1),
    }


def corpus_files(corpus: Path) -> list[tuple[Path, str]]:
    """The text files Sideline ingests as playbooks, named as Sideline names them."""
    return [
        (path, f"{corpus.name}/{path.relative_to(corpus).as_posix()}")
        for path in sorted(corpus.rglob("*"))
        if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES
    ]


def cli_runs(corpus: Path, data_dir: Path) -> dict:
    """``sideline ingest`` as a user runs it: a fresh process, full then unchanged."""
    full = _cli_ingest(corpus, data_dir)
    again = _cli_ingest(corpus, data_dir)
    return {
        "full_s": full,
        "unchanged_s": again,
        "reingest_speedup": speedup(again, full),
    }


def _cli_ingest(corpus: Path, data_dir: Path) -> float:
    env = {**os.environ, "SIDELINE_DATA_DIR": str(data_dir), "SIDELINE_TENANT": TENANT}
    with stopwatch() as elapsed:
        subprocess.run(
            [sys.executable, "-m", "cli.main", "ingest", str(corpus)],
            cwd=REPO,
            env=env,
            check=True,
            capture_output=True,
        )
    return elapsed[0]
