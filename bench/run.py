"""One benchmark run: every part in order, on one corpus, in one process."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import ingest_bench, load_bench, retrieval_bench, service_bench
from bench.ingest_bench import TENANT, IngestSetup
from bench.queries import load_queries
from bench.report import machine
from bench.stats import stopwatch

log = logging.getLogger(__name__)
PARTS = ("langchain", "cli", "float32", "scale", "overhead", "memory", "load")


@dataclass
class BenchConfig:
    corpus: Path
    queries: Path
    embedder: Callable[[str], object]  # precision -> an embedder, model not loaded
    langchain_embeddings: Callable[[], object]
    llm_backend: str = "local"  # for the in-process overhead; the memory server too
    splitter_sizes: tuple[int, ...] = (1000, 4000)
    scale_sizes: tuple[int, ...] = (10_000, 100_000)
    load_levels: tuple[int, ...] = (1, 8, 32)
    load_requests: int = 200
    load_seconds: float = 20.0
    briefs: int = 3
    skip: set[str] = field(default_factory=set)


def run_all(config: BenchConfig, workdir: Path | None = None) -> dict:
    """Every benchmark not in ``config.skip``; results keyed by part."""
    with tempfile.TemporaryDirectory(prefix="sideline-bench-") as tmp:
        return _run(config, Path(workdir or tmp))


def _run(config: BenchConfig, workdir: Path) -> dict:
    results: dict = {"machine_before": machine(), "corpus": str(config.corpus)}
    queries = load_queries(config.queries)
    embedder = config.embedder("auto")
    with stopwatch() as loaded:
        embedder.embed_query("load the model")
    results["model_load_s"] = loaded[0]

    log.info("ingest")
    setup = IngestSetup(
        corpus=config.corpus,
        queries=queries,
        workdir=workdir,
        embedder=embedder,
        langchain_embeddings=config.langchain_embeddings,
        splitter_sizes=() if "langchain" in config.skip else config.splitter_sizes,
        whole_process="cli" not in config.skip,
        runtime_settings={"llm_backend": config.llm_backend, "tenant": TENANT},
    )
    results["ingest"], rt = ingest_bench.run(setup)

    log.info("retrieval")
    retrieval = retrieval_bench.modes(rt, queries)
    results["mode"] = max(retrieval["modes"], key=lambda m: _rank(retrieval, m))
    if "float32" not in config.skip:
        retrieval["float32"] = retrieval_bench.precision_quality(
            rt, queries, config.embedder("float32")
        )
    results["retrieval"] = retrieval
    if "scale" not in config.skip:
        log.info("scale")
        results["scale"] = retrieval_bench.scale(_scale_setup(config, rt, queries))

    results["service"] = _service(config, rt, workdir, queries)
    if "load" not in config.skip:
        log.info("load")
        results["load"] = load_bench.run(
            load_bench.LoadSetup(
                data_dir=rt.settings.data_dir,
                workdir=workdir,
                tenant=TENANT,
                queries=[q.text for q in queries],
                levels=config.load_levels,
                requests=config.load_requests,
                seconds=config.load_seconds,
            )
        )
    rt.close()
    results["machine_after"] = machine()
    return results


def _rank(retrieval: dict, mode: str) -> tuple[float, float]:
    figures = retrieval["modes"][mode]
    return (figures["recall@5"], figures["mrr"])


def _scale_setup(config, rt, queries) -> retrieval_bench.ScaleSetup:
    texts = ingest_bench.stored_texts(rt)
    return retrieval_bench.ScaleSetup(
        workdir=rt.settings.data_dir.parent,
        sizes=config.scale_sizes,
        queries=[q.text for q in queries],
        query_vectors=[rt.embedder.embed_query(q.text) for q in queries],
        vocabulary=retrieval_bench.vocabulary(texts),
    )


def _service(config: BenchConfig, rt, workdir: Path, queries) -> dict:
    service: dict = {}
    if "overhead" not in config.skip:
        log.info("brief overhead")
        service["overhead"] = service_bench.overhead(rt, TENANT, config.briefs)
    if "memory" not in config.skip:
        log.info("memory")
        service["memory"] = service_bench.memory(
            rt.settings.data_dir,
            workdir,
            TENANT,
            [q.text for q in queries],
            config.llm_backend,
        )
    return service
