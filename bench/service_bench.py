"""Service overhead of a brief against its model call, and the service's memory.

In process, ``BriefWriter.write_timed`` splits a brief's time into the model call
and everything else; serialising the response (JSON and Markdown) is timed on top.
Over HTTP, a server with the default settings writes briefs with the real model
while its resident memory is read from /proc.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import httpx

from bench.server import memory_bytes, serving
from bench.stats import ratio, stopwatch
from coaching.brief_models import BriefRequest
from coaching.render import brief_markdown
from service.runtime import Runtime

REPO = Path(__file__).resolve().parents[1]
KINDS = ("discovery", "demo", "negotiation", "proposal")
REFERENCE_DATE = dt.date(2026, 12, 4)


def sample_deals(count: int) -> list[dict]:
    """Fictional deals of the repository's samples, as inline brief deals."""
    deals = json.loads((REPO / "samples" / "deals.json").read_text())
    deals = deals["deals"] if isinstance(deals, dict) else deals
    return deals[:count]


def brief_requests(count: int) -> list[BriefRequest]:
    return [
        BriefRequest(deal=deal, meeting={"kind": KINDS[n % len(KINDS)]})
        for n, deal in enumerate(sample_deals(count))
    ]


def overhead(rt: Runtime, tenant: str, count: int) -> dict:
    """Per brief: model seconds, service seconds, and the service's share."""
    rows = []
    for request in brief_requests(count):
        brief, timings = rt.brief_writer.write_timed(tenant, request, REFERENCE_DATE)
        with stopwatch() as serialise:
            brief.model_dump_json()
            brief_markdown(brief)
        service = timings.overhead_s + serialise[0]
        rows.append(
            {
                **timings.as_dict(),
                "serialise_s": round(serialise[0], 4),
                "service_s": round(service, 4),
                "service_share": ratio(service, timings.total_s + serialise[0]),
            }
        )
    model = sum(r["model_s"] for r in rows)
    service = sum(r["service_s"] for r in rows)
    return {
        "briefs": rows,
        "model_s": model,
        "service_s": service,
        "service_share": ratio(service, model + service),
    }


def memory(
    data_dir: Path,
    workdir: Path,
    tenant: str,
    queries: list[str],
    llm_backend: str = "local",
) -> dict:
    """Peak resident memory of the default service after searches and two briefs
    with the in-process model; the briefs also give the HTTP-side overhead."""
    copy = workdir / "memory-data"
    shutil.copytree(data_dir, copy, dirs_exist_ok=True)
    env = {
        "SIDELINE_DATA_DIR": str(copy),
        "SIDELINE_TENANT": tenant,
        "SIDELINE_RATE_LIMIT_PER_MINUTE": "0",
        "SIDELINE_LLM_BACKEND": llm_backend,
    }
    briefs = []
    with serving(env, workdir / "memory-server.log") as server:
        idle = memory_bytes(server.pid)
        for query in queries:
            httpx.get(f"{server.base_url}/v1/search", params={"q": query}, timeout=60)
        for request in brief_requests(2):
            with stopwatch() as elapsed:
                response = httpx.post(
                    f"{server.base_url}/v1/briefs",
                    content=request.model_dump_json(),
                    headers={"content-type": "application/json"},
                    timeout=600,
                )
            response.raise_for_status()
            model_s = response.json()["usage"]["latency_s"]
            briefs.append({"seconds": elapsed[0], "model_s": model_s})
        busy = memory_bytes(server.pid)
    return {
        "idle_rss_bytes": idle["rss"],
        "peak_rss_bytes": busy["peak_rss"],
        "http_briefs": briefs,
    }
