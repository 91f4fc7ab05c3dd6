"""The registry of suites: each knows how to run a case and which metrics apply.

A suite is one kind of output: briefs, agendas, playbook proposals.
To add one, write a class with the ``Suite`` shape beside ``evals/briefs.py``,
register it in ``SUITES``, add its cases to a dataset file with its name in
``suite``, and its thresholds to ``thresholds.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from core.errors import InvalidInput
from evals.cases import Case
from evals.metrics import MetricResult

PLANNED: tuple[str, ...] = ()


@dataclass
class Attempt:
    """What running one case produced, before scoring."""

    output: dict[str, Any] | None
    error: str = ""
    seconds: float | None = None
    retrieved: list[str] = field(default_factory=list)  # sources, best first
    context: dict[str, Any] = field(default_factory=dict)  # suite-private, unsaved


class Suite(Protocol):
    name: str
    metrics: tuple[str, ...]  # the metric names it reports, for the docs and checks

    def check(self, case: Case) -> str:
        """Why the case's input is unusable for this suite, or ''."""

    def run(self, runtime: Any, tenant: str, case: Case) -> Attempt:
        """Produce the output through the same code path as the API."""

    def score(
        self, runtime: Any, tenant: str, case: Case, attempt: Attempt, embedder
    ) -> list[MetricResult]:
        """Every deterministic metric of this suite for one attempt."""

    def judge_subject(self, attempt: Attempt) -> tuple[str, dict[str, str]]:
        """The text an LLM judge reads, and facts the rubric's prompt may use."""


def registry() -> dict[str, Suite]:
    # Imported here: a suite module pulls in the coaching layer it evaluates.
    from evals.agendas import AgendaSuite
    from evals.briefs import BriefSuite
    from evals.proposals import ProposalSuite

    return {
        "briefs": BriefSuite(),
        "agendas": AgendaSuite(),
        "proposals": ProposalSuite(),
    }


def select(name: str) -> list[Suite]:
    """The suites ``--suite`` names: one by name, or ``all``."""
    suites = registry()
    if name == "all":
        return list(suites.values())
    if name in suites:
        return [suites[name]]
    if name in PLANNED:
        raise InvalidInput(
            f"the {name} suite has no cases yet; registered suites: {', '.join(suites)}"
        )
    raise InvalidInput(
        f"unknown suite {name!r}; use one of {', '.join([*suites, 'all'])}"
    )
