"""Citing what an agenda rests on beyond deals and plays: scorecards, the rubric,
and the commitments recorded on an earlier agenda.

Each is cited by one line of a text the API serves whole, as
``scorecard:<id>:<field>``, ``rubric:<skill>:<path>`` and
``agenda:<id>:commitments[<n>]``, so a quote is always one exact line of it.
"""

from __future__ import annotations

from coaching.citations import CitationBook
from coaching.rubric import Skill, skill_line
from store.agendas import Commitment
from store.scorecards import Scorecard

RUBRIC_SOURCE = "competency rubric"


def scorecard_lines(card: Scorecard) -> list[str]:
    """The scorecard as the API serves it: one ``field: value`` line each."""
    lines = [
        f"id: {card.id}",
        f"rep_id: {card.rep_id}",
        f"date: {card.date.isoformat()}",
        f"reviewer: {card.reviewer}",
    ]
    lines += [f"scores.{skill}: {level}" for skill, level in card.scores.items()]
    lines += [
        f"{field}: {' '.join(value.split())}"
        for field, value in (
            ("comment", card.comment),
            ("deal_id", card.deal_id),
            ("call", card.call),
        )
        if value
    ]
    return lines


def cite_scorecard(book: CitationBook, card: Scorecard, field: str) -> str:
    prefix = f"{field}: "
    line = next(x for x in scorecard_lines(card) if x.startswith(prefix))
    return book.line("scorecard", card.id, field, f"scorecard {card.id}", line)


def cite_rubric(book: CitationBook, skill: Skill, path: str) -> str:
    return book.line("rubric", skill.id, path, RUBRIC_SOURCE, skill_line(skill, path))


def commitment_line(number: int, item: Commitment) -> str:
    due = f" (due {item.due.isoformat()})" if item.due else ""
    deal = f" [deal {item.deal_id}]" if item.deal_id else ""
    return f"commitments[{number}]: {item.text}{due}{deal}"


def commitment_lines(items: list[Commitment]) -> list[str]:
    return [commitment_line(n, item) for n, item in enumerate(items)]


def cite_commitment(
    book: CitationBook, agenda_id: str, number: int, item: Commitment
) -> str:
    return book.line(
        "agenda",
        agenda_id,
        f"commitments[{number}]",
        f"agenda {agenda_id}",
        commitment_line(number, item),
    )
