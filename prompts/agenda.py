"""The 1:1 agenda prompt: the model only words the opening summary.

Deals, skills and commitments are chosen by code; the model sees them as delimited
facts under short aliases and writes one or two sentences citing those aliases.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from prompts import as_data, render
from prompts.brief import Source


class AgendaPromptInput(BaseModel):
    rep: str
    length_minutes: int
    facts: list[Source]


class AgendaDraft(BaseModel):
    """What the model writes; the sources name aliases from the input."""

    summary: str = Field(max_length=300)
    summary_sources: list[str] = Field(max_length=4)


def messages(data: AgendaPromptInput) -> list[dict[str, str]]:
    sources = [
        {
            "alias": s.alias,
            "kind": s.kind,
            "title": as_data(s.title, 120),
            "text": as_data(s.text, 280),
        }
        for s in data.facts
    ]
    return [
        {"role": "system", "content": render("agenda_system.md")},
        {
            "role": "user",
            "content": render(
                "agenda_user.md",
                agenda={"rep": as_data(data.rep, 100), "length": data.length_minutes},
                sources=sources,
            ),
        },
    ]
