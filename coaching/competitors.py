"""Competitors in win/loss notes, and whether the battlecards answer what was heard.

A competitor is known by a note's ``competitor`` field, by the caller's list, or by
the name after a switching phrase in a note ("switched from Google Analytics",
"replaced Snowplow"). The sellers' own vendor names are never competitors.

A battlecard for a competitor is any play whose headings or file name name it. With
none, the notes that name the competitor become a proposed card. With one, each
sentence of a lost note that names the competitor is a claim, and a claim is
unanswered when the card's text supports fewer than half of its words (the same
measure as ``coaching.grounding``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from coaching.findings import Finding, Group, PlayFinder, Quote, describe_play
from coaching.grounding import support
from coaching.mentions import LOSS_OUTCOMES, quotable
from core.records import Chunk, Note

MAX_CLAIMS = 3  # per note
_NAME = r"[A-Z][\w.+-]*[\w+](?:\s+[A-Z][\w.+-]*[\w+]){0,2}"
_SWITCH = re.compile(
    r"\b(?:switch(?:ed|ing)? (?:away )?from|mov(?:ed|ing) (?:away )?from"
    r"|migrat(?:ed|ing) (?:away )?from|replac(?:ed|ing)|ditch(?:ed|ing)"
    rf"|instead of|alternatives? to)\s+({_NAME})"
)
_NOT_NAMES = frozenset("a an the our we it this that their they i".split())
_CARD_PLACE = re.compile(r"battle\s*cards?|competit\w*|\bvs\b|versus", re.I)
CLAIM_SUPPORT = 0.5
# Words that mark a passage as a reason for a choice, not a passing mention.
_REASONS = re.compile(
    r"\b(?:because|but|however|instead|chose|switch\w*|replac\w*|felt|concerns?"
    r"|too|couldn'?t|wasn'?t|didn'?t|unusable|expensive|limited|lack\w*|better"
    r"|easier|cheaper|why)\b",
    re.IGNORECASE,
)


def vocabulary(notes: list[Note], named: Iterable[str] = ()) -> list[str]:
    """Competitor names in first-seen spelling: given, from fields, then from text."""
    vendors = {n.vendor.casefold() for n in notes if n.vendor}
    found: dict[str, str] = {}
    candidates = [*named, *(n.competitor for n in notes)]
    candidates += [m.group(1) for n in notes for m in _SWITCH.finditer(n.text)]
    for name in candidates:
        name = " ".join(name.split())
        key = name.casefold()
        if len(name) >= 3 and key not in vendors and key not in _NOT_NAMES:
            found.setdefault(key, name)
    return list(found.values())


def competitor_groups(notes: list[Note], named: Iterable[str] = ()) -> list[Group]:
    groups = []
    for name in vocabulary(notes, named):
        about = [n for n in notes if _about(n, name)]
        groups.append(
            Group(
                "competitor",
                name,
                won=[n.id for n in about if n.outcome not in LOSS_OUTCOMES],
                lost=[n.id for n in about if n.outcome in LOSS_OUTCOMES],
            )
        )
    return groups


def competitor_findings(
    notes: list[Note],
    plays: list[Chunk],
    place: PlayFinder,
    named: Iterable[str] = (),
) -> list[Finding]:
    """Cards are looked for among all ``plays``; new ones are placed by ``place``."""
    findings = []
    for name in vocabulary(notes, named):
        about = [n for n in notes if _about(n, name)]
        if not about:
            continue
        cards = battlecard(name, plays)
        finding = (
            _unanswered(name, about, cards)
            if cards
            else _missing_card(name, about, place)
        )
        if finding is not None:
            findings.append(finding)
    return findings


def battlecard(name: str, plays: list[Chunk]) -> list[Chunk]:
    """Plays whose headings or file name name the competitor."""
    pattern = _named(name)
    slug = re.compile(re.escape(name.casefold()).replace(r"\ ", "[-_ ]?"))
    return [
        p
        for p in plays
        if pattern.search(" / ".join(p.heading_path))
        or slug.search(PurePosixPath(p.source).stem.casefold())
    ]


def _missing_card(name: str, about: list[Note], find: PlayFinder) -> Finding:
    quotes = []
    for note in about:
        role = "claim" if note.outcome in LOSS_OUTCOMES else "won_against"
        quotes += [_as_quote(note, f, s, role) for f, s in _sentences(note, name)[:1]]
    near = _nearest_card_place(name, find)
    finding = Finding(
        "unanswered_competitor_claim",
        "add",
        f"competitor:{name}",
        f"deals against {name}",
        near[0] if near else None,
        f"Battlecard: {name}",
        quotes,
    ).graded()
    if near:
        finding.nearest = describe_play(*near)
        finding.anchor = tuple(near[0].heading_path[:1])
    return finding


def _unanswered(name: str, about: list[Note], cards: list[Chunk]) -> Finding | None:
    card_text = "\n".join(" / ".join(c.heading_path) + "\n" + c.text for c in cards)
    pattern = _named(name)
    quotes = [
        _as_quote(note, f, s, "claim")
        for note in about
        if note.outcome in LOSS_OUTCOMES
        for f, s in _claims(note, pattern)
        if support(s, [card_text]) < CLAIM_SUPPORT
    ]
    if not quotes:
        return None
    card = min(cards, key=lambda c: (not _in_card_place(c), len(c.heading_path)))
    return Finding(
        "unanswered_competitor_claim",
        "revise",
        f"competitor:{name}",
        f"claims about {name}",
        card,
        f"Battlecard: {name}",
        quotes,
        section=_card_section(card, pattern),
    ).graded()


def _card_section(card: Chunk, pattern: re.Pattern) -> tuple[str, ...]:
    """The card's own heading ("Battlecard: Amplitude"), above its subsections."""
    for depth in range(1, len(card.heading_path) + 1):
        if pattern.search(card.heading_path[depth - 1]):
            return tuple(card.heading_path[:depth])
    return tuple(card.heading_path)


def _in_card_place(play: Chunk) -> bool:
    return bool(_CARD_PLACE.search(f"{play.source} {' / '.join(play.heading_path)}"))


def _nearest_card_place(name: str, find: PlayFinder) -> tuple[Chunk, float] | None:
    """The nearest play in a playbook that holds battlecards, else the nearest play."""
    near = find(f"battlecard: competing against {name}", 10)
    for play, score in near:
        if _in_card_place(play):
            return play, score
    return near[0] if near else None


def _about(note: Note, name: str) -> bool:
    if note.competitor and note.competitor.casefold() == name.casefold():
        return True
    return bool(_named(name).search(f"{note.reason}\n{note.text}"))


def _sentences(note: Note, name: str) -> list[tuple[str, str]]:
    """Passages naming the competitor, reasons first; else the stated reason."""
    named = _claims(note, _named(name))
    return named or [(f, s) for f, s in quotable(note) if f == "reason"][:1]


def _claims(note: Note, pattern: re.Pattern) -> list[tuple[str, str]]:
    """What a lost note says about the competitor, reasons first, a few at most."""
    naming = [(f, s) for f, s in quotable(note) if pattern.search(s)]
    return sorted(naming, key=lambda item: -len(_REASONS.findall(item[1])))[:MAX_CLAIMS]


def _as_quote(note: Note, field: str, sentence: str, role: str) -> Quote:
    return Quote(note.id, field, sentence, note.outcome, role, "supports")


def _named(name: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
