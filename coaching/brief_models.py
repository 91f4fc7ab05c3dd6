"""The pre-call brief's request and response shapes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from coaching.citations import Citation
from core.records import ID_PATTERN, NAME_PATTERN, ContactRole, Deal
from core.stages import MEETING_KINDS, normalize_meeting_kind


class Attendee(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200, pattern=NAME_PATTERN)
    title: str = Field(default="", max_length=200)
    role: ContactRole | None = None
    side: Literal["buyer", "seller"] = "buyer"


class Meeting(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: str = Field(
        description="The meeting's kind; close spellings are accepted",
        json_schema_extra={"enum": list(MEETING_KINDS)},
    )
    goal: str = Field(default="", max_length=1000)
    attendees: list[Attendee] = Field(default_factory=list, max_length=50)
    date: dt.date | None = None

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        return normalize_meeting_kind(value)


class BriefRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "oneOf": [
                {"required": ["deal_id"], "not": {"required": ["deal"]}},
                {"required": ["deal"], "not": {"required": ["deal_id"]}},
            ]
        },
    )

    # The constraints sit on the string alone: on the union they would be applied
    # to an explicit null too, and fail as a TypeError (a 500) instead of a 422.
    deal_id: (
        Annotated[str, Field(min_length=1, max_length=100, pattern=ID_PATTERN)]
        | SkipJsonSchema[None]
    ) = None
    deal: Deal | SkipJsonSchema[None] = None
    meeting: Meeting
    reference_date: dt.date | None = None

    @model_validator(mode="after")
    def _one_deal(self) -> BriefRequest:
        if (self.deal_id is None) == (self.deal is None):
            raise ValueError("give exactly one of deal_id or deal")
        return self


class Stakeholder(BaseModel):
    name: str
    title: str = ""
    role: str = ""
    cares_about: str = ""
    in_meeting: bool = False
    citations: list[str]


class Risk(BaseModel):
    signal: str
    severity: str
    text: str
    citations: list[str]


class Question(BaseModel):
    text: str
    citations: list[str]


class Objection(BaseModel):
    objection: str
    response: str
    citations: list[str]


class PlayPick(BaseModel):
    title: str
    excerpt: str
    why: str
    citations: list[str]


class Lesson(BaseModel):
    outcome: str
    text: str
    citations: list[str]


class Claim(BaseModel):
    text: str
    citations: list[str]


class ModelUsage(BaseModel):
    model: str
    latency_s: float
    prompt_tokens: int
    completion_tokens: int


class Brief(BaseModel):
    id: str
    deal_id: str
    owner: str = Field(default="", description="The deal's owner (the rep)")
    reference_date: dt.date
    meeting: Meeting
    summary: Claim
    goal: str
    stakeholders: list[Stakeholder]
    risks: list[Risk]
    questions: list[Question]
    objections: list[Objection]
    plays: list[PlayPick]
    lessons: list[Lesson]
    next_step: Claim
    citations: list[Citation]
    left_out: list[str] = Field(
        default_factory=list,
        description="What the model proposed that could not be grounded, and why.",
    )
    usage: ModelUsage | None = None
