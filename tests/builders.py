"""Small, readable inputs that tests share: a playbook, notes, deals, model drafts."""

from __future__ import annotations

import json

PLAYBOOK = """---
title: Discovery
---
# Discovery

## Questions that find the pain

Ask about the cost of the problem before you show anything.

- What does the current reporting process cost your team each month?
- Who signs off on a purchase like this, and how did the last one go?

## Meeting the economic buyer

Ask your champion to introduce you to the economic buyer before the proposal.
A deal without access to the economic buyer stalls at procurement.

## Objection: the price is too high

Tie the price to the cost of the problem the buyer named in discovery.
Ask what the budget was built for and who can move it.
"""

NOTES = [
    {
        "id": "N-1",
        "outcome": "won",
        "title": "Won against Mixpanel",
        "competitor": "Mixpanel",
        "segment": "enterprise",
        "text": "We won because the champion brought the economic buyer to the demo. "
        "Written success criteria for the proof of value made the decision easy.",
    },
    {
        "id": "N-2",
        "outcome": "lost",
        "title": "Lost to in-house build",
        "competitor": "in-house build",
        "segment": "mid-market",
        "text": "We lost because we never met the economic buyer. "
        "The team decided to build it in-house after procurement stalled.",
    },
    {
        "id": "N-3",
        "outcome": "churned",
        "title": "Churned after renewal",
        "segment": "mid-market",
        "text": "The customer churned because adoption stayed low after onboarding.",
    },
]

DEAL = {
    "id": "D-1",
    "account": "Acme Corp",
    "owner": "Priya",
    "product": "Insights Cloud",
    "stage": "discovery",
    "amount": 48000,
    "competitor": "Mixpanel",
    "stage_entered_date": "2026-11-01",
    "close_date": "2026-12-20",
    "next_step": "",
    "contacts": [
        {
            "name": "Dana Lee",
            "title": "Head of Product",
            "role": "champion",
            "cares_about": "faster answers about feature adoption",
        }
    ],
}


def draft(
    summary_sources=("D3",),
    objection_sources=("P1",),
    next_sources=("D1",),
    **overrides,
) -> str:
    """A model answer in the brief prompt's output shape."""
    body = {
        "summary": "Acme is in discovery on Insights Cloud.",
        "summary_sources": list(summary_sources),
        "objections": [
            {
                "objection": "The price is too high",
                "response": "Tie the price to the cost of the problem.",
                "sources": list(objection_sources),
            }
        ],
        "next_step": "Book a meeting with the economic buyer.",
        "next_step_sources": list(next_sources),
    }
    body.update(overrides)
    return json.dumps(body)
