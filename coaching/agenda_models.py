"""The 1:1 agenda's request and response shapes, and the team view's."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coaching.brief_models import Claim, ModelUsage
from coaching.citations import Citation
from coaching.skills import Trend
from core.errors import InvalidInput
from store.people import LINE, PERSON_ID

ItemKind = Literal["recognition", "early_deal", "skill", "commitment", "rep_topic"]
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_LINE = re.compile(LINE)


class AgendaRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    rep_id: str = Field(min_length=1, max_length=100, pattern=PERSON_ID)
    manager_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        pattern=PERSON_ID,
        description="Default: the rep's manager. Another manager is refused (409).",
    )
    since: dt.date | None = Field(
        default=None,
        description="Start of the period reviewed. Default: the last agenda for this "
        "rep and manager, else seven days before reference_date.",
    )
    reference_date: dt.date | None = Field(
        default=None, description="The day of the 1:1. Default: today."
    )
    length_minutes: int = Field(default=30, ge=10, le=120)
    rep_topics: list[str] = Field(
        default_factory=list,
        max_length=5,
        description="What the rep asked to talk about, each up to 300 characters.",
    )

    @model_validator(mode="after")
    def _ordered(self) -> AgendaRequest:
        if self.since and self.reference_date and self.since > self.reference_date:
            raise ValueError("since must not be after reference_date")
        if any(not t or len(t) > 300 or not _LINE.match(t) for t in self.rep_topics):
            raise ValueError(
                "each rep topic must be one line of 1 to 300 characters, without "
                "control characters"
            )
        return self


class DealReason(BaseModel):
    signal: str
    text: str
    points: float
    citations: list[str]


class EarlyDeal(BaseModel):
    deal_id: str
    account: str
    stage: str
    amount: float | None
    score: float = Field(description="Sum of the reasons' points; higher comes first.")
    reasons: list[DealReason]
    question: str = Field(description="A coaching question aimed at the top reason.")
    citations: list[str]


class LateDeal(BaseModel):
    deal_id: str
    account: str
    stage: str
    risk: str
    citations: list[str]


class SkillLevel(BaseModel):
    skill: str
    name: str
    level: int | None
    level_name: str = ""
    trend: Trend
    scored_on: dt.date | None = None
    citations: list[str]


class Exercise(BaseModel):
    id: str
    title: str
    instructions: str
    play: str = Field(default="", description="Title of the play it draws on.")
    excerpt: str = Field(default="", description="The sentence of the play quoted.")
    citations: list[str]


class SkillFocus(BaseModel):
    skill: str
    name: str
    level: int | None
    target_level: int
    gap: int | None
    trend: Trend
    why: str
    evidence: list[Claim]
    exercise: Exercise


class CarriedCommitment(BaseModel):
    text: str
    due: dt.date | None = None
    deal_id: str = ""
    agenda_id: str
    citations: list[str]


class AgendaItem(BaseModel):
    kind: ItemKind
    title: str
    minutes: int
    detail: str = ""
    citations: list[str]


class Agenda(BaseModel):
    id: str
    rep_id: str
    rep_name: str
    manager_id: str
    manager_name: str
    team: str = ""
    reference_date: dt.date
    period_start: dt.date
    period_end: dt.date
    length_minutes: int
    summary: Claim
    items: list[AgendaItem]
    early_deals: list[EarlyDeal]
    early_deal_count: int = Field(description="Open early-stage deals, all ranked.")
    late_deals: list[LateDeal] = Field(description="Late-stage deals at high risk.")
    skill_focus: SkillFocus | None
    skills: list[SkillLevel]
    recognition: list[Claim]
    commitments: list[CarriedCommitment] = Field(
        description="Commitments recorded on the last agenda for this pair."
    )
    rep_topics: list[str] = Field(default_factory=list)
    gaps: list[str] = Field(
        default_factory=list, description="Input that was missing, and what was done."
    )
    citations: list[Citation]
    left_out: list[str] = Field(default_factory=list)
    usage: ModelUsage | None = None


class TeamAgendas(BaseModel):
    manager_id: str
    manager_name: str
    reference_date: dt.date
    week: str = Field(description="The ISO week of reference_date, as 2018-W01.")
    agendas: list[Agenda]
    note: str = ""


def parse_week(value: str) -> dt.date:
    """The Monday of an ISO week (``2018-W01``), or a date (``2018-01-03``)."""
    found = _WEEK.match(value.strip())
    try:
        if found:
            return dt.date.fromisocalendar(int(found[1]), int(found[2]), 1)
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        pass
    raise InvalidInput(
        f"week must be an ISO week such as 2018-W01 or a date, not {value!r}"
    )
