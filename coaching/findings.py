"""What evidence mining finds: gaps between notes and plays, with graded quotes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from core.records import Chunk

Gap = Literal[
    "unanswered_objection",
    "skipped_play",
    "unwritten_practice",
    "contradicted_advice",
    "unanswered_competitor_claim",
]
Change = Literal["add", "revise", "retire"]
Strength = Literal["weak", "moderate", "strong"]
Stance = Literal["supports", "contradicts", "context"]
# Nearest plays first, with their similarity; restricted to the playbooks in scope.
PlayFinder = Callable[[str, int], list[tuple[Chunk, float]]]


@dataclass(frozen=True)
class Quote:
    """One exact passage of one note, and what it shows."""

    note_id: str
    field: str  # the note field the passage is in: reason or text
    text: str
    outcome: str
    role: str  # followed, skipped, hindsight, occurred, overcome, claim, won_against
    stance: Stance


@dataclass
class Finding:
    gap: Gap
    change: Change
    theme: str  # a theme key, or competitor:<name>
    label: str
    target: Chunk | None  # the play to revise, or the nearest play to add beside
    heading: str  # the heading of the section an add creates
    quotes: list[Quote]
    advice: list[Quote] = field(default_factory=list)
    strength: Strength = "weak"
    strength_reason: str = ""
    nearest: str = ""  # for adds: the nearest play, said in the rationale
    anchor: tuple[str, ...] = ()  # for adds: the section the new one goes under
    section: tuple[str, ...] = ()  # for revisions: the section, if not the target's

    def __post_init__(self) -> None:
        if not self.section and self.target is not None and self.change != "add":
            self.section = tuple(self.target.heading_path)

    def note_ids(self, stance: Stance = "supports") -> list[str]:
        return unique(q.note_id for q in self.quotes if q.stance == stance)

    def graded(self) -> Finding:
        self.strength, self.strength_reason = grade(
            self.note_ids("supports"), self.note_ids("contradicts")
        )
        return self


@dataclass(frozen=True)
class Group:
    """Notes sharing a theme, competitor, segment or stage reached."""

    kind: Literal["theme", "competitor", "segment", "stage"]
    value: str
    won: list[str]
    lost: list[str]


def grade(supporting: list[str], contradicting: list[str]) -> tuple[Strength, str]:
    """Strong needs five notes that mostly agree; one or two notes are always weak."""
    count, against = len(supporting), len(contradicting)
    agreement = count / (count + against) if count else 0.0
    strength: Strength = "weak"
    if count >= 5 and agreement >= 0.8:
        strength = "strong"
    elif count >= 3 and agreement >= 0.7:
        strength = "moderate"
    said = f"{count} note{'s' if count != 1 else ''} ({', '.join(supporting)}) "
    said += "support it" if count != 1 else "supports it"
    if against:
        said += f"; {against} ({', '.join(contradicting)}) point the other way"
    if strength == "weak":
        said += (
            "; a theme resting on one or two notes is weak"
            if count <= 2
            else "; the notes disagree too much to call it more than weak"
        )
    return strength, said


def describe_play(play: Chunk, score: float | None = None) -> str:
    where = " > ".join(play.heading_path) or play.source
    similarity = f", similarity {score:.2f}" if score is not None else ""
    return f"'{where}' ({play.source}{similarity})"


def unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
