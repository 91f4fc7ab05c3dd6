"""LlamaCppChatModel's own logic, with a stand-in for the llama.cpp context."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from core.errors import InvalidInput
from llm.local import LlamaCppChatModel, find_bundled_gguf

USER = [{"role": "user", "content": "Hi"}]


class StandInLlama:
    """Records the requests and how many ran at once; sleeps to widen any overlap."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.running = 0
        self.most_at_once = 0
        self._guard = threading.Lock()

    def create_chat_completion(self, **request) -> dict:
        with self._guard:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        time.sleep(0.02)
        with self._guard:
            self.running -= 1
            self.requests.append(request)
        return {
            "choices": [{"message": {"content": "{}"}}],
            "usage": {"prompt_tokens": 3, "completion_tokens": 1},
        }


@pytest.fixture
def model() -> LlamaCppChatModel:
    local = LlamaCppChatModel(find_bundled_gguf())
    local._llama = StandInLlama()
    return local


def test_schema_becomes_a_grammar_request_sampled_greedily(model):
    completion = model.complete(USER, schema={"type": "object"}, max_tokens=7)

    request = model._llama.requests[0]
    assert request["response_format"] == {
        "type": "json_object",
        "schema": {"type": "object"},
    }
    assert (request["temperature"], request["max_tokens"]) == (0.0, 7)
    assert (completion.prompt_tokens, completion.completion_tokens) == (3, 1)
    assert completion.model == "SmolLM2-135M-Instruct.Q4_1"


def test_concurrent_calls_queue_behind_one_lock(model):
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda _: model.complete(USER), range(8)))

    assert len(model._llama.requests) == 8
    assert model._llama.most_at_once == 1


def test_a_prompt_longer_than_the_context_is_invalid_input(model):
    def overflow(**request):
        raise ValueError("Requested tokens (5000) exceed context window of 4096")

    model._llama.create_chat_completion = overflow

    with pytest.raises(InvalidInput, match="SIDELINE_LLM_CONTEXT"):
        model.complete(USER)
