"""The real SmolLM2, in process and behind llama-cpp-python's own OpenAI server."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import httpx
import pytest
from pydantic import BaseModel, Field

from core.errors import ModelUnavailable
from llm.local import LlamaCppChatModel, find_bundled_gguf
from llm.openai_compat import OpenAIChatModel
from llm.structured import generate_structured

pytestmark = pytest.mark.slow

SERVER_START_S = 60
MESSAGES = [
    {"role": "system", "content": "You pull facts out of sales call notes."},
    {
        "role": "user",
        "content": "Notes: Maria Chen from Acme Corp said the pilot went well and "
        "she wants a proposal by Friday.",
    },
]


class CallFacts(BaseModel):
    # Bounded strings keep a small model from repeating itself until max_tokens.
    contact: str = Field(max_length=40)
    company: str = Field(max_length=40)
    sentiment: Literal["positive", "neutral", "negative"]


def test_in_process_smollm2_gives_valid_output():
    model = LlamaCppChatModel(find_bundled_gguf(), n_ctx=2048)

    facts, completion = generate_structured(model, MESSAGES, CallFacts, max_tokens=96)

    assert isinstance(facts, CallFacts)
    assert completion.prompt_tokens > 20
    assert 0 < completion.completion_tokens <= 96


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(server: subprocess.Popen, base_url: str, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"llama_cpp.server exited early:\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{base_url}/models", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    pytest.fail(f"llama_cpp.server not ready in {SERVER_START_S}s")


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory) -> Iterator[str]:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}/v1"
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    command = [
        sys.executable, "-m", "llm.model_server",
        "--model", str(find_bundled_gguf()),
        "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048",
    ]  # fmt: skip
    with log.open("w") as sink:
        server = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    try:
        wait_until_serving(server, base_url, log)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_llama_cpp_server_json_object_mode_gives_valid_output(llama_server):
    model = OpenAIChatModel(
        base_url=llama_server, model="smollm2", json_mode="json_object"
    )

    facts, completion = generate_structured(model, MESSAGES, CallFacts, max_tokens=96)

    assert isinstance(facts, CallFacts)
    assert completion.prompt_tokens > 20 and completion.completion_tokens > 0


def test_llama_cpp_server_refuses_json_schema_mode(llama_server):
    model = OpenAIChatModel(base_url=llama_server, model="smollm2")

    with pytest.raises(ModelUnavailable, match="'text' or 'json_object'"):
        generate_structured(model, MESSAGES, CallFacts, max_tokens=16)
