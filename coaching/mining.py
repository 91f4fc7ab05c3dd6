"""Evidence mining: where the field's win/loss notes and the playbooks part ways.

Pure functions over notes, plays and a play finder (retrieval, injected): nothing is
read or written here. Notes are grouped by theme (``coaching.themes``), competitor
(``coaching.competitors``), segment and stage reached; the gaps found are

- ``unanswered_objection``: a risk that recurs in lost notes and no play answers;
- ``skipped_play``: a play that winners follow and losers skip;
- ``unwritten_practice``: the same pattern for a practice no play describes;
- ``contradicted_advice``: a play that recent losses followed, with no win to show;
- ``unanswered_competitor_claim``: a competitor with no battlecard, or a claim heard
  in lost deals that its battlecard does not answer.

Every finding carries its quotes (exact passages of the notes, with the outcome)
and a strength grade from the number of notes and how far they agree. A note that
contradicts the others is quoted as pointing the other way, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from coaching.competitors import competitor_findings, competitor_groups
from coaching.findings import (
    Change,
    Finding,
    Gap,
    Group,
    PlayFinder,
    Quote,
    Stance,
    describe_play,
    unique,
)
from coaching.mentions import (
    LOSS_OUTCOMES,
    Mention,
    addressed_to_model,
    hindsight_sentences,
    mentions,
)
from coaching.passages import passages
from coaching.themes import THEMES, Theme
from core.records import Chunk, Note

MAX_ADVICE = 3
_ORDER = {"strong": 0, "moderate": 1, "weak": 2}


@dataclass
class Mining:
    findings: list[Finding]
    groups: list[Group]
    set_aside: list[str]  # notes with passages addressed to a model


def mine(
    notes: list[Note],
    plays: list[Chunk],
    find_plays: PlayFinder,
    competitors: Iterable[str] = (),
    place: PlayFinder | None = None,
) -> Mining:
    """Every gap between these notes and these plays, strongest first.

    ``find_plays`` searches every play, to judge what is answered anywhere;
    ``place`` (``find_plays`` by default) searches the plays a new section may be
    placed beside, when a run is about some playbooks only.
    """
    place = place or find_plays
    by_theme: dict[str, list[Mention]] = {}
    for note in notes:
        for mention in mentions(note):
            by_theme.setdefault(mention.theme, []).append(mention)
    findings = []
    for theme in THEMES:
        found = by_theme.get(theme.key, [])
        finding = (
            theme_finding(theme, found, plays, find_plays, place) if found else None
        )
        if finding is not None:
            findings.append(finding)
    findings += competitor_findings(notes, plays, place, competitors)
    findings.sort(key=lambda f: (_ORDER[f.strength], -len(f.note_ids())))
    groups = _theme_groups(by_theme) + competitor_groups(notes, competitors)
    groups += _field_groups(notes, "segment") + _field_groups(notes, "stage")
    return Mining(findings, groups, set_aside(notes))


def theme_finding(
    theme: Theme,
    found: list[Mention],
    plays: list[Chunk],
    find_plays: PlayFinder,
    place: PlayFinder,
) -> Finding | None:
    covering = covering_play(theme, plays, find_plays)
    if theme.kind == "risk":
        return _risk(theme, found, covering, place)
    return _practice(theme, found, covering, place)


def covering_play(
    theme: Theme, plays: list[Chunk], find_plays: PlayFinder
) -> Chunk | None:
    """A play that answers the theme: named in its headings, or twice in its text.

    Retrieval ranks the candidates, so the nearest of several answering plays wins;
    headings are checked over every play, since a short heading may rank low.
    """
    near = [play for play, _ in find_plays(theme.query, 10)]
    ranked = near + [p for p in plays if p not in near]
    for play in ranked:
        if theme.answered_by(" / ".join(play.heading_path)):
            return play
    return next((p for p in near if theme.answered_by(p.text, times=2)), None)


def _risk(
    theme: Theme, found: list[Mention], covering: Chunk | None, find: PlayFinder
) -> Finding | None:
    losses = [m for m in found if m.lost]
    if covering is not None or not losses:
        return None
    quotes = [_quote(m, "occurred", "supports") for m in losses]
    quotes += [_quote(m, "overcome", "context") for m in found if not m.lost]
    return _new(theme, "unanswered_objection", quotes, losses, find)


def _practice(
    theme: Theme, found: list[Mention], covering: Chunk | None, find: PlayFinder
) -> Finding | None:
    won_followed = [m for m in found if not m.lost and m.stance == "followed"]
    lost_followed = [m for m in found if m.lost and m.stance == "followed"]
    lost_skipped = [m for m in found if m.lost and m.stance == "skipped"]
    regrets = [m for m in found if m.hindsight and m not in lost_skipped]
    won_skipped = [
        m for m in found if not m.lost and m.stance == "skipped" and not m.hindsight
    ]
    if covering is not None and len(lost_followed) >= 2 and not won_followed:
        quotes = [_quote(m, "followed", "supports") for m in lost_followed]
        quotes += [_quote(m, "skipped", "contradicts") for m in lost_skipped]
        finding = _finding(theme, "contradicted_advice", "revise", covering, quotes)
        finding.change = "retire" if finding.strength == "strong" else "revise"
        return finding
    if not won_followed or not (lost_skipped or regrets):
        return None
    supports = won_followed + lost_skipped + regrets
    quotes = [_quote(m, _role(m), "supports") for m in supports]
    quotes += [_quote(m, m.stance, "contradicts") for m in lost_followed + won_skipped]
    if covering is None:
        return _new(theme, "unwritten_practice", quotes, supports, find)
    return _finding(theme, "skipped_play", "revise", covering, quotes)


def _new(
    theme: Theme,
    gap: Gap,
    quotes: list[Quote],
    supporting: list[Mention],
    find: PlayFinder,
) -> Finding:
    """An add: placed beside the nearest play, with the sellers' own advice."""
    near = find(theme.query, 1)
    target = near[0][0] if near else None
    finding = _finding(theme, gap, "add", target, quotes)
    finding.nearest = describe_play(*near[0]) if near else ""
    if target is not None:
        finding.anchor = tuple(target.heading_path[:-1] or target.heading_path)
    quoted = {q.text for q in quotes}
    finding.advice = [
        q
        for q in advice_for(theme, [m.note for m in supporting])
        if q.text not in quoted
    ]
    return finding


