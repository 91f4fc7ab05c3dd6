"""The evidence contract of playbook proposals, and honest strength grades.

``evidence_contract``: every quoted passage stands word for word in the field of the
note it names, as the store serves that note. ``weak_when_thin``: a proposal resting
on one or two notes is graded weak, and its stated reason says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from evals.metrics import MetricResult, listed, not_measured, score

# Looks up a note's field by note id and field name; None when there is no such note.
NoteField = Callable[[str, str], str | None]


def evidence_contract(
    proposals: list[dict[str, Any]], field_of: NoteField
) -> MetricResult:
    """Share of evidence items whose quote is found in its note's field."""
    items = [e for p in proposals for e in p.get("evidence", [])]
    if not items:
        return not_measured("evidence_contract", "no proposal quotes any evidence")
    broken = []
    for item in items:
        text = field_of(item["note_id"], item["field"])
        if text is None or item["quote"] not in text:
            broken.append(f"{item['note_id']}: {item['quote'][:60]!r}")
    return score(
        "evidence_contract",
        len(items) - len(broken),
        len(items),
        listed([f"not in the note: {b}" for b in broken]),
    )


def weak_when_thin(proposals: list[dict[str, Any]]) -> MetricResult:
    """Share of thinly supported proposals graded weak, with the reason given."""
    thin = [p for p in proposals if len(_supporting(p)) <= 2]
    if not thin:
        return not_measured("weak_when_thin", "no proposal rests on two notes or fewer")
    wrong = [
        p["id"]
        for p in thin
        if p.get("strength") != "weak" or "weak" not in p.get("strength_reason", "")
    ]
    return score(
        "weak_when_thin",
        len(thin) - len(wrong),
        len(thin),
        listed([f"{pid} not graded weak" for pid in wrong]),
    )


def _supporting(proposal: dict[str, Any]) -> set[str]:
    return {
        e["note_id"] for e in proposal.get("evidence", []) if e["stance"] == "supports"
    }
