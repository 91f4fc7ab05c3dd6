"""The words of a proposal, assembled from its evidence without a model.

``proposed_text`` is Markdown for the section's body: for a revision, the current
body followed by the field evidence; for an add, the evidence as a new section; for
a retirement, nothing. Every quote is an exact passage of a note, followed by the
note id and outcome, so a reader of the playbook can look it up.
"""

from __future__ import annotations

from collections import Counter

from coaching.findings import Finding, Quote
from core.records import Note

MAX_QUOTES = 6

_INTROS = {
    "unanswered_objection": (
        ("supports", "What lost deals report:"),
        ("context", "Won deals where it came up too:"),
    ),
    "skipped_play": (
        (
            "supports",
            "Field evidence: won deals followed this and lost deals skipped it:",
        ),
        ("contradicts", "Pointing the other way:"),
    ),
    "unwritten_practice": (
        ("supports", "Won deals did this and lost deals skipped it:"),
        ("contradicts", "Pointing the other way:"),
    ),
    "contradicted_advice": (
        ("supports", "Caution: these recent deals followed this and were still lost:"),
        ("contradicts", "Deals that skipped it:"),
    ),
}
_ROLE_WORDS = {
    "followed": "followed",
    "skipped": "skipped",
    "hindsight": "in hindsight",
}


def proposed_text(finding: Finding, current: str, advice: str = "") -> str:
    """The section body the proposal would leave in the playbook."""
    if finding.change == "retire":
        return ""
    blocks = [current] if finding.change == "revise" and current else []
    blocks += [advice] if advice else []
    blocks += evidence_blocks(finding)
    return "\n\n".join(blocks)


def evidence_blocks(finding: Finding) -> list[str]:
    if finding.gap == "unanswered_competitor_claim":
        return _competitor_blocks(finding)
    blocks = []
    for stance, intro in _INTROS[finding.gap]:
        quotes = [q for q in finding.quotes if q.stance == stance]
        if quotes:
            blocks.append(_listed(intro, quotes))
    if finding.advice:
        blocks.append(_listed("What the sellers would do next time:", finding.advice))
    return blocks


def rationale(finding: Finding, notes: dict[str, Note], model_said: str = "") -> str:
    """Why the playbook should change, in deterministic sentences first."""
    parts = [
        _why(finding),
        f"Strength: {finding.strength} ({finding.strength_reason}).",
    ]
    spread = _spread([notes[i] for i in finding.note_ids() if i in notes])
    parts += [spread] if spread else []
    parts += [f"Drafted by the model: {model_said}"] if model_said else []
    return " ".join(parts)


def summary(finding: Finding) -> str:
    """One sentence of what was found, for the prompt and the CLI."""
    return _why(finding)


def _why(finding: Finding) -> str:
    ids = ", ".join(finding.note_ids())
    section = " > ".join(finding.section)
    nearest = f" The nearest play is {finding.nearest}." if finding.nearest else ""
    name = finding.theme.removeprefix("competitor:")
    return {
        "unanswered_objection": f"Lost deals ({ids}) report {finding.label}, and no "
        f"play in scope answers it.{nearest}",
        "skipped_play": f"Won deals followed '{section}' and lost deals skipped it "
        f"({ids}).",
        "unwritten_practice": f"Won deals relied on {finding.label} and lost deals "
        f"skipped it ({ids}), but no play in scope describes it.{nearest}",
        "contradicted_advice": f"Recent lost deals followed '{section}' ({ids}) and "
        "no won deal in the period did; its advice may no longer hold.",
        "unanswered_competitor_claim": (
            f"Deals against {name} ({ids}) have no battlecard in scope to draw on."
            f"{nearest}"
            if finding.change == "add"
            else f"Lost deals heard claims about {name} ({ids}) that '{section}' "
            "does not answer."
        ),
    }[finding.gap]


def _competitor_blocks(finding: Finding) -> list[str]:
    name = finding.theme.removeprefix("competitor:")
    won = [q for q in finding.quotes if q.role == "won_against"]
    claims = [q for q in finding.quotes if q.role == "claim"]
    if finding.change == "revise":
        return [
            _listed(
                "Claims heard in lost deals that this card does not answer:", claims
            )
        ]
    blocks = [_listed(f"What buyers who chose us over {name} said:", won)]
    blocks += [_listed(f"What we heard in deals lost to {name}:", claims)]
    return [b for b in blocks if b]


def _listed(intro: str, quotes: list[Quote]) -> str:
    if not quotes:
        return ""
    lines = [intro, ""]
    for quote in quotes[:MAX_QUOTES]:
        role = _ROLE_WORDS.get(quote.role)
        detail = f", {role}" if role else ""
        lines.append(f'- "{quote.text}" ({quote.note_id}, {quote.outcome}{detail})')
    more = len(quotes) - MAX_QUOTES
    if more > 0:
        lines.append(f"- and {more} more, listed in the proposal's evidence")
    return "\n".join(lines)


def _spread(notes: list[Note]) -> str:
    segments = Counter(n.segment for n in notes if n.segment)
    stages = Counter(n.stage_reached for n in notes if n.stage_reached)
    parts = []
    if segments:
        parts.append("by segment " + _counted(segments))
    if stages:
        parts.append("by stage reached " + _counted(stages).replace("_", " "))
    return ("Supporting notes " + "; ".join(parts) + ".") if parts else ""


def _counted(counter: Counter) -> str:
    return ", ".join(f"{value} {n}" for value, n in counter.most_common())
