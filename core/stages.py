"""Canonical deal stages, meeting kinds and note outcomes, with the aliases CRMs use."""

from __future__ import annotations

from core.errors import InvalidInput

STAGES = (
    "prospecting",
    "discovery",
    "evaluation",
    "proposal",
    "negotiation",
    "closed_won",
    "closed_lost",
)
OPEN_STAGES = STAGES[:5]
EARLY_STAGES = ("prospecting", "discovery", "evaluation")

_STAGE_ALIASES = {
    "lead": "prospecting",
    "new": "prospecting",
    "engaging": "discovery",
    "qualification": "discovery",
    "qualify": "discovery",
    "scoping": "discovery",
    "demo": "evaluation",
    "solution": "evaluation",
    "technical evaluation": "evaluation",
    "technical validation": "evaluation",
    "poc": "evaluation",
    "proof of concept": "evaluation",
    "proposal/price quote": "proposal",
    "quote": "proposal",
    "negotiation/review": "negotiation",
    "negotiating": "negotiation",
    "closing": "negotiation",
    "won": "closed_won",
    "closed won": "closed_won",
    "lost": "closed_lost",
    "closed lost": "closed_lost",
}

MEETING_KINDS = (
    "prospecting",
    "discovery",
    "demo",
    "technical",
    "proposal",
    "negotiation",
    "renewal",
    "executive",
    "follow_up",
)

OUTCOMES = ("won", "lost", "no_decision", "churned")

_OUTCOME_ALIASES = {
    "win": "won",
    "closed won": "won",
    "closed_won": "won",
    "loss": "lost",
    "closed lost": "lost",
    "closed_lost": "lost",
    "no decision": "no_decision",
    "no-decision": "no_decision",
    "nodecision": "no_decision",
    "churn": "churned",
}


def _key(value: str) -> str:
    return " ".join(value.strip().lower().replace("_", " ").replace("-", " ").split())


def normalize_stage(value: str) -> str:
    """Map a CRM stage name to a canonical stage, or refuse it by name."""
    key = _key(value)
    key = key.split(" ", 1)[1] if key[:1].isdigit() and " " in key else key
    for stage in STAGES:
        if key == stage.replace("_", " "):
            return stage
    if key in _STAGE_ALIASES:
        return _STAGE_ALIASES[key]
    raise InvalidInput(
        f"unknown deal stage {value!r}; use one of {', '.join(STAGES)} "
        f"or a common CRM name such as Engaging or Closed Won"
    )


def normalize_outcome(value: str) -> str:
    key = _key(value)
    if key.replace(" ", "_") in OUTCOMES:
        return key.replace(" ", "_")
    if key in _OUTCOME_ALIASES:
        return _OUTCOME_ALIASES[key]
    raise InvalidInput(f"unknown outcome {value!r}; use one of {', '.join(OUTCOMES)}")


def normalize_meeting_kind(value: str) -> str:
    key = _key(value).replace(" ", "_")
    if key in MEETING_KINDS:
        return key
    raise InvalidInput(
        f"unknown meeting kind {value!r}; use one of {', '.join(MEETING_KINDS)}"
    )
