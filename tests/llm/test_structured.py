"""generate_structured against a queued fake: parse, validate, retry once, give up."""

from __future__ import annotations

import logging

import pytest
from pydantic import BaseModel

from core.errors import ModelOutputInvalid, ModelUnavailable
from llm.fake import QueuedFakeChatModel
from llm.structured import generate_structured

MESSAGES = [
    {"role": "system", "content": "You summarise deals."},
    {
        "role": "user",
        "content": "Acme renewal, stage: negotiation, notes: CONFIDENTIAL",
    },
]
VALID = '{"deal": "Acme renewal", "stage": "negotiation"}'


class DealSummary(BaseModel):
    deal: str
    stage: str


def run(model: QueuedFakeChatModel, max_tokens: int = 64):
    return generate_structured(model, MESSAGES, DealSummary, max_tokens=max_tokens)


def test_valid_first_time_returns_output_and_completion():
    model = QueuedFakeChatModel([VALID])

    output, completion = run(model)

    assert output == DealSummary(deal="Acme renewal", stage="negotiation")
    assert completion.text == VALID
    assert len(model.calls) == 1
    assert model.calls[0].messages == MESSAGES
    assert model.calls[0].schema["required"] == ["deal", "stage"]
    assert model.calls[0].max_tokens == 64


def test_raw_newlines_inside_strings_are_accepted():
    model = QueuedFakeChatModel(['{"deal": "Acme\nrenewal", "stage": "won"}'])

    output, _ = run(model)

    assert output.deal == "Acme\nrenewal"


def test_invalid_then_valid_retries_once_with_a_note():
    model = QueuedFakeChatModel(["Sure! Here is the summary:", VALID])

    output, _ = run(model)

    assert output.stage == "negotiation"
    assert len(model.calls) == 2
    retry = model.calls[1].messages
    assert retry[: len(MESSAGES)] == MESSAGES
    assert retry[-1]["role"] == "user"
    assert "not valid JSON for the schema" in retry[-1]["content"]


def test_invalid_twice_raises_model_output_invalid():
    model = QueuedFakeChatModel(["not json", "[1, 2"])

    with pytest.raises(ModelOutputInvalid) as caught:
        run(model)

    assert caught.value.status == 502
    assert "DealSummary" in caught.value.message
    assert len(caught.value.details["problems"]) == 2
    assert len(model.calls) == 2


def test_truncated_json_is_named_as_cut_off():
    truncated = '{"deal": "Acme renewal", "stage": "negoti'
    model = QueuedFakeChatModel([truncated, truncated])

    with pytest.raises(ModelOutputInvalid, match="cut off") as caught:
        run(model)

    assert truncated not in caught.value.message


def test_validation_error_names_the_field_not_the_output():
    wrong = '{"deal": "Acme renewal", "stage": 7, "secret": "CONFIDENTIAL"}'
    model = QueuedFakeChatModel([wrong, '{"deal": "x"}'])

    with pytest.raises(ModelOutputInvalid) as caught:
        run(model)

    message = caught.value.message
    assert "stage" in message
    assert "does not match the schema" in message
    assert "CONFIDENTIAL" not in message
    assert (
        "stage: Input should be a valid string" in caught.value.details["problems"][0]
    )


def test_endpoint_errors_pass_through_without_retry():
    model = QueuedFakeChatModel([ModelUnavailable("down"), VALID])

    with pytest.raises(ModelUnavailable):
        run(model)

    assert len(model.calls) == 1


def test_logs_one_info_line_per_call_without_the_prompt(caplog):
    model = QueuedFakeChatModel(["{", VALID])

    with caplog.at_level(logging.INFO, logger="llm.structured"):
        run(model)

    infos = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert len(infos) == 2
    assert "attempt=1" in infos[0] and "attempt=2" in infos[1]
    assert all("model=queued-fake" in line for line in infos)
    assert not any("CONFIDENTIAL" in r.getMessage() for r in caplog.records)
