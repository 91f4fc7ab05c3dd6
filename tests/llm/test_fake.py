"""The fakes: queued answers in order, and schema-shaped answers from nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Literal

import pytest
from pydantic import BaseModel, Field

from llm.fake import FakeExhausted, QueuedFakeChatModel, SchemaFakeChatModel
from llm.schema import json_schema_for
from llm.structured import generate_structured

USER = [{"role": "user", "content": "Prepare the call."}]


class Stakeholder(BaseModel):
    name: str
    role: Literal["champion", "economic_buyer", "blocker"]
    last_contact: dt.date | None


class Evidence(BaseModel):
    source: str
    quote: str = Field(min_length=3)


class Brief(BaseModel):
    deal: str
    stakeholders: list[Stakeholder] = Field(min_length=1)
    evidence: list[Evidence]
    confidence: float = Field(ge=0.5, le=1)
    next_meeting: dt.datetime
    summary: str = "none yet"
    primary: Stakeholder


def test_queued_fake_raises_queued_exceptions_then_runs_dry():
    model = QueuedFakeChatModel([ValueError("boom"), "ok"])

    with pytest.raises(ValueError, match="boom"):
        model.complete(USER)
    assert model.complete(USER, schema={"type": "object"}).text == "ok"
    with pytest.raises(FakeExhausted, match="call #3"):
        model.complete(USER)

    assert [call.schema for call in model.calls] == [None, {"type": "object"}, None]


def test_schema_fake_answers_a_nested_model_validly():
    model = SchemaFakeChatModel()

    output, completion = generate_structured(model, USER, Brief, max_tokens=32)

    assert output.stakeholders[0].role == "champion"
    assert output.confidence == 0.5
    assert output.summary == "none yet"  # optional fields are left out
    assert "summary" not in json.loads(completion.text)
    assert completion.prompt_tokens == 3


def test_schema_fake_without_schema_answers_empty_text():
    assert SchemaFakeChatModel().complete(USER).text == ""


def test_schema_fake_is_deterministic():
    schema = json_schema_for(Brief)
    first = SchemaFakeChatModel().complete(USER, schema=schema).text

    assert SchemaFakeChatModel().complete(USER, schema=schema).text == first
