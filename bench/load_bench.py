"""A bounded loopback load test of /v1/search and /v1/briefs.

The server runs with the schema fake model (``SIDELINE_LLM_BACKEND=fake``), so the
brief path measures the service, not a generation; each brief request asks a
different goal, so the brief cache answers none of them. The rate limit is off: it
would measure the limit, not the service. Every level is bounded in requests and in
seconds, and the client shares the machine's cores with the server.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.server import serving
from bench.service_bench import sample_deals
from bench.stats import Latencies, rate

Send = Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]
WARM_UP = 3  # untimed requests of each kind first


@dataclass
class LoadSetup:
    data_dir: Path
    workdir: Path
    tenant: str
    queries: list[str]
    levels: tuple[int, ...] = (1, 8, 32)
    requests: int = 200  # per level and endpoint, at most
    seconds: float = 20.0  # per level and endpoint, at most


def run(setup: LoadSetup) -> dict:
    copy = setup.workdir / "load-data"
    shutil.copytree(setup.data_dir, copy, dirs_exist_ok=True)
    env = {
        "SIDELINE_DATA_DIR": str(copy),
        "SIDELINE_TENANT": setup.tenant,
        "SIDELINE_LLM_BACKEND": "fake",
        "SIDELINE_RATE_LIMIT_PER_MINUTE": "0",
    }
    with serving(env, setup.workdir / "load-server.log") as server:
        return asyncio.run(_all_levels(server.base_url, setup))


async def _all_levels(base_url: str, setup: LoadSetup) -> dict:
    deal = sample_deals(1)[0]

    async def search(client: httpx.AsyncClient, n: int) -> httpx.Response:
        query = setup.queries[n % len(setup.queries)]
        return await client.get("/v1/search", params={"q": query, "k": 5})

    async def brief(client: httpx.AsyncClient, n: int) -> httpx.Response:
        body = {
            "deal": deal,
            "meeting": {"kind": "discovery", "goal": f"confirm next steps {n}"},
            "reference_date": "2026-12-04",
        }
        return await client.post("/v1/briefs", json=body)

    async with httpx.AsyncClient(base_url=base_url, timeout=300) as client:
        for n in range(WARM_UP):  # models load and indexes build before timing
            (await search(client, n)).raise_for_status()
            (await brief(client, -1 - n)).raise_for_status()
    results: dict[str, list[dict]] = {"search": [], "briefs": []}
    for name, send in (("search", search), ("briefs", brief)):
        for level in setup.levels:
            results[name].append(await _level(base_url, send, level, setup))
    return results


async def _level(base_url: str, send: Send, concurrency: int, setup: LoadSetup):
    latencies = Latencies()
    errors: list[str] = []
    numbers = iter(range(setup.requests))
    deadline = time.monotonic() + setup.seconds
    limits = httpx.Limits(max_connections=concurrency)

    async def client_loop(client: httpx.AsyncClient) -> None:
        for n in numbers:
            if time.monotonic() > deadline:
                return
            started = time.perf_counter()
            try:
                response = await send(client, n)
                if response.status_code >= 400:
                    errors.append(str(response.status_code))
            except httpx.HTTPError as exc:
                errors.append(type(exc).__name__)
            latencies.add(time.perf_counter() - started)

    async with httpx.AsyncClient(
        base_url=base_url, limits=limits, timeout=120
    ) as client:
        started = time.perf_counter()
        await asyncio.gather(*(client_loop(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    done = len(latencies.samples)
    return {
        "concurrency": concurrency,
        "requests": done,
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "throughput_per_s": round(rate(done, elapsed), 1),
        **latencies.summary(),
    }
