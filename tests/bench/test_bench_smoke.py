"""Every benchmark runs end to end on tiny inputs; no figure is judged here."""

import json

import pytest

from bench.report import markdown, write_json
from bench.run import BenchConfig, run_all
from bench.summary import rows
from retrieval.embedder import Embedder
from tests.conftest import REPO

pytestmark = pytest.mark.slow


def test_the_whole_benchmark_runs_on_the_sample_playbooks(tmp_path):
    shared = Embedder()
    config = BenchConfig(
        corpus=REPO / "playbooks",
        queries=REPO / "bench" / "queries" / "samples.jsonl",
        embedder=lambda precision: shared if precision == "auto" else Embedder(),
        langchain_embeddings=lambda: shared,
        llm_backend="fake",
        splitter_sizes=(1000,),
        scale_sizes=(300,),
        load_levels=(1, 3),
        load_requests=6,
        load_seconds=10,
        briefs=1,
    )

    results = run_all(config, tmp_path / "work")

    ingest = results["ingest"]
    assert ingest["files"] == 10 and ingest["chunks"] > 10
    assert ingest["cli"]["full_s"] > 0 and ingest["langchain"][0]["chunks"] > 0
    assert set(results["retrieval"]["modes"]) == {"dense", "keyword", "hybrid"}
    assert results["retrieval"]["modes"]["hybrid"]["recall@5"] > 0.5
    assert results["scale"][0]["chunks"] == 300
    assert results["service"]["overhead"]["briefs"][0]["model_calls"] == 1
    assert results["service"]["memory"]["peak_rss_bytes"] > 0
    for levels in results["load"].values():
        assert [level["errors"] for level in levels] == [0, 0]

    table = markdown(rows(results))
    assert table.count("\n") > 15 and "| load | briefs at 3 clients |" in table
    written = json.loads(write_json(results, tmp_path / "out").read_text())
    assert written["ingest"]["chunks"] == ingest["chunks"]
