"""Record models shared by ingestion, storage, retrieval and coaching.

Every stored record carries ``tenant_id``; nothing is stored without one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

Kind = Literal["play", "note"]
Outcome = Literal["won", "lost", "no_decision", "churned"]
Stage = Literal[
    "prospecting",
    "discovery",
    "evaluation",
    "proposal",
    "negotiation",
    "closed_won",
    "closed_lost",
]
ContactRole = Literal[
    "economic_buyer",
    "decision_maker",
    "champion",
    "technical_buyer",
    "influencer",
    "user",
    "blocker",
    "procurement",
    "legal",
    "other",
]


# Record ids: a word character, then word characters and a few separators. No spaces
# or control characters, so an id reads the same in a URL, a log line and a CSV.
ID_PATTERN = r"^\w[\w.:#/@+-]*$"
# Names: no control characters, and no space at either end.
NAME_PATTERN = (
    r"^[^\s\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f])?$"
)
# Set from the caller's API key, never by the caller: hidden from the API schema.
TenantId = SkipJsonSchema[str]


def stable_id(*parts: str, length: int = 16) -> str:
    """A short id derived from content, so the same input always gets the same id."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Chunk(Record):
    """A retrievable passage: one play of a playbook, or a passage of a note."""

    id: str
    tenant_id: str
    kind: Kind
    source: str
    heading_path: list[str] = Field(default_factory=list)
    ordinal: int = 0
    text: str
    parent_id: str = ""  # the playbook for a play, the note for a note passage
    outcome: Outcome | None = None
    competitor: str = ""
    segment: str = ""
    stages: list[Stage] = Field(default_factory=list)

    @property
    def slot(self) -> tuple[str, str, int]:
        """Where the chunk sits in its source; an edit keeps the slot, not the id."""
        return (self.source, " > ".join(self.heading_path), self.ordinal)


class Contact(Record):
    name: str = Field(min_length=1, max_length=200, pattern=NAME_PATTERN)
    title: str = Field(default="", max_length=200)
    role: ContactRole = "other"
    cares_about: str = Field(default="", max_length=1000)


def _crm_stage(value: object) -> object:
    """Accept the stage names CRMs use (Engaging, Closed Won, 2-Scoping, ...)."""
    from core.errors import InvalidInput
    from core.stages import STAGES, normalize_stage

    if isinstance(value, str) and value not in STAGES:
        try:
            return normalize_stage(value)
        except InvalidInput as exc:  # a ValueError lets pydantic name the field
            raise ValueError(exc.message) from None
    return value


CrmStage = Annotated[Stage, BeforeValidator(_crm_stage)]


class Deal(Record):
    id: str = Field(min_length=1, max_length=100, pattern=ID_PATTERN)
    tenant_id: TenantId = Field(default="", exclude=True)
    account: str = Field(default="", max_length=200)
    name: str = Field(default="", max_length=300)
    owner: str = Field(default="", max_length=200)
    product: str = Field(default="", max_length=200)
    stage: CrmStage
    amount: float | None = Field(default=None, ge=0)
    segment: str = Field(default="", max_length=100)
    competitor: str = Field(default="", max_length=200)
    created_date: dt.date | None = None
    stage_entered_date: dt.date | None = None
    close_date: dt.date | None = None
    last_activity_date: dt.date | None = None
    next_step: str = Field(default="", max_length=1000)
    contacts: list[Contact] = Field(default_factory=list, max_length=100)
    notes: str = Field(default="", max_length=20_000)
    source: str = ""


class Note(Record):
    """A win/loss note: why a deal was won, lost, stalled or churned."""

    id: str = Field(min_length=1, max_length=100, pattern=ID_PATTERN)
    tenant_id: TenantId = Field(default="", exclude=True)
    outcome: Outcome
    title: str = Field(default="", max_length=300)
    reason: str = Field(default="", max_length=2000)
    competitor: str = Field(default="", max_length=200)
    segment: str = Field(default="", max_length=100)
    stage_reached: CrmStage | None = None
    amount: float | None = Field(default=None, ge=0)
    date: dt.date | None = None
    deal_id: str = Field(default="", max_length=100)
    vendor: str = Field(default="", max_length=200)
    text: str = Field(default="", max_length=200_000)
    source: str = ""
