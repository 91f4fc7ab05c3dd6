"""Playbook proposals as the API shows them, and the requests that make and review
them."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from coaching.findings import Change, Gap, Stance, Strength
from core.records import Outcome, Stage

Status = Literal["pending", "approved", "rejected"]


class Evidence(BaseModel):
    """A quoted passage: an exact substring of the note's ``field``."""

    note_id: str
    field: Literal["reason", "text"]
    quote: str
    outcome: Outcome
    role: str = Field(
        description="followed, skipped, hindsight, occurred, overcome, claim or "
        "won_against: what the passage shows"
    )
    stance: Stance


class Proposal(BaseModel):
    """One proposed edit to one section of one playbook, with its evidence."""

    id: str
    kind: Change
    gap: Gap
    theme: str
    playbook_id: str
    section: list[str] = Field(description="Heading path of the section changed")
    anchor: list[str] = Field(
        default_factory=list, description="For an add: the section it goes under"
    )
    current_text: str
    proposed_text: str
    rationale: str
    evidence: list[Evidence]
    strength: Strength
    strength_reason: str
    base_version: int
    status: Status = "pending"
    created_at: dt.datetime
    drafted_by: Literal["evidence", "evidence+model"] = "evidence"
    left_out: list[str] = Field(default_factory=list)
    reviewer: str | None = None
    decision_reason: str = ""
    decided_at: dt.datetime | None = None
    applied_version: int | None = None
    edited: bool = False
    drafted_text: str | None = Field(
        default=None, description="What mining proposed, when the reviewer edited it"
    )


class ProposalRunRequest(BaseModel):
    """What to mine: a period, a playbook (or folder of them) and note filters."""

    model_config = ConfigDict(extra="forbid")

    playbook: str | None = Field(
        default=None,
        min_length=1,
        max_length=500,
        description="A playbook id, or a folder prefix ending in '/'; all if absent",
    )
    since: dt.date | None = None
    until: dt.date | None = None
    vendor: str | None = Field(
        default=None,
        max_length=200,
        description="Only notes written from this seller's side (the note's vendor)",
    )
    competitor: str | None = Field(default=None, max_length=200)
    segment: str | None = Field(default=None, max_length=100)
    stage_reached: Stage | None = None
    competitors: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="Competitor names to look for in note text, beyond note fields",
    )
    draft: bool = Field(
        default=True,
        description="Let the model draft a lead sentence and a rationale, both "
        "ground-checked against the quotes",
    )

    @model_validator(mode="after")
    def _period_runs_forward(self) -> ProposalRunRequest:
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        return self


class Group(BaseModel):
    kind: Literal["theme", "competitor", "segment", "stage"]
    value: str
    won: list[str]
    lost: list[str] = Field(description="Lost, churned and no-decision notes")


class ProposalRun(BaseModel):
    proposals: list[Proposal] = Field(description="Proposals this run wrote")
    existing: list[str] = Field(
        default_factory=list, description="Ids of proposals already made for a finding"
    )
    notes_considered: int
    notes_left_out: list[str] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    skipped: list[str] = Field(
        default_factory=list, description="Findings not turned into proposals, and why"
    )
    set_aside: list[str] = Field(default_factory=list)
    message: str


class ApprovalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    proposed_text: str | None = Field(
        default=None,
        min_length=1,
        max_length=50_000,
        description="An edited text to apply instead of the proposed one",
    )
    comment: str = Field(default="", max_length=2000)


class RejectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)

    @field_validator("reason")
    @classmethod
    def _said(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a rejection needs a reason")
        return value.strip()


class Review(BaseModel):
    """A decided proposal; after an approval, what the re-index changed."""

    proposal: Proposal
    reindexed: dict[str, int] = Field(default_factory=dict)
