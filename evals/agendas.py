"""The agendas suite: drafts a 1:1 agenda for a case and scores it.

A case's input holds the agenda request, and for corpora without a teams file the
people and scorecards it needs (stored before the agenda is drafted; storing them
twice changes nothing). The ranked early-stage deals play the part of retrieved
sources: ``expected_sources`` names the deal ids a good ranking puts first.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coaching.agenda import cited_ids
from coaching.agenda_models import Agenda, AgendaRequest
from coaching.agenda_sources import agenda_source_text
from coaching.render_agenda import agenda_markdown
from core.errors import NotFound, SidelineError
from evals.cases import Case
from evals.metrics import MetricResult, not_measured
from evals.metrics.citations import citation_validity
from evals.metrics.cost import latency, tokens
from evals.metrics.coverage import key_point_coverage, must_not_appear
from evals.metrics.retrieval import mrr, recall_at_k
from evals.metrics.schema import schema_validity
from evals.metrics.timeboxes import time_boxes
from evals.suites import Attempt
from store import people
from store.scorecards import Scorecard, upsert_scorecard

_NEED_AGENDA = ("citation_validity", "key_point_coverage", "must_not_appear")
# Cases run in threads; two storing the same people at once would race.
_SEEDING = threading.Lock()


class AgendaCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    request: AgendaRequest
    managers: list[people.Manager] = Field(default_factory=list)
    reps: list[people.Rep] = Field(default_factory=list)
    scorecards: list[Scorecard] = Field(default_factory=list)


class AgendaSuite:
    name = "agendas"
    metrics = (
        "schema_valid",
        "time_boxes",
        *_NEED_AGENDA,
        "retrieval_recall@10",
        "retrieval_mrr",
        "latency_s",
        "model_latency_s",
        "tokens",
    )

    def check(self, case: Case) -> str:
        try:
            AgendaCase.model_validate(case.input)
        except (ValidationError, SidelineError) as exc:
            return f"input is not an agenda case: {exc}"
        return ""

    def run(self, runtime: Any, tenant: str, case: Case) -> Attempt:
        """Store the case's people, then draft as ``POST /v1/agendas`` would."""
        given = AgendaCase.model_validate(case.input)
        request = given.request
        today = (
            request.reference_date or case.reference_date or runtime.settings.today()
        )
        attempt = Attempt(output=None)
        started = time.perf_counter()
        try:
            _seed(runtime, tenant, given)
            agenda = runtime.agenda_writer.write(tenant, request, today)
            attempt.output = agenda.model_dump(mode="json")
            attempt.retrieved = [d.deal_id for d in agenda.early_deals]
        except SidelineError as exc:
            attempt.error = f"{exc.code}: {exc.message}"
        attempt.seconds = time.perf_counter() - started
        return attempt

    def score(
        self, runtime: Any, tenant: str, case: Case, attempt: Attempt, embedder
    ) -> list[MetricResult]:
        output = attempt.output
        results = [
            schema_validity(output, Agenda),
            time_boxes(output),
            recall_at_k(attempt.retrieved, case.expected_sources),
            mrr(attempt.retrieved, case.expected_sources),
            latency(attempt.seconds),
            *_usage(output),
        ]
        agenda = _as_agenda(output)
        if agenda is None:
            why = attempt.error or "the output is not a valid agenda"
            return results + [not_measured(n, why) for n in _NEED_AGENDA]
        source_of = _SourceCache(runtime, tenant)
        return results + [
            citation_validity(cited_ids(agenda), agenda.citations, source_of),
            key_point_coverage(statements(agenda), case.expected_points, embedder),
            must_not_appear("\n".join(statements(agenda)), case.must_not_appear),
        ]

    def judge_subject(self, attempt: Attempt) -> tuple[str, dict[str, str]]:
        agenda = _as_agenda(attempt.output)
        if agenda is None:
            return "", {}
        return agenda_markdown(agenda), {"rep": agenda.rep_name}


def statements(agenda: Agenda) -> list[str]:
    """What the agenda says, one text per claim or item, for coverage checks."""
    texts = [agenda.summary.text]
    texts += [f"{i.title}. {i.detail}" for i in agenda.items]
    for deal in agenda.early_deals:
        texts += [deal.question, *(r.text for r in deal.reasons)]
    texts += [c.text for c in agenda.recognition]
    if agenda.skill_focus is not None:
        focus = agenda.skill_focus
        texts += [focus.why, *(c.text for c in focus.evidence)]
        texts += [focus.exercise.instructions, focus.exercise.excerpt]
    return [t for t in texts if t]


def _seed(runtime, tenant: str, given: AgendaCase) -> None:
    with _SEEDING, runtime.db.begin() as conn:
        for manager in given.managers:
            people.upsert_manager(conn, tenant, manager)
        for rep in given.reps:
            people.upsert_rep(conn, tenant, rep)
        for card in given.scorecards:
            upsert_scorecard(conn, tenant, card.with_id(tenant))


def _usage(output: dict | None) -> list[MetricResult]:
    usage = (output or {}).get("usage") or {}
    return [
        latency(usage.get("latency_s"), name="model_latency_s"),
        tokens(usage.get("prompt_tokens"), usage.get("completion_tokens")),
    ]


class _SourceCache:
    """The text behind each citation id, as the API serves it; None if unknown."""

    def __init__(self, runtime, tenant: str) -> None:
        self.runtime, self.tenant = runtime, tenant
        self._texts: dict[str, str | None] = {}

    def __call__(self, cid: str) -> str | None:
        if cid not in self._texts:
            try:
                with self.runtime.db.read() as conn:
                    self._texts[cid] = agenda_source_text(
                        conn, self.tenant, cid, self.runtime.rubric
                    )
            except NotFound:
                self._texts[cid] = None
        return self._texts[cid]


def _as_agenda(output: dict | None) -> Agenda | None:
    if output is None:
        return None
    try:
        return Agenda.model_validate(output)
    except ValidationError:
        return None
