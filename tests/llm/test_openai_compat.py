"""OpenAIChatModel over real HTTP against a scripted server on loopback."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.errors import ModelOutputInvalid, ModelUnavailable
from llm.openai_compat import OpenAIChatModel

KEY = "sk-test-do-not-leak-0123456789"
SCHEMA = {"type": "object", "properties": {"deal": {"type": "string"}}}
MESSAGES = [
    {"role": "system", "content": "You coach."},
    {"role": "user", "content": "Brief me."},
]


def chat_body(content: str | None) -> dict:
    return {
        "id": "c1",
        "object": "chat.completion",
        "created": 0,
        "model": "scripted",
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": content},
            }
        ],
        "usage": {"prompt_tokens": 11, "completion_tokens": 5, "total_tokens": 16},
    }


class ScriptedEndpoint:
    """Answers every POST with one scripted status and body, keeping the requests."""

    def __init__(self) -> None:
        self.status = 200
        self.body: dict = chat_body('{"deal": "Acme"}')
        self.requests: list[dict] = []

    def handler(self) -> type[BaseHTTPRequestHandler]:
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                endpoint.requests.append(json.loads(self.rfile.read(length)))
                payload = json.dumps(endpoint.body).encode()
                self.send_response(endpoint.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:
                pass

        return Handler


@pytest.fixture
def endpoint() -> Iterator[tuple[ScriptedEndpoint, str]]:
    scripted = ScriptedEndpoint()
    server = ThreadingHTTPServer(("127.0.0.1", 0), scripted.handler())
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield scripted, f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def model_at(base_url: str, json_mode: str = "json_schema") -> OpenAIChatModel:
    return OpenAIChatModel(
        base_url=base_url, model="m", api_key=KEY, json_mode=json_mode
    )


def test_completion_carries_text_and_usage(endpoint):
    scripted, url = endpoint

    completion = model_at(url).complete(MESSAGES, schema=SCHEMA, max_tokens=40)

    assert completion.text == '{"deal": "Acme"}'
    assert (completion.prompt_tokens, completion.completion_tokens) == (11, 5)
    sent = scripted.requests[0]
    assert (sent["max_tokens"], sent["temperature"]) == (40, 0.0)


def test_json_schema_mode_sends_structured_outputs(endpoint):
    scripted, url = endpoint

    model_at(url, "json_schema").complete(MESSAGES, schema=SCHEMA)

    sent = scripted.requests[0]
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["schema"] == SCHEMA
    assert sent["messages"] == MESSAGES


def test_json_object_mode_sends_the_schema_twice(endpoint):
    scripted, url = endpoint

    model_at(url, "json_object").complete(MESSAGES, schema=SCHEMA)

    sent = scripted.requests[0]
    assert sent["response_format"] == {"type": "json_object", "schema": SCHEMA}
    assert '"deal"' in sent["messages"][0]["content"]


def test_none_mode_puts_the_schema_in_the_system_message_only(endpoint):
    scripted, url = endpoint

    model_at(url, "none").complete(MESSAGES, schema=SCHEMA)

    sent = scripted.requests[0]
    assert "response_format" not in sent
    assert '"deal"' in sent["messages"][0]["content"]


@pytest.mark.parametrize(
    ("status", "expected", "hint"),
    [
        (401, ModelUnavailable, "SIDELINE_LLM_API_KEY"),
        (404, ModelUnavailable, "SIDELINE_LLM_MODEL"),
        (400, ModelUnavailable, "SIDELINE_LLM_JSON_MODE"),
        (429, ModelUnavailable, "rate limiting"),
        (500, ModelUnavailable, "HTTP 500"),
    ],
)
def test_error_statuses_map_to_model_errors_without_the_key(
    endpoint, status, expected, hint
):
    scripted, url = endpoint
    scripted.status = status
    scripted.body = {"error": {"message": f"bad key {KEY}", "type": "x"}}

    with pytest.raises(expected, match=hint) as caught:
        model_at(url).complete(MESSAGES)

    assert KEY not in caught.value.message
    assert caught.value.__cause__ is None


def test_a_refusal_is_invalid_output(endpoint):
    scripted, url = endpoint
    scripted.body = chat_body(None)

    with pytest.raises(ModelOutputInvalid, match="no text"):
        model_at(url).complete(MESSAGES)


def test_unreachable_endpoint_is_unavailable_quickly():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port once the probe socket is closed.
    model = OpenAIChatModel(
        base_url=f"http://127.0.0.1:{port}/v1", model="m", api_key=KEY, timeout_s=5
    )

    started = time.perf_counter()
    with pytest.raises(ModelUnavailable, match="SIDELINE_LLM_BASE_URL") as caught:
        model.complete(MESSAGES)

    assert time.perf_counter() - started < 5
    assert KEY not in caught.value.message
