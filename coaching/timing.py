"""Where the time of one brief goes: the model call against everything around it.

The service's own work (retrieval, prompt building, grounding, storing) should be a
small share of a brief next to the model's generation; these figures show it per
request in the log and feed the benchmark.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from llm.base import ChatModel, Completion, JsonSchema, Message


@dataclass
class BriefTimings:
    """Seconds spent per phase of one brief; ``model_s`` is inside ``draft_s``."""

    evidence_s: float = 0.0
    draft_s: float = 0.0
    model_s: float = 0.0
    assemble_s: float = 0.0
    save_s: float = 0.0
    model_calls: int = 0

    @property
    def total_s(self) -> float:
        return self.evidence_s + self.draft_s + self.assemble_s + self.save_s

    @property
    def overhead_s(self) -> float:
        """Everything but the model: retrieval, prompts, grounding, storing."""
        return self.total_s - self.model_s

    def as_dict(self) -> dict[str, float]:
        figures = {
            name: round(getattr(self, name), 4)
            for name in ("evidence_s", "draft_s", "model_s", "assemble_s", "save_s")
        }
        return {
            **figures,
            "total_s": round(self.total_s, 4),
            "overhead_s": round(self.overhead_s, 4),
            "model_calls": self.model_calls,
        }


class Clock:
    """Adds the time since the last mark to a named field of ``BriefTimings``."""

    def __init__(self, timings: BriefTimings) -> None:
        self.timings = timings
        self._last = time.perf_counter()

    def mark(self, field_name: str) -> None:
        now = time.perf_counter()
        setattr(
            self.timings,
            field_name,
            getattr(self.timings, field_name) + now - self._last,
        )
        self._last = now


class TimedModel:
    """A chat model that adds the wall time of each call, queueing included, to
    ``timings.model_s``: from the service's side, waiting for the model is the
    model's time."""

    def __init__(self, model: ChatModel, timings: BriefTimings) -> None:
        self.model = model
        self.name = model.name
        self.timings = timings

    def complete(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 512,
    ) -> Completion:
        started = time.perf_counter()
        try:
            return self.model.complete(messages, schema=schema, max_tokens=max_tokens)
        finally:
            self.timings.model_s += time.perf_counter() - started
            self.timings.model_calls += 1
