"""JSON schemas as the model backends want them: self-contained and short.

Pydantic writes nested models as ``$ref`` pointers into ``$defs``. llama.cpp's
grammar builder resolves local refs, but silently falls back to "any JSON" when
a schema trips it, and endpoints differ in what they accept; a schema with every
ref inlined and the titles dropped works everywhere and costs fewer prompt tokens
when it has to be spelled out in a system message.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from llm.base import JsonSchema, Message

_DEFS_PREFIX = "#/$defs/"
# Keys whose values map property names to sub-schemas, not keywords to values.
_NAMED_SCHEMAS = ("properties", "patternProperties")


def json_schema_for(output_type: type[BaseModel]) -> JsonSchema:
    """A self-contained JSON schema for ``output_type``, refs inlined, titles gone."""
    schema = output_type.model_json_schema()
    defs = schema.pop("$defs", {})
    return _inline(schema, defs, seen=())


def _inline(node: Any, defs: dict[str, Any], seen: tuple[str, ...]) -> Any:
    if isinstance(node, list):
        return [_inline(item, defs, seen) for item in node]
    if not isinstance(node, dict):
        return node

    if "$ref" in node:
        return _inline_ref(node, defs, seen)
    if _is_single_all_of(node):
        # Pydantic wraps a ref in allOf to hang a description on it.
        merged = {**node["allOf"][0], **_without(node, "allOf")}
        return _inline(merged, defs, seen)

    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "title" and isinstance(value, str):
            continue
        if key in _NAMED_SCHEMAS and isinstance(value, dict):
            out[key] = {name: _inline(sub, defs, seen) for name, sub in value.items()}
        else:
            out[key] = _inline(value, defs, seen)
    return out


def _inline_ref(node: dict[str, Any], defs: dict[str, Any], seen: tuple[str, ...]):
    ref = node["$ref"]
    if not ref.startswith(_DEFS_PREFIX) or ref[len(_DEFS_PREFIX) :] not in defs:
        raise ValueError(f"cannot inline JSON schema ref {ref!r}")
    name = ref[len(_DEFS_PREFIX) :]
    if name in seen:
        raise ValueError(f"recursive model {name!r} cannot be used as model output")

    merged = {**defs[name], **_without(node, "$ref")}
    return _inline(merged, defs, (*seen, name))


def _is_single_all_of(node: dict[str, Any]) -> bool:
    all_of = node.get("allOf")
    return isinstance(all_of, list) and len(all_of) == 1


def _without(node: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in node.items() if k != key}


def with_schema_instruction(
    messages: list[Message], schema: JsonSchema
) -> list[Message]:
    """``messages`` with the schema spelled out in the system message.

    For backends that cannot enforce a schema themselves, the instruction is the
    only way the model learns the shape it must answer in.
    """
    instruction = (
        "Answer with a single JSON document, and nothing else, that follows this "
        f"JSON schema:\n{json.dumps(schema, separators=(',', ':'))}"
    )
    if messages and messages[0].get("role") == "system":
        first = messages[0]
        system = {**first, "content": f"{first['content']}\n\n{instruction}"}
        return [system, *messages[1:]]
    return [{"role": "system", "content": instruction}, *messages]
