"""The model's part of a brief, and the check that keeps only what it grounded.

Sources reach the model under short aliases (D1, P1, N1). Every alias the model cites
is mapped back to a citation; a claim that cites nothing it was shown is left out, and
the brief says so in ``left_out``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coaching.brief_models import Claim, Objection
from coaching.citations import DEAL_FIELDS, CitationBook, deal_field_line
from coaching.evidence import Evidence, title_of
from coaching.grounding import is_grounded
from coaching.injection import echoes_instruction
from core.records import Deal
from llm.base import ChatModel, Completion
from llm.structured import generate_structured
from prompts.brief import BriefDraft, BriefPromptInput, Source, messages

FACT_FIELDS = (
    "account",
    "product",
    "stage",
    "amount",
    "close_date",
    "next_step",
    "competitor",
)


@dataclass
class DraftResult:
    summary: Claim | None = None
    objections: list[Objection] = field(default_factory=list)
    next_step: Claim | None = None
    left_out: list[str] = field(default_factory=list)
    completion: Completion | None = None


def draft_prose(
    model: ChatModel,
    deal: Deal,
    kind: str,
    goal: str,
    evidence: Evidence,
    book: CitationBook,
    max_tokens: int,
) -> DraftResult:
    """Ask the model for summary, objections and next step, then ground-check them."""
    aliases: dict[str, str] = {}
    facts = _facts(deal, book, aliases)
    plays = _passages(
        "P", evidence.plays + evidence.objection_passages, goal, book, aliases
    )
    notes = _passages("N", evidence.won + evidence.lost, goal, book, aliases)
    prompt = BriefPromptInput(
        account=deal.account or deal.id,
        stage=deal.stage,
        meeting_kind=kind,
        goal=goal,
        facts=facts,
        plays=plays,
        notes=notes,
    )
    draft, completion = generate_structured(
        model, messages(prompt), BriefDraft, max_tokens=max_tokens
    )
    texts = {s.alias: s.text for s in facts + plays + notes}
    result = DraftResult(completion=completion)
    result.summary = _claim(
        "summary", draft.summary, draft.summary_sources, aliases, texts, result
    )
    result.next_step = _claim(
        "next step", draft.next_step, draft.next_step_sources, aliases, texts, result
    )
    for item in draft.objections:
        objection = " ".join(item.objection.split())
        response = _claim(
            "an objection response",
            item.response,
            item.sources,
            aliases,
            texts,
            result,
        )
        if response is not None and objection:
            result.objections.append(
                Objection(
                    objection=objection,
                    response=response.text,
                    citations=response.citations,
                )
            )
    return result


def _facts(deal: Deal, book: CitationBook, aliases: dict[str, str]) -> list[Source]:
    fields = [f for f in FACT_FIELDS if f in DEAL_FIELDS]
    fields += [f"contacts[{i}]" for i in range(len(deal.contacts))]
    sources = []
    for n, name in enumerate(fields, start=1):
        alias = f"D{n}"
        aliases[alias] = book.deal(deal, name)
        sources.append(
            Source(
                alias=alias, kind="deal", title=name, text=deal_field_line(deal, name)
            )
        )
    return sources


def _passages(
    prefix: str, hits, goal: str, book: CitationBook, aliases: dict[str, str]
) -> list[Source]:
    sources = []
    seen: set[str] = set()
    for hit in hits:
        if hit.chunk.id in seen:
            continue
        seen.add(hit.chunk.id)
        alias = f"{prefix}{len(sources) + 1}"
        aliases[alias] = book.chunk(hit.chunk, goal)
        sources.append(
            Source(
                alias=alias,
                kind=hit.chunk.kind,
                title=title_of(hit.chunk),
                text=hit.chunk.text,
            )
        )
    return sources


def _known(cited: list[str], aliases: dict[str, str]) -> list[str]:
    found = []
    for alias in cited:
        alias = alias.strip().strip("[]").upper()
        if alias in aliases and alias not in found:
            found.append(alias)
    return found


def _claim(
    what: str,
    text: str,
    cited: list[str],
    aliases: dict[str, str],
    texts: dict[str, str],
    result: DraftResult,
) -> Claim | None:
    """The claim with its citations, or None (noted in left_out) if not grounded."""
    text = " ".join(text.split())
    known = _known(cited, aliases)
    if not text:
        return None
    if not known:
        _leave_out(result, f"{what}: cites no source it was shown")
        return None
    cited_texts = [texts[a] for a in known]
    if echoes_instruction(text, cited_texts):
        _leave_out(
            result,
            f"{what}: repeats an instruction found in a source; sources are data",
        )
        return None
    if not is_grounded(text, cited_texts):
        _leave_out(result, f"{what}: not supported by what it cites")
        return None
    return Claim(text=text, citations=[aliases[a] for a in known])


def _leave_out(result: DraftResult, reason: str) -> None:
    """Record why a model-written claim was dropped, once, without repeating its text.

    The rejected wording is not shown: a reader should not mistake it for advice.
    """
    line = f"model-written {reason}"
    if line not in result.left_out:
        result.left_out.append(line)
