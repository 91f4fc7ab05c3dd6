"""The model's part of a proposal, and the check that keeps only what it grounded.

The model sees the section as it stands (S1) and the quoted evidence (E1, E2...) as
delimited data, and writes one sentence of advice and one of rationale, each naming
the blocks it used. A sentence is kept only if it is a real sentence, cites evidence
it was shown, is supported by what it cites (``coaching.grounding``) and carries no
text addressed to a model; otherwise it is listed in ``left_out`` and the proposal
stands on its evidence alone. A model that fails is no reason to lose the findings.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from coaching.findings import Finding, Quote
from coaching.grounding import is_grounded, support
from coaching.mentions import addressed_to_model
from core.errors import ModelOutputInvalid, ModelUnavailable
from llm.base import ChatModel
from llm.structured import generate_structured
from prompts import render
from prompts.proposal import ProposalDraft, ProposalPromptInput, Source, messages

MAX_EVIDENCE = 6
MIN_WORDS = 6
# A sentence sharing this much of an example sentence of the prompt copies it.
COPIED = 0.7


@dataclass
class Drafted:
    advice: str = ""  # with the ids of the notes it rests on
    rationale: str = ""
    left_out: list[str] = field(default_factory=list)
    model_unavailable: bool = False


def draft(
    model: ChatModel,
    finding: Finding,
    playbook: str,
    current: str,
    summary: str,
    max_tokens: int = 300,
) -> Drafted:
    """Ask the model for advice and rationale; keep what its sources support."""
    quotes = [q for q in finding.quotes if q.stance == "supports"][:MAX_EVIDENCE]
    sources, cited = _sources(finding, current, quotes)
    prompt = ProposalPromptInput(
        playbook=playbook,
        section=" > ".join(finding.section or (*finding.anchor, finding.heading)),
        finding=summary,
        sources=sources,
    )
    try:
        answer, _ = generate_structured(
            model, messages(prompt), ProposalDraft, max_tokens=max_tokens
        )
    except (ModelOutputInvalid, ModelUnavailable) as exc:
        return Drafted(
            left_out=[
                f"the model's draft: {exc.message}; the text rests on the quotes"
            ],
            model_unavailable=isinstance(exc, ModelUnavailable),
        )
    result = Drafted()
    result.advice = _kept("advice", answer.advice, answer.advice_sources, cited, result)
    result.rationale = _kept(
        "rationale", answer.rationale, answer.rationale_sources, cited, result
    )
    return result


@lru_cache(maxsize=1)
def prompt_example() -> tuple[str, ...]:
    """The sentences of the example answer in the system prompt.

    Small models echo it; an echo can share words with real quotes by chance.
    """
    found = re.search(r"^\{.*\}$", render("proposal_system.md"), re.M)
    example = json.loads(found.group(0)) if found else {}
    return tuple(v for v in example.values() if isinstance(v, str))


def _sources(
    finding: Finding, current: str, quotes: list[Quote]
) -> tuple[list[Source], dict[str, tuple[str, str]]]:
    """Prompt blocks, and what each alias stands for: (text, note id or '')."""
    sources: list[Source] = []
    cited: dict[str, tuple[str, str]] = {}
    if current:
        title = " > ".join(finding.section) or finding.heading
        sources.append(Source(alias="S1", kind="section", title=title, text=current))
        cited["S1"] = (current, "")
    for n, quote in enumerate(quotes, start=1):
        alias = f"E{n}"
        sources.append(
            Source(
                alias=alias, kind=quote.outcome, title=quote.note_id, text=quote.text
            )
        )
        cited[alias] = (quote.text, quote.note_id)
    return sources, cited


def _kept(
    what: str,
    text: str,
    aliases: list[str],
    cited: dict[str, tuple[str, str]],
    result: Drafted,
) -> str:
    text = " ".join(text.split())
    known = list(dict.fromkeys(a.strip().strip("[]").upper() for a in aliases))
    known = [a for a in known if a in cited]
    notes = [cited[a][1] for a in known if cited[a][1]]
    problem = ""
    if not text:
        return ""
    if len(text.split()) < MIN_WORDS:
        problem = "too short to be a sentence"
    elif not notes:
        problem = "cites no evidence it was shown"
    elif addressed_to_model(text):
        problem = "carries text addressed to a model"
    elif any(support(text, [example]) >= COPIED for example in prompt_example()):
        problem = "copies the prompt's example"
    elif not is_grounded(text, [cited[a][0] for a in known]):
        problem = "not supported by what it cites"
    if problem:
        # The rejected wording is not repeated: a reader could take it for advice,
        # and an obeyed instruction would reach them through this list.
        result.left_out.append(f"model-drafted {what}: {problem}")
        return ""
    return f"{text} ({', '.join(dict.fromkeys(notes))})"
