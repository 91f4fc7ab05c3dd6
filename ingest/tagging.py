"""Which deal stages a play speaks to, read from its headings and text."""

from __future__ import annotations

import re

_STAGE_WORDS = {
    "prospecting": (
        r"prospect\w*|outbound|cold (?:call|email)\w*|sdr|lead gen\w*|outreach"
    ),
    "discovery": (
        r"discovery|qualif\w*|meddp?picc|pain|champion|economic buyer|scoping"
        r"|decision criteria|decision process|discovery questions?"
    ),
    "evaluation": (
        r"demo\w*|technical (?:win|evaluation|validation)|proof of (?:concept|value)"
        r"|poc|pov|trial|evaluation|tech win|workshop"
    ),
    "proposal": (
        r"proposal|pricing|quote|business case|value (?:driver|proposition)s?|roi"
    ),
    "negotiation": (
        r"negotiat\w*|procurement|paper process|legal|discount\w*|contract\w*"
        r"|redline\w*|closing|close plan|mutual (?:action|close) plan"
    ),
    "closed_won": r"onboard\w*|renewal\w*|expansion|expand|retain|retention|qbr",
    "closed_lost": r"churn\w*|closed[- ]lost|lost deals?|post[- ]mortem|loss reasons?",
}
_PATTERNS = {
    stage: re.compile(rf"\b(?:{words})\b", re.IGNORECASE)
    for stage, words in _STAGE_WORDS.items()
}


def stages_for(heading_path: tuple[str, ...] | list[str], text: str) -> list[str]:
    """Stages named in the headings, or mentioned at least twice in the text."""
    headings = " / ".join(heading_path)
    found = []
    for stage, pattern in _PATTERNS.items():
        if pattern.search(headings) or len(pattern.findall(text)) >= 2:
            found.append(stage)
    return found
