"""Any OpenAI-compatible chat endpoint: OpenAI, vLLM, Ollama, llama.cpp's servers.

``SIDELINE_LLM_JSON_MODE`` says how the schema reaches the endpoint:

* ``json_schema``: OpenAI structured outputs (``response_format`` type
  ``json_schema``), which OpenAI, vLLM, recent Ollama and llama.cpp's own
  ``llama-server`` document (only the stub and llama-cpp-python's server are
  tested here). llama-cpp-python's server (``python -m llama_cpp.server``, 0.3.x)
  refuses it: its request model only knows ``text`` and ``json_object``, and the
  validation error comes back as HTTP 500.
* ``json_object``: ``{"type": "json_object", "schema": ...}`` plus the schema in
  the system message. The ``schema`` key is the extension llama-cpp-python's
  server honours by compiling the schema into a grammar, so this is the mode to
  use with it; servers without the extension still guarantee JSON of some shape
  and have the system message to go by (OpenAI itself may refuse the extra key;
  use ``json_schema`` there).
* ``none``: the schema in the system message only, for endpoints with no JSON
  mode at all.

Every endpoint failure becomes ``ModelUnavailable`` or ``ModelOutputInvalid``
with a message saying what to check; the API key never appears in one.
"""

from __future__ import annotations

import time
from typing import Any, Literal

import openai
from openai import OpenAI

from core.errors import ModelOutputInvalid, ModelUnavailable
from core.settings import Settings
from llm.base import Completion, JsonSchema, Message
from llm.schema import with_schema_instruction

JsonMode = Literal["json_schema", "json_object", "none"]
# The endpoint's own words, cut short: enough to diagnose, not a whole HTML page.
_DETAIL_CHARS = 300


class OpenAIChatModel:
    """A chat model behind an OpenAI-compatible HTTP API, sampled at temperature 0.

    The client does not retry by default, so ``timeout_s`` bounds how long a
    request waits; a retry after a timeout would double a hung request's wait.
    """

    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: str = "",
        json_mode: JsonMode = "json_schema",
        timeout_s: float = 120.0,
        max_retries: int = 0,
    ):
        self.name = model
        self.base_url = base_url
        self.json_mode = json_mode
        self._api_key = api_key
        # Local servers take any key, but the client refuses to start without one.
        self._client = OpenAI(
            base_url=base_url,
            api_key=api_key or "not-needed",
            timeout=timeout_s,
            max_retries=max_retries,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIChatModel:
        return cls(
            base_url=settings.llm_base_url,
            model=settings.llm_model,
            api_key=settings.llm_api_key.get_secret_value(),
            json_mode=settings.llm_json_mode,
            timeout_s=settings.llm_timeout_s,
        )

    def complete(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 512,
    ) -> Completion:
        request = self._request(messages, schema)
        started = time.perf_counter()
        try:
            response = self._client.chat.completions.create(
                model=self.name, max_tokens=max_tokens, temperature=0.0, **request
            )
        except openai.APIError as exc:
            raise self._translate(exc) from None
        latency = time.perf_counter() - started

        usage = response.usage
        return Completion(
            text=_content_of(response),
            model=self.name,
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
            latency_s=latency,
        )

    def _request(
        self, messages: list[Message], schema: JsonSchema | None
    ) -> dict[str, Any]:
        if schema is None:
            return {"messages": messages}
        if self.json_mode == "json_schema":
            return {
                "messages": messages,
                "response_format": {
                    "type": "json_schema",
                    "json_schema": {
                        "name": "output",
                        "schema": schema,
                        "strict": False,
                    },
                },
            }

        request: dict[str, Any] = {
            "messages": with_schema_instruction(messages, schema)
        }
        if self.json_mode == "json_object":
            request["response_format"] = {"type": "json_object", "schema": schema}
        return request

    def _translate(self, exc: openai.APIError) -> ModelUnavailable | ModelOutputInvalid:
        where = f"the model endpoint at {self.base_url}"
        if isinstance(exc, openai.APITimeoutError):
            return ModelUnavailable(
                f"{where} did not answer in time; check it is up and not overloaded, "
                "or raise SIDELINE_LLM_TIMEOUT_S"
            )
        if isinstance(exc, openai.APIConnectionError):
            cause = self._scrub(str(exc.__cause__ or exc))
            return ModelUnavailable(
                f"cannot reach {where} ({cause}); check SIDELINE_LLM_BASE_URL and "
                "that the server is running"
            )
        if isinstance(exc, openai.APIStatusError):
            return self._translate_status(exc.status_code, self._detail(exc), where)
        return ModelOutputInvalid(f"{where} sent a response the client cannot read")

    def _translate_status(
        self, status: int, detail: str, where: str
    ) -> ModelUnavailable | ModelOutputInvalid:
        if status in (401, 403):
            # Providers echo part of a rejected key, so their words are left out.
            return ModelUnavailable(
                f"{where} refused the credentials (HTTP {status}); "
                "check SIDELINE_LLM_API_KEY"
            )
        if status == 404:
            return ModelUnavailable(
                f"{where} has no such route or model (HTTP 404: {detail}); check "
                f"SIDELINE_LLM_BASE_URL (usually ending in /v1) and "
                f"SIDELINE_LLM_MODEL={self.name!r}"
            )
        if status in (400, 422):
            return ModelUnavailable(
                f"{where} rejected the request (HTTP {status}: {detail}); check "
                f"SIDELINE_LLM_JSON_MODE={self.json_mode!r} is one it supports"
            )
        if status == 429:
            return ModelUnavailable(f"{where} is rate limiting (HTTP 429: {detail})")
        return ModelUnavailable(f"{where} failed (HTTP {status}: {detail})")

    def _detail(self, exc: openai.APIStatusError) -> str:
        return self._scrub(exc.message)[:_DETAIL_CHARS]

    def _scrub(self, text: str) -> str:
        return text.replace(self._api_key, "***") if self._api_key else text


def _content_of(response: Any) -> str:
    choice = response.choices[0] if response.choices else None
    if choice is None or choice.message.content is None:
        refusal = getattr(choice.message, "refusal", None) if choice else None
        reason = f"it refused: {refusal[:_DETAIL_CHARS]}" if refusal else "no text"
        raise ModelOutputInvalid(f"the model endpoint answered with {reason}")
    return choice.message.content
