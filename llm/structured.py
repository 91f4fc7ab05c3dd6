"""Typed answers from a chat model: schema in, validated pydantic object out.

Small models break JSON in two ways: they run out of tokens mid-document, or they
produce a document that misses the schema. One retry, with a note about what was
wrong, rescues most of these; a second failure is the model's answer and becomes
``ModelOutputInvalid`` (HTTP 502) rather than a half-filled object.
"""

from __future__ import annotations

import json
import logging
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from core.errors import ModelOutputInvalid
from llm.base import ChatModel, Completion, Message
from llm.schema import json_schema_for

logger = logging.getLogger(__name__)

Output = TypeVar("Output", bound=BaseModel)

ATTEMPTS = 2
_ERRORS_NAMED = 3


def generate_structured(
    model: ChatModel,
    messages: list[Message],
    output_type: type[Output],
    *,
    max_tokens: int,
) -> tuple[Output, Completion]:
    """Ask ``model`` for an ``output_type`` and return it with the completion.

    Retries once on unusable output, then raises ``ModelOutputInvalid`` naming
    what was wrong with the last answer (never the answer itself).
    """
    schema = json_schema_for(output_type)
    problems: list[str] = []

    for attempt in range(1, ATTEMPTS + 1):
        prompt = messages if not problems else [*messages, _retry_note(problems[-1])]
        completion = model.complete(prompt, schema=schema, max_tokens=max_tokens)
        _log_call(completion, attempt)

        output, problem = _parse(completion, output_type, max_tokens)
        if output is not None:
            return output, completion
        logger.warning("%s gave unusable output: %s", completion.model, problem)
        problems.append(problem)

    raise ModelOutputInvalid(
        f"{model.name} gave no valid {output_type.__name__} in {ATTEMPTS} attempts; "
        f"last problem: {problems[-1]}",
        problems=problems,
    )


def _parse(
    completion: Completion, output_type: type[Output], max_tokens: int
) -> tuple[Output | None, str]:
    text = completion.text.strip()
    if not text:
        return None, "the answer was empty"
    try:
        # llama.cpp's JSON grammar lets raw newlines into strings; accept them.
        data = json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        if completion.completion_tokens >= max_tokens or _ends_early(text, exc):
            return None, f"the JSON was cut off (max_tokens={max_tokens})"
        return None, f"not valid JSON: {exc.msg} at character {exc.pos}"

    try:
        return output_type.model_validate(data), ""
    except ValidationError as exc:
        return None, _describe(exc)


def _ends_early(text: str, exc: json.JSONDecodeError) -> bool:
    # A document that stops mid-way fails at its very end, or inside a string
    # that never closes; a malformed one fails somewhere before that.
    return exc.pos >= len(text) or exc.msg.startswith("Unterminated string")


def _describe(exc: ValidationError) -> str:
    # Locations and messages only: the input values may quote the customer's notes.
    named = [
        f"{'.'.join(str(part) for part in error['loc']) or '(root)'}: {error['msg']}"
        for error in exc.errors()[:_ERRORS_NAMED]
    ]
    more = exc.error_count() - len(named)
    suffix = f" (and {more} more)" if more > 0 else ""
    return f"does not match the schema: {'; '.join(named)}{suffix}"


def _retry_note(problem: str) -> Message:
    return {
        "role": "user",
        "content": (
            f"Your previous answer was not valid JSON for the schema ({problem}). "
            "Answer again with only the JSON document."
        ),
    }


def _log_call(completion: Completion, attempt: int) -> None:
    logger.info(
        "model call model=%s attempt=%d latency_s=%.2f prompt_tokens=%d "
        "completion_tokens=%d",
        completion.model,
        attempt,
        completion.latency_s,
        completion.prompt_tokens,
        completion.completion_tokens,
    )
