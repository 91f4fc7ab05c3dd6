"""Wrappers that every backend goes through: retries, a circuit breaker, redaction.

A model endpoint that fails is retried with back-off; after enough consecutive
failures the circuit opens and callers get ``ModelUnavailable`` with a retry-after at
once, instead of queueing behind a dead endpoint. Redaction masks e-mail addresses
and phone numbers before any text leaves for an external endpoint.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable

from core.errors import ModelUnavailable
from llm.base import ChatModel, Completion, JsonSchema, Message

log = logging.getLogger(__name__)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w])\+?\d[\d\s().-]{7,}\d(?![\w])")


class CircuitBreaker:
    """Opens after ``failures`` consecutive failures; lets one try through per reset."""

    def __init__(self, failures: int, reset_s: float, clock=time.monotonic) -> None:
        self.failures = failures
        self.reset_s = reset_s
        self._clock = clock
        self._count = 0
        self._opened_at: float | None = None
        self._lock = threading.Lock()

    def check(self) -> None:
        """Raise while open; once ``reset_s`` has passed, let a trial call through."""
        with self._lock:
            if self._opened_at is None:
                return
            waited = self._clock() - self._opened_at
            if waited < self.reset_s:
                retry_after = max(1, round(self.reset_s - waited))
                raise ModelUnavailable(
                    f"the model is unavailable after {self._count} failures in a row; "
                    f"retry in {retry_after} s",
                    retry_after=retry_after,
                )
            self._opened_at = self._clock()  # half-open: one trial per reset period

    def record(self, ok: bool) -> None:
        with self._lock:
            if ok:
                self._count, self._opened_at = 0, None
                return
            self._count += 1
            if self._count >= self.failures:
                self._opened_at = self._clock()


class ResilientChatModel:
    """Retries a failing model with back-off, behind a circuit breaker."""

    def __init__(
        self,
        inner: ChatModel,
        *,
        retries: int = 2,
        breaker: CircuitBreaker | None = None,
        backoff_s: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.inner = inner
        self.name = inner.name
        self.retries = retries
        self.breaker = breaker or CircuitBreaker(5, 30.0)
        self.backoff_s = backoff_s
        self._sleep = sleep

    def complete(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 512,
    ) -> Completion:
        for attempt in range(self.retries + 1):
            self.breaker.check()
            try:
                completion = self.inner.complete(
                    messages, schema=schema, max_tokens=max_tokens
                )
            except ModelUnavailable as exc:
                self.breaker.record(ok=False)
                if attempt == self.retries:
                    raise ModelUnavailable(
                        exc.message, retry_after=self.breaker.reset_s
                    ) from exc
                log.warning("model call failed (attempt %d): %s", attempt + 1, exc)
                self._sleep(self.backoff_s * 2**attempt)
                continue
            self.breaker.record(ok=True)
            return completion
        raise AssertionError("unreachable: the loop returns or raises")


class RedactingChatModel:
    """Masks e-mail addresses and phone numbers in every message it forwards."""

    def __init__(self, inner: ChatModel) -> None:
        self.inner = inner
        self.name = inner.name

    def complete(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 512,
    ) -> Completion:
        masked = [{**m, "content": redact(m["content"])} for m in messages]
        return self.inner.complete(masked, schema=schema, max_tokens=max_tokens)


def redact(text: str) -> str:
    return _PHONE.sub("[phone]", _EMAIL.sub("[email]", text))
