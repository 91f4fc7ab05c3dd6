import pytest

from core.errors import ModelUnavailable
from llm.fake import QueuedFakeChatModel
from llm.resilience import (
    CircuitBreaker,
    RedactingChatModel,
    ResilientChatModel,
    redact,
)

MESSAGES = [{"role": "user", "content": "hi"}]


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def down(n: int) -> list:
    return [ModelUnavailable("endpoint refused the connection") for _ in range(n)]


def test_a_failing_call_is_retried_with_growing_back_off():
    naps = []
    model = ResilientChatModel(
        QueuedFakeChatModel([*down(2), "{}"]),
        retries=2,
        sleep=naps.append,
        backoff_s=0.5,
    )
    assert model.complete(MESSAGES).text == "{}"
    assert naps == [0.5, 1.0]


def test_after_the_last_retry_the_error_carries_retry_after():
    model = ResilientChatModel(
        QueuedFakeChatModel(down(3)),
        retries=2,
        sleep=lambda s: None,
        breaker=CircuitBreaker(failures=10, reset_s=30),
    )
    with pytest.raises(ModelUnavailable) as caught:
        model.complete(MESSAGES)
    assert caught.value.details["retry_after"] == 30


def test_an_open_circuit_refuses_at_once_then_lets_a_trial_through():
    clock = Clock()
    fake = QueuedFakeChatModel([*down(2), "{}"])
    model = ResilientChatModel(
        fake,
        retries=0,
        sleep=lambda s: None,
        breaker=CircuitBreaker(2, 30.0, clock=clock),
    )
    for _ in range(2):
        with pytest.raises(ModelUnavailable):
            model.complete(MESSAGES)
    with pytest.raises(ModelUnavailable, match="retry in 30 s"):
        model.complete(MESSAGES)
    assert len(fake.calls) == 2  # the open circuit did not call the endpoint

    clock.now = 31.0
    assert model.complete(MESSAGES).text == "{}"
    assert len(fake.calls) == 3


def test_redaction_masks_emails_and_phone_numbers_only():
    text = "Mail dana.lee@acme.io or call +1 (415) 555-0134; deal of 48000 in 2026."
    assert redact(text) == "Mail [email] or call [phone]; deal of 48000 in 2026."
    fake = QueuedFakeChatModel(["{}"])
    RedactingChatModel(fake).complete([{"role": "user", "content": text}])
    assert "acme.io" not in fake.calls[0].messages[0]["content"]
