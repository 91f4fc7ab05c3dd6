"""Schemas inlined for grammar builders, and spelled out for endpoints without one."""

from __future__ import annotations

import json
from typing import Literal

import pytest
from llama_cpp.llama_grammar import json_schema_to_gbnf
from pydantic import BaseModel, Field

from llm.schema import json_schema_for, with_schema_instruction


class Citation(BaseModel):
    title: str = Field(description="the source document's title")
    page: int | None = None


class Play(BaseModel):
    name: str
    citations: list[Citation]
    best: Citation = Field(description="the strongest citation")
    stage: Literal["discovery", "negotiation"]


class Node(BaseModel):
    children: list[Node]


def test_refs_and_titles_are_gone_but_property_names_stay():
    schema = json_schema_for(Play)
    text = json.dumps(schema)

    assert "$ref" not in text and "$defs" not in text
    assert '"title": "' not in text  # the keyword, not the property
    assert "title" in schema["properties"]["citations"]["items"]["properties"]
    assert schema["properties"]["best"]["description"] == "the strongest citation"
    assert schema["properties"]["best"]["required"] == ["title"]


def test_llama_grammar_builder_accepts_the_inlined_schema():
    # llama-cpp-python swallows grammar errors and falls back to any JSON at all,
    # so a schema it cannot compile would quietly stop being enforced.
    grammar = json_schema_to_gbnf(json.dumps(json_schema_for(Play)))

    assert '"\\"discovery\\""' in grammar
    assert "citations" in grammar


def test_recursive_models_are_refused():
    with pytest.raises(ValueError, match="recursive"):
        json_schema_for(Node)


def test_schema_instruction_joins_the_system_message():
    messages = [
        {"role": "system", "content": "You coach."},
        {"role": "user", "content": "Go."},
    ]

    spelled = with_schema_instruction(messages, {"type": "object"})

    assert len(spelled) == 2
    assert spelled[0]["content"].startswith("You coach.\n\nAnswer with a single JSON")
    assert spelled[0]["content"].endswith('{"type":"object"}')
    assert messages[0]["content"] == "You coach."


def test_schema_instruction_adds_a_system_message_when_there_is_none():
    spelled = with_schema_instruction([{"role": "user", "content": "Go."}], {})

    assert [m["role"] for m in spelled] == ["system", "user"]
