"""A Sideline server on a free loopback port, started and stopped by the benchmark."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
START_LIMIT_S = 180


@dataclass(frozen=True)
class Server:
    base_url: str
    pid: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(env: dict[str, str], log_path: Path, workers: int = 1) -> Iterator[Server]:
    """uvicorn with the app factory, ``env`` on top of this process's environment."""
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", "service.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
    ]  # fmt: skip
    if workers > 1:
        command += ["--workers", str(workers)]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, cwd=REPO, env={**os.environ, **env}, stdout=log, stderr=log
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            _wait_until_up(base_url, process, log_path)
            yield Server(base_url, process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(base_url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + START_LIMIT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {log_path.read_text()[-2000:]}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not start in {START_LIMIT_S} s")


def memory_bytes(pid: int) -> dict[str, int]:
    """Resident memory now and at its peak, from /proc (Linux)."""
    figures = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            figures[name] = int(value.split()[0]) * 1024
    return {"rss": figures.get("VmRSS", 0), "peak_rss": figures.get("VmHWM", 0)}
