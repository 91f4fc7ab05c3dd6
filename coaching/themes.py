"""Themes of win/loss notes: what sellers did (practices) and what went wrong (risks).

Each theme is recognised by cue words, like the stage words of ``ingest.tagging``:
deterministic, explainable, and easy to extend. A sentence that names a practice is
read as *followed* unless its clause negates it ("we never met the economic buyer"),
the theme's own signs of skipping match ("our only contact"), or it is hindsight
("next time I would..."). A sentence that names a risk says the risk *occurred*.

How a note's sentences are read against these themes is ``coaching.mentions``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Theme:
    key: str
    label: str  # reads after "notes that mention ..."
    kind: Literal["practice", "risk"]
    cue: re.Pattern
    query: str  # what retrieval looks for among plays
    heading: str  # the heading of a new section about it
    skipped: re.Pattern | None = None  # a practice's own signs of being skipped
    followed: re.Pattern | None = None  # ...and of being followed, despite negation
    answer: re.Pattern | None = None  # how a play names it, when not like the notes

    def answered_by(self, text: str, *, times: int = 1) -> bool:
        """Whether a play's text or headings name the theme at least ``times``."""
        return len((self.answer or self.cue).findall(text)) >= times


def _cue(pattern: str) -> re.Pattern:
    return re.compile(rf"\b(?:{pattern})", re.IGNORECASE)


