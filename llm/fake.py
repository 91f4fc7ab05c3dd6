"""Chat models that need no model: one scripted for tests, one for benchmarks.

Both count whitespace-separated words as tokens, a stand-in that keeps the logs
and benchmark figures populated without pretending to a tokenizer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from llm.base import Completion, JsonSchema, Message

_FORMAT_EXAMPLES = {
    "date": "1970-01-01",
    "date-time": "1970-01-01T00:00:00Z",
    "time": "00:00:00",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


class FakeExhausted(AssertionError):
    """A test asked the queued fake for more answers than it scripted."""


@dataclass(frozen=True)
class RecordedCall:
    """What one ``complete`` call was asked, kept so tests can assert on it."""

    messages: list[Message]
    schema: JsonSchema | None
    max_tokens: int


class QueuedFakeChatModel:
    """Answers with queued responses in order, raising any queued exception."""

    def __init__(self, responses: list[str | Exception], name: str = "queued-fake"):
        self.name = name
        self.calls: list[RecordedCall] = []
        self._responses = list(responses)

    def complete(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 512,
    ) -> Completion:
        self.calls.append(RecordedCall(list(messages), schema, max_tokens))
        if not self._responses:
            raise FakeExhausted(
                f"{self.name} has no response queued for call #{len(self.calls)}"
            )

        response = self._responses.pop(0)
        if isinstance(response, Exception):
            raise response
        return _completion(self.name, messages, response)


class SchemaFakeChatModel:
    """Answers any schema with the smallest document that follows it, instantly.

    Required properties only, empty strings and arrays, enums and unions by their
    first choice, numbers at their minimum. Patterns are not honoured, so a schema
    with a ``pattern`` may get a string that fails it.
    """

    def __init__(self, name: str = "schema-fake"):
        self.name = name

    def complete(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 512,
    ) -> Completion:
        text = "" if schema is None else json.dumps(minimal_instance(schema))
        return _completion(self.name, messages, text)


def minimal_instance(schema: JsonSchema) -> Any:
    """The smallest JSON value valid for an inlined ``schema`` (see llm.schema)."""
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    for union in ("anyOf", "oneOf", "allOf"):
        if union in schema:
            return minimal_instance(schema[union][0])

    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = kind[0]
    if kind == "object":
        properties = schema.get("properties", {})
        return {
            name: minimal_instance(properties.get(name, {}))
            for name in schema.get("required", [])
        }
    if kind == "array":
        return [minimal_instance(schema.get("items", {}))] * schema.get("minItems", 0)
    return _minimal_scalar(kind, schema)


def _minimal_scalar(kind: str, schema: JsonSchema) -> Any:
    if kind == "string":
        example = _FORMAT_EXAMPLES.get(schema.get("format", ""), "")
        return example or "x" * schema.get("minLength", 0)
    if kind in ("integer", "number"):
        floor = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        bump = 1 if "exclusiveMinimum" in schema and "minimum" not in schema else 0
        return int(floor) + bump if kind == "integer" else float(floor + bump)
    if kind == "boolean":
        return False
    return None


def _completion(name: str, messages: list[Message], text: str) -> Completion:
    prompt_words = sum(len(m.get("content", "").split()) for m in messages)
    return Completion(
        text=text,
        model=name,
        prompt_tokens=prompt_words,
        completion_tokens=len(text.split()),
        latency_s=0.0,
    )
