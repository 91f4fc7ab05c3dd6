"""Query sets with the source each query should find, and retrieval quality on them.

``handbooks.jsonl`` holds questions a rep or manager would ask of the real sales
handbooks in ``../shared/data/playbooks`` (the eval datasets hold whole-brief cases,
not single queries); ``samples.jsonl`` does the same for this repository's own
``playbooks/`` and keeps the smoke test independent of the shared data. Queries are
written in our own words and name only file paths.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.stats import Latencies, stopwatch
from evals.metrics import mean_of
from evals.metrics.retrieval import mrr, recall_at_k

QUERIES = Path(__file__).parent / "queries"
RECALL_K = 5
DEPTH = 10  # hits asked for; MRR looks this deep

# A search takes a query and returns the sources of its hits, best first.
Search = Callable[[str], list[str]]


@dataclass(frozen=True)
class Query:
    id: str
    text: str
    expected: tuple[str, ...]


def load_queries(path: Path) -> list[Query]:
    queries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            queries.append(Query(item["id"], item["query"], tuple(item["expected"])))
    return queries


def quality(search: Search, queries: list[Query], passes: int = 1) -> dict:
    """recall@5 and MRR over the queries, with per-query latency over ``passes``."""
    latencies = Latencies()
    recalls, ranks, missed = [], [], []
    for n in range(passes):
        for query in queries:
            with stopwatch() as elapsed:
                sources = search(query.text)
            latencies.add(elapsed[0])
            if n == 0:
                recall = recall_at_k(sources, list(query.expected), RECALL_K)
                recalls.append(recall)
                ranks.append(mrr(sources, list(query.expected)))
                missed += [query.id] if recall.value == 0 else []
    return {
        f"recall@{RECALL_K}": mean_of(recalls),
        "mrr": mean_of(ranks),
        "queries": len(queries),
        "missed": missed,
        "latency": latencies.summary(),
    }
