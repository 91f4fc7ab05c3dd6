"""The pre-call brief prompt: the model drafts the prose; code supplies the facts."""

from __future__ import annotations

from pydantic import BaseModel, Field

from prompts import as_data, render


class Source(BaseModel):
    alias: str  # short id the model cites, such as D1 or P2
    kind: str
    title: str
    text: str


class BriefPromptInput(BaseModel):
    account: str
    stage: str
    meeting_kind: str
    goal: str
    facts: list[Source]
    plays: list[Source]
    notes: list[Source]


class DraftObjection(BaseModel):
    objection: str = Field(max_length=200)
    response: str = Field(max_length=300)
    sources: list[str] = Field(max_length=3)


class BriefDraft(BaseModel):
    """What the model writes; every list of sources names aliases from the input."""

    summary: str = Field(max_length=400)
    summary_sources: list[str] = Field(max_length=4)
    objections: list[DraftObjection] = Field(max_length=3)
    next_step: str = Field(max_length=240)
    next_step_sources: list[str] = Field(max_length=3)


def messages(data: BriefPromptInput) -> list[dict[str, str]]:
    sources = [
        {
            "alias": s.alias,
            "kind": s.kind,
            "title": as_data(s.title, 120),
            "text": as_data(s.text, 280),
        }
        for s in data.facts + data.plays + data.notes
    ]
    return [
        {"role": "system", "content": render("brief_system.md")},
        {
            "role": "user",
            "content": render("brief_user.md", brief=data, sources=sources),
        },
    ]
