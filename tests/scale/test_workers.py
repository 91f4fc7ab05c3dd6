"""Two worker processes behind one port, sharing one Chroma server and PostgreSQL:
whichever worker takes an ingest, every worker answers from the new data."""

import os
import subprocess
import sys
import time

import httpx
import pytest

from tests.builders import DEAL, PLAYBOOK
from tests.conftest import REPO
from tests.scale.conftest import free_port

pytestmark = [pytest.mark.integration, pytest.mark.slow]
ROUNDS = 12  # requests per check, spread by the kernel over both workers


@pytest.fixture
def workers(tmp_path, chroma_server, postgres_url):
    host, port = chroma_server
    env = {
        **os.environ,
        "SIDELINE_DATA_DIR": str(tmp_path / "var"),
        "SIDELINE_DATABASE_URL": postgres_url,
        "SIDELINE_CHROMA_HOST": host,
        "SIDELINE_CHROMA_PORT": str(port),
        "SIDELINE_LLM_BACKEND": "fake",
        "SIDELINE_RATE_LIMIT_PER_MINUTE": "0",
    }
    api_port = free_port()
    log = (tmp_path / "workers.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(api_port),
         "--workers", "2"],
        cwd=REPO, env=env, stdout=log, stderr=log,
    )  # fmt: skip
    base = f"http://127.0.0.1:{api_port}"
    try:
        _wait_until_up(base, process, tmp_path / "workers.log")
        # No kept-alive connections: each request is accepted anew, by either worker.
        limits = httpx.Limits(max_keepalive_connections=0)
        with httpx.Client(base_url=base, timeout=120, limits=limits) as client:
            yield client
    finally:
        process.terminate()
        process.wait(timeout=60)
        log.close()


def _wait_until_up(base, process, log_path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the service exited: {log_path.read_text()[-1500:]}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    pytest.fail("the service did not start within 180 s")


def keyword_texts(client, query: str) -> list[list[str]]:
    answers = []
    for _ in range(ROUNDS):
        response = client.get("/v1/search", params={"q": query, "mode": "keyword"})
        assert response.status_code == 200
        answers.append([hit["text"] for hit in response.json()["hits"]])
    return answers


def test_every_worker_serves_what_any_worker_ingested(workers):
    source = {"source": "sales/discovery.md"}
    assert workers.post(
        "/v1/playbooks", json={**source, "content": PLAYBOOK}
    ).is_success
    assert all(
        any("procurement" in text for text in texts)
        for texts in keyword_texts(workers, "procurement")
    )

    edited = PLAYBOOK.replace("stalls at procurement", "stalls at the legal review")
    assert workers.post("/v1/playbooks", json={**source, "content": edited}).is_success

    assert all(texts == [] for texts in keyword_texts(workers, "procurement"))
    assert all(
        any("legal review" in text for text in texts)
        for texts in keyword_texts(workers, "legal review")
    )
    brief = workers.post(
        "/v1/briefs", json={"deal": DEAL, "meeting": {"kind": "discovery"}}
    )
    assert brief.status_code == 200
    for _ in range(ROUNDS):
        assert workers.get(f"/v1/briefs/{brief.json()['id']}").status_code == 200


def test_more_than_one_worker_needs_a_chroma_server(tmp_path):
    env = {**os.environ, "SIDELINE_DATA_DIR": str(tmp_path / "var")}
    env.pop("SIDELINE_CHROMA_HOST", None)
    result = subprocess.run(
        [sys.executable, "-m", "cli.main", "serve", "--workers", "2"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "SIDELINE_CHROMA_HOST" in result.stderr