def _finding(
    theme: Theme, gap: Gap, change: Change, target: Chunk | None, quotes: list[Quote]
) -> Finding:
    return Finding(
        gap, change, theme.key, theme.label, target, theme.heading, quotes
    ).graded()


def advice_for(theme: Theme, notes: list[Note]) -> list[Quote]:
    """What the sellers behind these notes say they would do next time about it."""
    found = [
        Quote(note.id, name, sentence, note.outcome, "hindsight", "supports")
        for note in notes
        for name, sentence in hindsight_sentences(note)
        if theme.cue.search(sentence)
    ]
    return found[:MAX_ADVICE]


def set_aside(notes: list[Note]) -> list[str]:
    """Notes holding passages addressed to a model: read as data, never quoted."""
    return [
        f"{note.id}: a passage addressed to a model was treated as data, never quoted"
        for note in notes
        if any(addressed_to_model(p) for p in passages(f"{note.reason}\n\n{note.text}"))
    ]


def _quote(mention: Mention, role: str, stance: Stance) -> Quote:
    note = mention.note
    return Quote(note.id, mention.field, mention.quote, note.outcome, role, stance)


def _role(mention: Mention) -> str:
    return "hindsight" if mention.hindsight else mention.stance


def _theme_groups(by_theme: dict[str, list[Mention]]) -> list[Group]:
    return [
        Group(
            "theme",
            key,
            won=unique(m.note.id for m in found if not m.lost),
            lost=unique(m.note.id for m in found if m.lost),
        )
        for key, found in by_theme.items()
    ]


def _field_groups(notes: list[Note], kind: Literal["segment", "stage"]) -> list[Group]:
    name = "segment" if kind == "segment" else "stage_reached"
    values = sorted({getattr(n, name) for n in notes if getattr(n, name)})
    return [
        Group(
            kind,
            value,
            won=[n.id for n in notes if getattr(n, name) == value and not _lost(n)],
            lost=[n.id for n in notes if getattr(n, name) == value and _lost(n)],
        )
        for value in values
    ]


def _lost(note: Note) -> bool:
    return note.outcome in LOSS_OUTCOMES
