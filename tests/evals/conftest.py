"""A small, valid brief and the texts behind its citations, for metric tests."""

from __future__ import annotations

import copy

import pytest

from coaching.citations import deal_text
from core.records import Deal
from tests.builders import DEAL

PASSAGE = (
    "Ask your champion to introduce you to the economic buyer before the proposal. "
    "A deal without access to the economic buyer stalls at procurement."
)
FIRST_SENTENCE = PASSAGE.split(". ")[0] + "."

BRIEF = {
    "id": "b1",
    "deal_id": "D-1",
    "reference_date": "2026-12-04",
    "meeting": {"kind": "discovery", "goal": "", "attendees": [], "date": None},
    "summary": {
        "text": "Acme Corp is in discovery for Insights Cloud.",
        "citations": ["deal:D-1:account", "deal:D-1:stage", "deal:D-1:product"],
    },
    "goal": "Confirm the pain, its cost, who decides and how they buy.",
    "stakeholders": [
        {
            "name": "Dana Lee",
            "title": "Head of Product",
            "role": "champion",
            "cares_about": "",
            "in_meeting": False,
            "citations": ["deal:D-1:contacts[0]"],
        }
    ],
    "risks": [],
    "questions": [],
    "objections": [],
    "plays": [
        {
            "title": "Meeting the economic buyer",
            "excerpt": FIRST_SENTENCE,
            "why": "Fits this stage (similarity 0.52).",
            "citations": ["play:p1"],
        }
    ],
    "lessons": [],
    "next_step": {
        "text": "Ask the champion to introduce the economic buyer.",
        "citations": ["play:p1"],
    },
    "citations": [
        {"id": cid, "kind": "deal", "source": "deals.json", "quote": quote}
        for cid, quote in (
            ("deal:D-1:account", "account: Acme Corp"),
            ("deal:D-1:stage", "stage: discovery"),
            ("deal:D-1:product", "product: Insights Cloud"),
            (
                "deal:D-1:contacts[0]",
                "contacts[0]: Dana Lee (Head of Product, champion)",
            ),
        )
    ]
    + [{"id": "play:p1", "kind": "play", "source": "d.md", "quote": FIRST_SENTENCE}],
    "left_out": [],
    "usage": {
        "model": "fake",
        "latency_s": 1.5,
        "prompt_tokens": 900,
        "completion_tokens": 100,
    },
}


def source_of(cid: str) -> str | None:
    """The text behind each citation of ``BRIEF``, as the API would serve it."""
    if cid.startswith("deal:D-1:"):
        return deal_text(Deal.model_validate(DEAL))
    return {"play:p1": PASSAGE}.get(cid)


@pytest.fixture
def brief() -> dict:
    return copy.deepcopy(BRIEF)


class MapEmbedder:
    """Vectors chosen by the test: known geometry, so cosine thresholds can be hit."""

    def __init__(self, vectors: dict[str, list[float]], default=(0.0, 0.0, 1.0)):
        self.vectors = vectors
        self.default = list(default)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.vectors.get(t, self.default) for t in texts]
