"""An optional LLM judge that scores outputs on rubrics kept as data.

Each suite's rubric is ``evals/rubric-<suite>.toml``: criteria and prompt wording.

The judge is any chat model, usually an OpenAI-compatible endpoint
(``llm.openai_compat.OpenAIChatModel``). It scores each case ``runs`` times
(default 3); the result per criterion is the mean of the runs that could be
scored, with their spread (max - min). A run whose answer cannot be parsed is
left out; when none can be, the criterion is reported as not measured, never as
zero, so a flaky judge cannot drag an average down.
"""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path
from statistics import fmean

from jinja2 import Environment
from pydantic import BaseModel, Field, create_model

from core.errors import ModelOutputInvalid, ModelUnavailable
from evals.metrics import MetricResult, not_measured
from llm.base import ChatModel
from llm.structured import generate_structured

log = logging.getLogger(__name__)

RUBRICS = Path(__file__).parent
DEFAULT_RUNS = 3


class Criterion(BaseModel):
    name: str
    question: str


class Rubric(BaseModel):
    suite: str
    scale_min: int = 1
    scale_max: int = 5
    max_tokens: int = 200
    system: str
    user: str
    criteria: list[Criterion]

    def verdict_type(self) -> type[BaseModel]:
        """The answer's shape: one bounded integer per criterion, and a reason."""
        fields = {
            c.name: (int, Field(ge=self.scale_min, le=self.scale_max))
            for c in self.criteria
        }
        return create_model("Verdict", reason=(str, Field(max_length=400)), **fields)


def load_rubrics(folder: Path = RUBRICS) -> dict[str, Rubric]:
    """Every ``rubric-<suite>.toml`` in the folder, by suite."""
    rubrics = [
        Rubric.model_validate(tomllib.loads(p.read_text(encoding="utf-8")))
        for p in sorted(folder.glob("rubric-*.toml"))
    ]
    return {r.suite: r for r in rubrics}


class Judge:
    """Scores one output on every criterion of its suite's rubric, ``runs`` times."""

    def __init__(
        self, model: ChatModel, rubrics: dict[str, Rubric], runs: int = DEFAULT_RUNS
    ):
        self.model = model
        self.rubrics = rubrics
        self.runs = max(1, runs)
        self.name = model.name
        # Lenient about missing facts: a suite passes only the ones it knows.
        self._templates = Environment(trim_blocks=True)

    def score(
        self, suite: str, subject: str, facts: dict[str, str]
    ) -> list[MetricResult]:
        """One result per criterion; a suite without a rubric is not judged."""
        rubric = self.rubrics.get(suite)
        if rubric is None:
            return []
        if not subject:
            return _none(rubric, "there was no output to judge")
        verdicts = [self._once(rubric, subject, facts) for _ in range(self.runs)]
        scored = [v for v in verdicts if v is not None]
        if not scored:
            return _none(rubric, f"no judge answer could be scored in {self.runs} runs")
        return [self._criterion(rubric, c.name, scored) for c in rubric.criteria]

    def _once(
        self, rubric: Rubric, subject: str, facts: dict[str, str]
    ) -> BaseModel | None:
        try:
            verdict, _ = generate_structured(
                self.model,
                self._messages(rubric, subject, facts),
                rubric.verdict_type(),
                max_tokens=rubric.max_tokens,
            )
        except (ModelOutputInvalid, ModelUnavailable) as exc:
            log.warning("judge run not scorable: %s", exc.message)
            return None
        return verdict

    def _messages(
        self, rubric: Rubric, subject: str, facts: dict[str, str]
    ) -> list[dict[str, str]]:
        user = self._templates.from_string(rubric.user).render(
            subject=subject, criteria=rubric.criteria, **facts
        )
        return [
            {"role": "system", "content": rubric.system.strip()},
            {"role": "user", "content": user.strip()},
        ]

    def _criterion(
        self, rubric: Rubric, name: str, verdicts: list[BaseModel]
    ) -> MetricResult:
        low, high = rubric.scale_min, rubric.scale_max
        values = [(getattr(v, name) - low) / (high - low) for v in verdicts]
        return MetricResult(
            name=f"judge_{name}",
            value=round(fmean(values), 4),
            spread=round(max(values) - min(values), 4),
            detail=f"{len(values)} of {self.runs} runs scored",
        )


def _none(rubric: Rubric, why: str) -> list[MetricResult]:
    return [not_measured(f"judge_{c.name}", why) for c in rubric.criteria]
