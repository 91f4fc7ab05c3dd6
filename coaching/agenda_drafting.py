"""The agenda's opening summary: worded by the model when it grounds it, else by code.

The model sees the agenda's chosen parts (deals, skill focus, wins, commitments) as
facts under aliases. A summary citing no alias it was shown, or unsupported by what
it cites, is left out and the summary built from the same parts is used. A model
that fails or cannot be reached costs the agenda its wording, never the agenda:
the deterministic parts carry the substance.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from coaching.brief_models import Claim, ModelUsage
from coaching.grounding import is_grounded
from core.errors import ModelOutputInvalid, ModelUnavailable
from llm.base import ChatModel, Completion
from llm.structured import generate_structured
from prompts.agenda import AgendaDraft, AgendaPromptInput, messages
from prompts.brief import Source

log = logging.getLogger(__name__)
# Numbers, and capitalised words not opening a sentence: the names a summary uses.
_NAME_OR_NUMBER = re.compile(r"\d[\d,.]*\d|\d|(?<![.:!?]\s)(?<!^)\b[A-Z][\w&'-]+")


@dataclass(frozen=True)
class Fact:
    """One part of the agenda as the model sees it, with the citations behind it."""

    alias: str
    kind: str
    title: str
    text: str
    citations: tuple[str, ...]


@dataclass
class SummaryDraft:
    summary: Claim | None = None
    left_out: list[str] = field(default_factory=list)
    completion: Completion | None = None

    def usage(self) -> ModelUsage | None:
        c = self.completion
        if c is None:
            return None
        return ModelUsage(
            model=c.model,
            latency_s=round(c.latency_s, 3),
            prompt_tokens=c.prompt_tokens,
            completion_tokens=c.completion_tokens,
        )


def draft_summary(
    model: ChatModel | None,
    rep: str,
    length_minutes: int,
    facts: list[Fact],
    max_tokens: int,
) -> SummaryDraft:
    """Ask the model for the summary and keep it only if it is grounded."""
    result = SummaryDraft()
    if model is None or not facts:
        return result
    prompt = AgendaPromptInput(
        rep=rep,
        length_minutes=length_minutes,
        facts=[
            Source(alias=f.alias, kind=f.kind, title=f.title, text=f.text)
            for f in facts
        ],
    )
    try:
        draft, result.completion = generate_structured(
            model, messages(prompt), AgendaDraft, max_tokens=max_tokens
        )
    except (ModelOutputInvalid, ModelUnavailable) as exc:
        log.warning("agenda summary falls back to code: %s", exc.code)
        result.left_out.append(f"summary: the model gave none ({exc.message})")
        return result
    result.summary = _grounded(draft, {f.alias: f for f in facts}, result.left_out)
    return result


def _grounded(
    draft: AgendaDraft, by_alias: dict[str, Fact], left_out: list[str]
) -> Claim | None:
    text = " ".join(draft.summary.split())
    cited = []
    for alias in draft.summary_sources:
        alias = alias.strip().strip("[]").upper()
        if alias in by_alias and alias not in cited:
            cited.append(alias)
    if not text:
        return None
    problem = _problem(text, [by_alias[a] for a in cited])
    if problem:
        left_out.append(f"summary {text!r}: {problem}")
        return None
    citations = list(dict.fromkeys(c for a in cited for c in by_alias[a].citations))
    return Claim(text=text, citations=citations)


def _problem(text: str, cited: list[Fact]) -> str:
    """Why the summary does not stand on the facts it cites, or ''.

    Beyond the shared support measure, a summary must name each deal or skill it
    cites, and every name and number in it must occur in those facts as a whole
    word: a small model copying an example shares many words with any fact, but
    not its names.
    """
    if not cited:
        return "cites no fact it was shown"
    texts = [f.text for f in cited]
    if not is_grounded(text, texts):
        return "not supported by what it cites"
    pool = " ".join(texts).casefold()
    unnamed = [f.title for f in cited if f.kind in ("deal", "skill")]
    unnamed = [t for t in unnamed if t.casefold() not in text.casefold()]
    if unnamed:
        return f"does not name {unnamed[0]!r}, which it cites"
    for token in _NAME_OR_NUMBER.findall(text):
        if not re.search(rf"(?<![\w.,]){re.escape(token.casefold())}(?![\w])", pool):
            return f"{token!r} is in none of the facts it cites"
    return ""
