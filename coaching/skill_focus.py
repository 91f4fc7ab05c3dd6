"""The agenda's skill focus: the gap, the evidence for it, and one exercise."""

from __future__ import annotations

from coaching.agenda_citations import cite_rubric, cite_scorecard
from coaching.agenda_models import Exercise as ExercisePart
from coaching.agenda_models import SkillFocus
from coaching.brief_models import Claim
from coaching.citations import CitationBook
from coaching.evidence import title_of
from coaching.exercises import Passage
from coaching.ranking import RankedDeal
from coaching.rubric import Exercise, Skill
from coaching.skills import Focus, SkillState

EXAMPLES = 2  # deals cited for each signal counted as evidence
SIGNAL_LABELS = {
    "stalled": "longer in their stage than the team's median",
    "close_date_past": "a close date that has passed",
    "no_next_step": "no next step recorded",
    "single_threaded": "one contact only",
    "no_economic_buyer": "no economic buyer among the contacts",
    "no_contacts": "no contacts recorded",
    "stale_activity": "no recent activity",
}


def skill_focus(
    focus: Focus,
    ranked: list[RankedDeal],
    exercise: tuple[int, Exercise],
    passage: Passage | None,
    book: CitationBook,
    gaps: list[str],
) -> SkillFocus:
    state, skill = focus.state, focus.state.skill
    evidence = _scored(state, book) + _from_deals(skill, ranked, book)
    evidence += _target(skill, focus.target, book)
    return SkillFocus(
        skill=skill.id,
        name=skill.name,
        level=state.current.level if state.current else None,
        target_level=focus.target,
        gap=focus.gap,
        trend=state.trend,
        why=focus.why,
        evidence=evidence,
        exercise=_exercise(skill, exercise, passage, book, gaps),
    )


def _scored(state: SkillState, book: CitationBook) -> list[Claim]:
    claims = []
    for score in [s for s in (state.previous, state.current) if s is not None]:
        card = score.card
        fields = [f"scores.{state.skill.id}"] + (["comment"] if card.comment else [])
        said = f": {card.comment}" if card.comment else "."
        claims.append(
            Claim(
                text=f"Scored {score.level} by {card.reviewer} on "
                f"{card.date.isoformat()}{said}",
                citations=[cite_scorecard(book, card, f) for f in fields],
            )
        )
    return claims


def _from_deals(
    skill: Skill, ranked: list[RankedDeal], book: CitationBook
) -> list[Claim]:
    """One claim per signal of the skill that fired, citing a few example deals."""
    firing: dict[str, list[RankedDeal]] = {}
    for item in ranked:
        for reason in item.reasons:
            if reason.name in skill.signals:
                firing.setdefault(reason.name, []).append(item)
    claims = []
    for name in skill.signals:
        hits = firing.get(name, [])
        if not hits:
            continue
        cites = [
            book.deal(item.deal, field)
            for item in hits[:EXAMPLES]
            for reason in item.reasons
            if reason.name == name
            for field in reason.fields
        ]
        claims.append(
            Claim(
                text=f"{len(hits)} of {len(ranked)} open early-stage deals have "
                f"{SIGNAL_LABELS[name]}.",
                citations=cites,
            )
        )
    return claims


def _target(skill: Skill, target: int, book: CitationBook) -> list[Claim]:
    for i, level in enumerate(skill.levels):
        if level.level == target:
            path = f"levels[{i}].indicators[0]"
            return [
                Claim(
                    text=f"Level {target} ({level.name}) looks like: "
                    f"{level.indicators[0]}",
                    citations=[cite_rubric(book, skill, path)],
                )
            ]
    return []


def _exercise(
    skill: Skill,
    pick: tuple[int, Exercise],
    passage: Passage | None,
    book: CitationBook,
    gaps: list[str],
) -> ExercisePart:
    number, exercise = pick
    citations = [cite_rubric(book, skill, f"exercises[{number}]")]
    named = exercise.playbook
    where = f"{named.file} > {named.heading}" if named else "its playbook"
    if passage is None:
        gaps.append(
            f"No stored play fits the exercise {exercise.title!r} ({where}); "
            "ingest that playbook to cite it."
        )
    elif not passage.exact:
        gaps.append(
            f"The play the rubric names for {exercise.title!r} ({where}) is not "
            f"stored; the closest play by search (similarity {passage.score:.2f}) "
            "is quoted instead."
        )
    if passage is not None:
        citations.append(book.chunk(passage.chunk, quote=passage.excerpt))
    return ExercisePart(
        id=exercise.id,
        title=exercise.title,
        instructions=" ".join(exercise.instructions.split()),
        play=title_of(passage.chunk) if passage else "",
        excerpt=passage.excerpt if passage else "",
        citations=citations,
    )
