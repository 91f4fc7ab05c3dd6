"""The contract every chat model meets, and what one call to it returns.

Callers speak OpenAI-style messages (``{"role": ..., "content": ...}``) to any
backend: llama.cpp in process, an OpenAI-compatible endpoint, or a fake.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

Message = dict[str, str]
JsonSchema = dict[str, Any]


@dataclass(frozen=True)
class Completion:
    """The text a model produced, with the figures that the logs and benchmarks need."""

    text: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    latency_s: float


class ChatModel(Protocol):
    """Anything that turns chat messages into a completion.

    When ``schema`` is given, the backend does what it can to make ``text`` a JSON
    document that follows it; callers still validate, since not every backend can
    enforce a schema.
    """

    name: str

    def complete(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 512,
    ) -> Completion: ...
