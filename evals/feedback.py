"""Turning rated briefs into eval cases (``sideline eval import-feedback``).

A brief rated useful becomes a regression case: its risks and stakeholders are
the points it must keep making, the passages it cited the sources it must keep
finding. A brief rated not useful becomes a case built from the reason: a fragment
the reason quotes ("...") or an entity it names that the brief did say must not
appear again; a quoted fragment the brief did not say, or what follows "missing"
or "should mention", is a point the brief must make.

The case's input is the stored request with the deal written inline, so the case
runs against any corpus; review an imported file before committing it, since it
holds the deal's fields.
"""

from __future__ import annotations

import re
from pathlib import Path

from evals.cases import DATASETS, Case, append_cases
from evals.metrics.entities import entities
from evals.metrics.injection import strings
from store import records
from store.feedback import rated_briefs

FEEDBACK_FILE = DATASETS / "feedback-briefs.jsonl"
_QUOTED = re.compile(r"[\"“]([^\"”]{3,200})[\"”]")
_WANTED = re.compile(
    r"\b(?:missing|should (?:mention|say|include)|did not mention|didn't mention"
    r"|forgot)\b[:\s]+([^.;\n]{3,200})",
    re.I,
)


def import_feedback(db, tenant_id: str, path: Path = FEEDBACK_FILE) -> tuple[int, int]:
    """Append a case per rated brief not yet in the file; returns (added, rated)."""
    with db.read() as conn:
        rated = rated_briefs(conn, tenant_id)
        cases = [case_from_rating(r, _inline_deal(conn, tenant_id, r)) for r in rated]
    path.parent.mkdir(parents=True, exist_ok=True)
    return append_cases(path, cases), len(rated)


def case_from_rating(rating: dict, request: dict) -> Case:
    """One case from one rating (see the module docstring)."""
    brief, reason = rating["brief"], rating["reason"].strip()
    useful = rating["useful"]
    case = Case(
        id=f"feedback-{rating['id']}",
        suite="briefs",
        tags=["feedback", "useful" if useful else "not-useful"],
        description=f"Rated {'useful' if useful else 'not useful'} "
        f"(brief {brief['id']}): {reason or 'no reason given'}",
        input={**request, "reference_date": brief["reference_date"]},
    )
    if useful:
        case.expected_points = [r["text"] for r in brief["risks"]]
        case.expected_points += [s["name"] for s in brief["stakeholders"]]
        case.expected_sources = _cited_sources(brief)
    else:
        case.must_not_appear, case.expected_points = _from_reason(reason, brief)
    return case


def _from_reason(reason: str, brief: dict) -> tuple[list[str], list[str]]:
    said = "\n".join(strings(brief)).lower()
    quoted = _QUOTED.findall(reason)
    named = [e for e in entities(reason) if e.lower() in said]
    banned = [q for q in quoted if q.lower() in said] + named
    wanted = [q for q in quoted if q.lower() not in said]
    wanted += [w.strip() for w in _WANTED.findall(reason)]
    return list(dict.fromkeys(banned)), list(dict.fromkeys(wanted))


def _cited_sources(brief: dict) -> list[str]:
    sources = [c["source"] for c in brief["citations"] if c["kind"] in ("play", "note")]
    return list(dict.fromkeys(sources))


def _inline_deal(conn, tenant_id: str, rating: dict) -> dict:
    request = dict(rating["request"])
    deal_id = request.pop("deal_id", None)
    if deal_id is not None and request.get("deal") is None:
        deal = records.get_deal(conn, tenant_id, deal_id)
        request["deal"] = deal.model_dump(mode="json", exclude={"tenant_id", "source"})
    return request
