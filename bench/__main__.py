"""``python -m bench``: run the benchmarks, print the ratio table, write JSON.

With ``../shared/data/playbooks`` present the run uses those handbooks and the
queries written for them; otherwise this repository's ``playbooks/``.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from bench.report import markdown, write_json
from bench.run import PARTS, BenchConfig, run_all
from bench.summary import rows

REPO = Path(__file__).resolve().parents[1]
SHARED_PLAYBOOKS = REPO.parent / "shared" / "data" / "playbooks"
QUERIES = Path(__file__).parent / "queries"


def real_embedder(precision: str):
    from retrieval.embedder import Embedder

    return Embedder(precision=precision)


def langchain_embeddings():
    """HuggingFaceEmbeddings on the same shipped model, with its defaults."""
    from langchain_huggingface import HuggingFaceEmbeddings

    from retrieval.embedder import shipped_model_path

    return HuggingFaceEmbeddings(
        model_name=str(shipped_model_path()), model_kwargs={"device": "cpu"}
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--corpus", type=Path, help="a folder of playbooks")
    parser.add_argument("--queries", type=Path, help="a JSONL query set for it")
    parser.add_argument("--skip", action="append", default=[], choices=PARTS)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(message)s",
    )
    logging.getLogger("bench").setLevel(logging.INFO)

    shared = SHARED_PLAYBOOKS.is_dir()
    corpus = args.corpus or (SHARED_PLAYBOOKS if shared else REPO / "playbooks")
    queries = args.queries or QUERIES / (
        "handbooks.jsonl" if shared else "samples.jsonl"
    )
    config = BenchConfig(
        corpus=corpus,
        queries=queries,
        embedder=real_embedder,
        langchain_embeddings=langchain_embeddings,
        skip=set(args.skip),
    )
    results = run_all(config)
    table = markdown(rows(results))
    results["table"] = table
    path = write_json(results, args.out)
    print(table)
    before, after = results["machine_before"], results["machine_after"]
    print(
        f"\nload average {before['load_average']} before, "
        f"{after['load_average']} after, on {before['cpus']} CPUs; JSON: {path}"
    )


if __name__ == "__main__":
    main()
