"""Turning a run's results into the rows of the ratio table, with their targets."""

from __future__ import annotations

from bench.report import GIB, Row, seconds, share, times

RECALL = "recall@5"


def rows(results: dict) -> list[Row]:
    found: list[Row] = []
    for part, build in (
        ("ingest", _ingest),
        ("retrieval", _retrieval),
        ("scale", _scale),
        ("service", _service),
        ("load", _load),
    ):
        if part in results:
            found += build(results[part], results)
    return found


def _ingest(ingest: dict, results: dict) -> list[Row]:
    best = results.get("retrieval", {}).get("modes", {}).get(results.get("mode", ""))
    out = []
    for lc in ingest["langchain"]:
        out.append(
            Row(
                "ingest",
                f"full ingest vs LangChain (chunk_size={lc['chunk_size']})",
                f"{seconds(ingest['sideline_s'])}, {ingest['chunks']} chunks",
                f"{seconds(lc['seconds'])}, {lc['chunks']} chunks",
                ">= 2x faster",
                lc["sideline_speedup"] >= 2,
            )
        )
        if best:
            out.append(
                Row(
                    "ingest",
                    f"recall@5 vs LangChain (chunk_size={lc['chunk_size']})",
                    f"{best[RECALL]:.3f} ({results['mode']})",
                    f"{lc['quality'][RECALL]:.3f}",
                    "equal or better",
                    best[RECALL] >= lc["quality"][RECALL],
                )
            )
    out.append(
        Row(
            "ingest",
            "full ingest vs raw encode of its chunks",
            _timed_rate(ingest["sideline_s"], ingest["sideline_chunks_per_s"]),
            _timed_rate(ingest["raw_encode_s"], ingest["raw_encode_per_s"]),
            ">= 85% of the rate",
            ingest["share_of_raw_encode_rate"] >= 0.85,
        )
    )
    out.append(
        Row(
            "ingest",
            "re-ingest unchanged, in process",
            f"{seconds(ingest['reingest_s'])} ({times(ingest['reingest_speedup'])})",
            seconds(ingest["sideline_s"]),
            ">= 50x faster",
            ingest["reingest_speedup"] >= 50,
        )
    )
    if "cli" in ingest:
        cli = ingest["cli"]
        out.append(
            Row(
                "ingest",
                "re-ingest unchanged, `sideline ingest` process",
                f"{seconds(cli['unchanged_s'])} ({times(cli['reingest_speedup'])})",
                seconds(cli["full_s"]),
                ">= 50x faster",
                cli["reingest_speedup"] >= 50,
            )
        )
    return out


def _timed_rate(elapsed: float, per_s: float) -> str:
    return f"{seconds(elapsed)} ({per_s:.0f}/s)"


def _retrieval(retrieval: dict, results: dict) -> list[Row]:
    out = []
    for mode, figures in retrieval["modes"].items():
        latency = figures["latency"]
        out.append(
            Row(
                "retrieval",
                f"{mode}: recall@5 / MRR, p50 / p95",
                f"{figures[RECALL]:.3f} / {figures['mrr']:.3f}, "
                f"{latency['p50_ms']:.0f} / {latency['p95_ms']:.0f} ms",
                "",
                "default: best recall",
                None,
            )
        )
    precision = retrieval.get("float32")
    if precision:
        bf = retrieval["modes"]["dense"][RECALL]
        out.append(
            Row(
                "retrieval",
                "dense recall@5, bfloat16 vs float32 vectors",
                f"{bf:.3f}",
                f"{precision['dense'][RECALL]:.3f}",
                "equal",
                bf >= precision["dense"][RECALL],
            )
        )
    return out


def _scale(scale: list[dict], results: dict) -> list[Row]:
    out = []
    for size in scale:
        for mode in ("dense", "keyword", "hybrid"):
            plain, filtered = size[mode]["p95_ms"], size[f"{mode}+filter"]["p95_ms"]
            p95 = max(plain, filtered)
            out.append(
                Row(
                    "scale",
                    f"{mode} search p95 at {size['chunks']:,} chunks (with filters)",
                    f"{plain:.1f} ms ({filtered:.1f} ms)",
                    "",
                    "<= 30 ms",
                    p95 <= 30,
                )
            )
    return out


def _service(service: dict, results: dict) -> list[Row]:
    out = []
    if "overhead" in service:
        over = service["overhead"]
        out.append(
            Row(
                "service",
                "brief: time outside the model call",
                f"{seconds(over['service_s'])} ({share(over['service_share'])})",
                f"model {seconds(over['model_s'])}",
                "<= 5%",
                over["service_share"] <= 0.05,
            )
        )
    if "memory" in service:
        peak = service["memory"]["peak_rss_bytes"]
        out.append(
            Row(
                "service",
                "peak resident memory, default service",
                f"{peak / GIB:.2f} GiB",
                f"idle {service['memory']['idle_rss_bytes'] / GIB:.2f} GiB",
                "< 1.5 GiB",
                peak < 1.5 * GIB,
            )
        )
    return out


def _load(load: dict, results: dict) -> list[Row]:
    out = []
    for endpoint, levels in load.items():
        for level in levels:
            out.append(
                Row(
                    "load",
                    f"{endpoint} at {level['concurrency']} clients",
                    f"{level['throughput_per_s']}/s, p50 {level['p50_ms']:.0f} / "
                    f"p95 {level['p95_ms']:.0f} / p99 {level['p99_ms']:.0f} ms",
                    f"{level['requests']} requests",
                    "0 errors",
                    level["errors"] == 0,
                )
            )
    return out
