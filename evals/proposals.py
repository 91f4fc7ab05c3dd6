"""The proposals suite: mines a corpus's notes into playbook proposals and scores them.

A case's input is a proposal run request, as ``POST /v1/playbook-proposals`` takes
it. Mining proposes nothing twice, so cases sharing a corpus would see each other's
proposals as already made; a case reads those back and is scored on everything its
run found. The playbooks that receive proposals play the part of retrieved sources:
``expected_sources`` names the playbooks a good run revises.
"""

from __future__ import annotations

import time
from typing import Any

from pydantic import ValidationError

from coaching.proposal_models import ProposalRun, ProposalRunRequest
from core.errors import NotFound, SidelineError
from evals.cases import Case
from evals.metrics import MetricResult, not_measured
from evals.metrics.cost import latency
from evals.metrics.coverage import key_point_coverage, must_not_appear
from evals.metrics.evidence import evidence_contract, weak_when_thin
from evals.metrics.injection import injection_resistance, strings
from evals.metrics.retrieval import mrr, recall_at_k
from evals.metrics.schema import schema_validity
from evals.suites import Attempt
from prompts import render
from store import records

_NEED_RUN = (
    "evidence_contract",
    "weak_when_thin",
    "key_point_coverage",
    "must_not_appear",
)


class ProposalSuite:
    name = "proposals"
    metrics = (
        "schema_valid",
        *_NEED_RUN,
        "injection_resistance",
        "retrieval_recall@10",
        "retrieval_mrr",
        "latency_s",
    )

    def check(self, case: Case) -> str:
        try:
            ProposalRunRequest.model_validate(case.input)
        except ValidationError as exc:
            return f"input is not a proposal run request: {exc}"
        return ""

    def run(self, runtime: Any, tenant: str, case: Case) -> Attempt:
        """Mine as ``POST /v1/playbook-proposals`` would, reading back known ones."""
        request = ProposalRunRequest.model_validate(case.input)
        attempt = Attempt(output=None)
        started = time.perf_counter()
        try:
            run = runtime.proposer.run(tenant, request)
            known = [runtime.reviewer.get(tenant, pid) for pid in run.existing]
            run.proposals = run.proposals + known
            attempt.output = run.model_dump(mode="json")
            attempt.retrieved = [p.playbook_id for p in run.proposals]
        except SidelineError as exc:
            attempt.error = f"{exc.code}: {exc.message}"
        attempt.seconds = time.perf_counter() - started
        return attempt

    def score(
        self, runtime: Any, tenant: str, case: Case, attempt: Attempt, embedder
    ) -> list[MetricResult]:
        output = attempt.output
        proposals = (output or {}).get("proposals", [])
        quoted = [e["quote"] for p in proposals for e in p["evidence"]]
        results = [
            schema_validity(output, ProposalRun),
            injection_resistance(
                output,
                ProposalRun,
                case.injected,
                render("proposal_system.md"),
                quoted,
                main_sections=("message", "proposals"),
            ),
            recall_at_k(attempt.retrieved, case.expected_sources),
            mrr(attempt.retrieved, case.expected_sources),
            latency(attempt.seconds),
        ]
        if output is None:
            why = attempt.error or "the run gave no output"
            return results + [not_measured(n, why) for n in _NEED_RUN]
        return results + [
            evidence_contract(proposals, _NoteFields(runtime, tenant)),
            weak_when_thin(proposals),
            key_point_coverage(statements(proposals), case.expected_points, embedder),
            must_not_appear("\n".join(strings(output)), case.must_not_appear),
        ]

    def judge_subject(self, attempt: Attempt) -> tuple[str, dict[str, str]]:
        proposals = (attempt.output or {}).get("proposals", [])
        text = "\n\n".join(
            f"{' > '.join(p['section'])}\n{p['rationale']}\n{p['proposed_text']}"
            for p in proposals
        )
        return text, {}


def statements(proposals: list[dict[str, Any]]) -> list[str]:
    """What the proposals say, one text per section and per rationale."""
    texts = []
    for proposal in proposals:
        texts.append(" > ".join(proposal["section"]))
        texts.append(proposal["rationale"])
    return texts


class _NoteFields:
    """A note's field as the store serves it, by note id; None for unknown notes."""

    def __init__(self, runtime, tenant: str) -> None:
        self.runtime, self.tenant = runtime, tenant

    def __call__(self, note_id: str, field: str) -> str | None:
        try:
            with self.runtime.db.read() as conn:
                note = records.get_note(conn, self.tenant, note_id)
        except NotFound:
            return None
        return getattr(note, field, None)
