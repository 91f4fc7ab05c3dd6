"""A rep's level and trend per skill, and the one skill a 1:1 should work on.

Levels come from scorecards (the latest score is the level, the one before it gives
the trend); deal signals that the rubric ties to a skill add evidence, and stand in
for scores when nobody has scored the rep yet. Pure functions: no store, no model.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from coaching.rubric import Rubric, Skill
from store.scorecards import Scorecard

Trend = Literal["up", "down", "steady", "new", "unscored"]


@dataclass(frozen=True)
class Score:
    card: Scorecard
    level: int


@dataclass(frozen=True)
class SkillState:
    """Every score one skill has had, oldest first."""

    skill: Skill
    scores: tuple[Score, ...]

    @property
    def current(self) -> Score | None:
        return self.scores[-1] if self.scores else None

    @property
    def previous(self) -> Score | None:
        return self.scores[-2] if len(self.scores) > 1 else None

    @property
    def trend(self) -> Trend:
        if self.current is None:
            return "unscored"
        if self.previous is None:
            return "new"
        change = self.current.level - self.previous.level
        return "up" if change > 0 else "down" if change < 0 else "steady"


@dataclass(frozen=True)
class Focus:
    state: SkillState
    target: int
    why: str

    @property
    def gap(self) -> int | None:
        current = self.state.current
        return None if current is None else self.target - current.level


def skill_states(rubric: Rubric, cards: list[Scorecard]) -> list[SkillState]:
    """One state per rubric skill, in rubric order; cards must be oldest first."""
    return [
        SkillState(
            skill,
            tuple(Score(c, c.scores[key]) for c in cards if key in c.scores),
        )
        for key, skill in rubric.skills.items()
    ]


def signal_evidence(skill: Skill, signal_counts: Counter) -> int:
    """How many deal signals tied to the skill fired across the rep's deals."""
    return sum(signal_counts[name] for name in skill.signals)


def choose_focus(
    rubric: Rubric, states: list[SkillState], signal_counts: Counter
) -> Focus | None:
    """The skill furthest below target; ties go to a falling trend, then deals.

    With every scored skill at target, the lowest one is stretched towards the top
    level. Without scores, the skill the deals point at most is chosen; with
    neither, there is nothing to go on and no focus.
    """
    order = {s.skill.id: i for i, s in enumerate(states)}

    def key(state: SkillState) -> tuple:
        evidence = signal_evidence(state.skill, signal_counts)
        level = state.current.level if state.current else rubric.top_level
        return (-level, state.trend == "down", evidence, -order[state.skill.id])

    scored = [s for s in states if s.current is not None]
    below = [s for s in scored if s.current.level < rubric.target_level]
    if below:
        state = max(below, key=key)
        return Focus(state, rubric.target_level, _why_below(state, rubric))
    stretch = [s for s in scored if s.current.level < rubric.top_level]
    if stretch:
        state = max(stretch, key=key)
        why = f"Every scored skill is at level {rubric.target_level} or above; "
        return Focus(
            state, rubric.top_level, why + "this one is furthest from the top."
        )
    return _from_deals(rubric, states, signal_counts)


def _why_below(state: SkillState, rubric: Rubric) -> str:
    level = state.current.level
    trend = {"down": ", and falling", "up": ", though rising"}.get(state.trend, "")
    return (
        f"Scored {level} against a target of {rubric.target_level}{trend}: "
        "the widest gap on the rubric."
    )


def _from_deals(
    rubric: Rubric, states: list[SkillState], signal_counts: Counter
) -> Focus | None:
    unscored = [s for s in states if s.current is None]
    counted = [(signal_evidence(s.skill, signal_counts), s) for s in unscored]
    best = max(counted, key=lambda pair: pair[0], default=(0, None))
    if best[1] is None or best[0] == 0:
        return None
    why = (
        "No scorecard on record for this skill; the rep's open deals point at it "
        f"({best[0]} risk signals the rubric ties to it)."
    )
    return Focus(best[1], rubric.target_level, why)