THEMES: tuple[Theme, ...] = (
    Theme(
        "economic_buyer",
        "access to the economic buyer",
        "practice",
        _cue(
            r"economic buyer|budget (?:owner|holder)|own(?:ed|s) the budget"
            r"|who (?:would|will) sign|decision[- ]makers?"
        ),
        "meet the economic buyer who owns the budget and signs",
        "Getting to the economic buyer",
    ),
    Theme(
        "success_criteria",
        "written success criteria",
        "practice",
        _cue(r"success criteria|pass marks"),
        "agree written success criteria for the evaluation",
        "Written success criteria",
    ),
    Theme(
        "multi_threading",
        "relationships beyond one contact",
        "practice",
        _cue(
            r"multi[- ]thread\w*|single[- ]thread\w*|only (?:contact|champion)"
            r"|more than one champion|single[- ]department|more relationships"
        ),
        "multi-threading: relationships with several stakeholders, not one contact",
        "Multi-threading beyond one contact",
        skipped=_cue(r"single[- ]thread|only (?:contact|champion)|single[- ]depart"),
        answer=_cue(
            r"multi[- ]thread\w*|single[- ]thread\w*|buying group|several stakeholders"
        ),
    ),
    Theme(
        "security_review",
        "starting the security review early",
        "practice",
        _cue(
            r"security (?:review|questionnaire|pack|team)|data processing agreement"
            r"|compliance review"
        ),
        "start the security and compliance review early, in parallel",
        "Starting the security review early",
        skipped=_cue(r"started after|no owner|added \w+ days|took \w+ redline"),
        answer=_cue(r"security (?:review|questionnaire|pack)"),
    ),
    Theme(
        "business_case",
        "a business case with the cost of the problem",
        "practice",
        _cue(
            r"business case|cost of (?:the )?(?:problem|inaction)"
            r"|build[- ]versus[- ]buy|metric with a cost|made the project urgent"
        ),
        "build a business case from the cost of the problem",
        "The business case",
        answer=_cue(
            r"business case|cost of (?:the )?(?:problem|inaction)"
            r"|build[- ]versus[- ]buy|\broi\b"
        ),
    ),
    Theme(
        "close_plan",
        "a mutual close plan",
        "practice",
        _cue(r"mutual (?:close|action) plan|close plan|decision date"),
        "agree a mutual close plan with dates to signature",
        "The mutual close plan",
    ),
    Theme(
        "trade_not_discount",
        "trading rather than discounting",
        "practice",
        _cue(
            r"(?:offered|gave|agreed to|cut|matched)[^.;]{0,25}(?:discount|price)"
            r"|discounted|did not discount|didn't discount|in exchange for|traded"
        ),
        "trade concessions for value instead of discounting",
        "Trading, not discounting",
        skipped=_cue(r"without asking|twice|cut (?:the )?price|price cuts?"),
        followed=_cue(r"did not discount|didn't discount|in exchange for|traded"),
        answer=_cue(r"discount\w*|trade rather than|as a trade|cut price|concessions?"),
    ),
    Theme(
        "champion_left",
        "the champion leaving",
        "risk",
        _cue(
            r"champion (?:left|leaves|leaving|moved|changed roles)|change of champion"
            r"|champion'?s departure|(?:champion|sponsor)[^.;]{0,60}\b(?:left|moved to)"
            r"|main user[^.;]{0,40}departure"
        ),
        "what to do when the champion leaves or changes roles",
        "When the champion leaves",
        answer=_cue(
            r"champion (?:leaves|left|changes|moves)|new champion|champion change"
            r"|los(?:e|ing) (?:the|your) champion|single[- ]threaded"
        ),
    ),
    Theme(
        "in_house_build",
        "an in-house build",
        "risk",
        _cue(
            r"in[- ]house|build(?:ing)? (?:it )?(?:ourselves|internally)"
            r"|feature parity internally|build(?:ing)? on the warehouse"
        ),
        "objection: we will build it in-house",
        "Objection: we'll build it in-house",
        answer=_cue(r"in[- ]house|build[- ]versus[- ]buy"),
    ),
    Theme(
        "low_adoption",
        "low adoption after signature",
        "risk",
        _cue(
            r"adoption (?:fell|dropped|stayed low|was low)|usage (?:fell|dropped|"
            r"declined|decline)|can'?t extract value|stopped using"
            r"|single[- ]department adoption"
        ),
        "customers who do not adopt the product after signature",
        "When adoption stalls",
        answer=_cue(r"adoption|usage|active users"),
    ),
    Theme(
        "missing_feature",
        "a missing feature",
        "risk",
        _cue(
            r"missing features?|lack(?:s|ed)? a (?:critical )?feature|feature gaps?"
            r"|couldn'?t (?:meet|deliver)|don'?t support|not mature enough"
        ),
        "the customer needs a feature we lack",
        "When a feature is missing",
        answer=_cue(
            r"feature requests?|missing features?|feature is missing|feature gaps?"
            r"|roadmap"
        ),
    ),
    Theme(
        "no_urgency",
        "no urgency or budget",
        "risk",
        _cue(
            r"budget (?:freeze|lapsed|cut)|nothing made the project urgent"
            r"|lost momentum|not a priority"
        ),
        "deals that stall with no urgency or no budget",
        "When nothing makes the project urgent",
        answer=_cue(r"urgen\w*|cost of inaction|compelling event"),
    ),
    Theme(
        "price_pressure",
        "a cheaper competing offer",
        "risk",
        _cue(r"cheaper|lower (?:\w+ )?(?:quote|price)|too expensive|sweetheart deal"),
        "objection: a competitor is cheaper",
        "Objection: a competitor is cheaper",
        answer=_cue(r"cheaper|price is too high|lower (?:\w+ )?quote"),
    ),
    Theme(
        "data_trust",
        "distrust of the numbers",
        "risk",
        _cue(
            r"lack of trust|don'?t trust|conflicts? with what they see"
            r"|numbers (?:don'?t|did not) match|different numbers"
        ),
        "the customer does not trust the data or the numbers",
        "When the customer doubts the numbers",
        answer=_cue(r"trust|doubts the numbers|source of truth|data quality"),
    ),
    Theme(
        "compliance",
        "privacy and compliance constraints",
        "risk",
        _cue(r"privacy|gdpr|hipaa|on[- ]prem\w*|data governance|can'?t store data"),
        "privacy, compliance and data residency constraints",
        "Privacy and compliance constraints",
        answer=_cue(r"privacy|gdpr|compliance|data residency"),
    ),
)
BY_KEY = {theme.key: theme for theme in THEMES}
