"""The playbook proposal prompt: the model drafts one sentence of advice and one of
rationale from quoted evidence; code assembles the proposal and checks both."""

from __future__ import annotations

from pydantic import BaseModel, Field

from prompts import as_data, render


class Source(BaseModel):
    alias: str  # S1 for the section as it stands, E1, E2... for quoted evidence
    kind: str  # section, or the note's outcome
    title: str
    text: str


class ProposalPromptInput(BaseModel):
    playbook: str
    section: str
    finding: str  # one deterministic sentence: what mining found
    sources: list[Source]


class ProposalDraft(BaseModel):
    """What the model writes; each list of sources names aliases from the input."""

    advice: str = Field(max_length=300)
    advice_sources: list[str] = Field(max_length=4)
    rationale: str = Field(max_length=300)
    rationale_sources: list[str] = Field(max_length=4)


def messages(data: ProposalPromptInput) -> list[dict[str, str]]:
    sources = [
        {
            "alias": s.alias,
            "kind": s.kind,
            "title": as_data(s.title, 120),
            "text": as_data(s.text, 320),
        }
        for s in data.sources
    ]
    proposal = {
        "playbook": as_data(data.playbook, 200),
        "section": as_data(data.section, 200),
        "finding": as_data(data.finding, 400),
    }
    return [
        {"role": "system", "content": render("proposal_system.md")},
        {
            "role": "user",
            "content": render("proposal_user.md", proposal=proposal, sources=sources),
        },
    ]
