"""Real engines for the scale-out tests: a Chroma server and a PostgreSQL schema,
each made for the test and removed after it; a test skips, saying why, when one
cannot be had."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMA = Path(sys.executable).parent / "chroma"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    """(host, port) of a `chroma run` on loopback, stopped after the test."""
    if not CHROMA.exists():
        pytest.skip(f"the chroma command is not installed at {CHROMA}")
    port = free_port()
    log = (tmp_path / "chroma.log").open("w")
    process = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(tmp_path / "chroma-server"),
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=log,
    )  # fmt: skip
    try:
        _wait_for_chroma(port, process)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _wait_for_chroma(port: int, process: subprocess.Popen) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("the Chroma server exited at start")
        try:
            chromadb.HttpClient(
                host="127.0.0.1",
                port=port,
                settings=ChromaSettings(anonymized_telemetry=False),
            ).heartbeat()
            return
        except Exception:  # not listening yet
            time.sleep(0.2)
    pytest.fail("the Chroma server did not answer within 60 s")
