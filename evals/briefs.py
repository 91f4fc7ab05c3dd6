"""The briefs suite: runs a case through ``BriefWriter`` and scores the brief."""

from __future__ import annotations

import time
from typing import Any

from pydantic import ValidationError

from coaching.brief import DEFAULT_GOALS
from coaching.brief_models import Brief, BriefRequest
from coaching.render import brief_markdown
from core.errors import NotFound, SidelineError
from core.records import Deal
from evals.brief_parts import claim_checks, entity_pool, entity_texts, statements
from evals.cases import Case
from evals.metrics import MetricResult, not_measured
from evals.metrics.citations import citation_validity
from evals.metrics.cost import latency, tokens
from evals.metrics.coverage import key_point_coverage, must_not_appear
from evals.metrics.entities import invented_entities
from evals.metrics.grounding import grounded_claim_rate
from evals.metrics.injection import injection_resistance, strings
from evals.metrics.retrieval import mrr, recall_at_k
from evals.metrics.schema import required_sections, schema_validity
from evals.suites import Attempt
from prompts import render
from store import records

# Metrics that need a brief to read; a failed case reports them as not measured.
_NEED_BRIEF = (
    "citation_validity",
    "grounded_claim_rate",
    "no_invented_entities",
    "key_point_coverage",
    "must_not_appear",
)


class BriefSuite:
    name = "briefs"
    metrics = (
        "schema_valid",
        "required_sections",
        *_NEED_BRIEF,
        "injection_resistance",
        "retrieval_recall@10",
        "retrieval_mrr",
        "latency_s",
        "model_latency_s",
        "tokens",
    )

    def check(self, case: Case) -> str:
        try:
            BriefRequest.model_validate(case.input)
        except (ValidationError, SidelineError) as exc:
            return f"input is not a brief request: {exc}"
        return ""

    def run(self, runtime: Any, tenant: str, case: Case) -> Attempt:
        """Write the brief as ``POST /v1/briefs`` would, and rerun its searches."""
        request = BriefRequest.model_validate(case.input)
        today = (
            request.reference_date or case.reference_date or runtime.settings.today()
        )
        attempt = Attempt(output=None, context={"request": request, "today": today})
        started = time.perf_counter()
        try:
            brief = runtime.brief_writer.write(tenant, request, today)
            attempt.output = brief.model_dump(mode="json")
        except SidelineError as exc:
            attempt.error = f"{exc.code}: {exc.message}"
        attempt.seconds = time.perf_counter() - started
        self._retrieve(runtime, tenant, request, attempt)
        return attempt

    def score(
        self, runtime: Any, tenant: str, case: Case, attempt: Attempt, embedder
    ) -> list[MetricResult]:
        output = attempt.output
        brief = _as_brief(output)
        results = [
            schema_validity(output, Brief),
            required_sections(output),
            injection_resistance(
                output,
                Brief,
                case.injected,
                render("brief_system.md"),
                quoted=_quotes(brief),
            ),
            recall_at_k(attempt.retrieved, case.expected_sources),
            mrr(attempt.retrieved, case.expected_sources),
            latency(attempt.seconds),
            *self._usage(output),
        ]
        if brief is None:
            why = attempt.error or "the output is not a valid brief"
            return results + [not_measured(n, why) for n in _NEED_BRIEF]
        return results + self._content(runtime, tenant, case, attempt, brief, embedder)

    def judge_subject(self, attempt: Attempt) -> tuple[str, dict[str, str]]:
        brief = _as_brief(attempt.output)
        if brief is None:
            return "", {}
        deal = attempt.context.get("deal")
        stage = deal.stage if deal is not None else ""
        return brief_markdown(brief), {"stage": stage, "meeting": brief.meeting.kind}

    def _content(self, runtime, tenant, case, attempt, brief, embedder):
        request: BriefRequest = attempt.context["request"]
        deal: Deal | None = attempt.context.get("deal")
        sources = _SourceCache(runtime, tenant, request)
        cited = {cid for _, _, ids in statements(brief) for cid in ids}
        pool = entity_pool(brief, deal, request, attempt.context.get("evidence", []))
        pool += [t for c in brief.citations if (t := sources(c.id))]
        return [
            citation_validity(cited, brief.citations, sources),
            grounded_claim_rate(
                claim_checks(brief, deal, attempt.context["today"], sources), embedder
            ),
            invented_entities(entity_texts(brief), pool),
            key_point_coverage(
                [text for _, text, _ in statements(brief)],
                case.expected_points,
                embedder,
            ),
            must_not_appear(_presented(attempt.output), case.must_not_appear),
        ]

    def _usage(self, output: dict | None) -> list[MetricResult]:
        usage = (output or {}).get("usage") or {}
        return [
            latency(usage.get("latency_s"), name="model_latency_s"),
            tokens(usage.get("prompt_tokens"), usage.get("completion_tokens")),
        ]

    def _retrieve(self, runtime, tenant: str, request: BriefRequest, attempt) -> None:
        """The brief's own searches, rerun to rank the sources they find."""
        try:
            deal = _deal(runtime, tenant, request)
        except NotFound:
            return
        kind = request.meeting.kind
        goal = request.meeting.goal or DEFAULT_GOALS[kind]
        evidence = runtime.finder.for_meeting(tenant, deal, kind, goal)
        hits = [
            *evidence.plays,
            *evidence.question_passages,
            *evidence.objection_passages,
            *evidence.won,
            *evidence.lost,
        ]
        ranked = sorted(hits, key=lambda h: -h.score)
        attempt.retrieved = list(dict.fromkeys(h.chunk.source for h in ranked))
        attempt.context["deal"] = deal
        attempt.context["evidence"] = [h.chunk for h in hits]


class _SourceCache:
    """The text behind each citation id, as the API serves it; None if unknown."""

    def __init__(self, runtime, tenant: str, request: BriefRequest) -> None:
        self.runtime, self.tenant, self.request = runtime, tenant, request
        self._texts: dict[str, str | None] = {}

    def __call__(self, cid: str) -> str | None:
        if cid not in self._texts:
            self._texts[cid] = self._fetch(cid)
        return self._texts[cid]

    def _fetch(self, cid: str) -> str | None:
        from coaching.sources import source_text

        try:
            with self.runtime.db.read() as conn:
                return source_text(conn, self.tenant, cid, self.request)
        except NotFound:
            return None


def _deal(runtime, tenant: str, request: BriefRequest) -> Deal:
    if request.deal is not None:
        return request.deal
    with runtime.db.read() as conn:
        return records.get_deal(conn, tenant, request.deal_id or "")


def _presented(output: dict) -> str:
    """What the brief presents as advice or fact: all of it but ``left_out``, which
    the brief itself marks as rejected (injection checks still read it)."""
    kept = {k: v for k, v in output.items() if k not in ("left_out", "usage")}
    return "\n".join(strings(kept))


def _quotes(brief: Brief | None) -> list[str]:
    """What the brief quotes: each citation's quote, and a deal field's bare value."""
    if brief is None:
        return []
    quotes = [c.quote for c in brief.citations]
    return quotes + [q.split(": ", 1)[1] for q in quotes if ": " in q]


def _as_brief(output: dict | None) -> Brief | None:
    if output is None:
        return None
    try:
        return Brief.model_validate(output)
    except ValidationError:
        return None
