"""Drawing a skill's practice exercise from the playbooks the tenant has ingested.

The rubric names the playbook file and heading an exercise comes from. When that
play is stored it is used as it is; otherwise (a tenant with its own handbooks) the
closest play by search stands in, if it is close enough to be worth citing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coaching.evidence import EvidenceFinder
from coaching.excerpts import best_sentence, clip, sentences, words
from coaching.rubric import Exercise, PlaybookRef, Skill
from core.records import Chunk
from store import records
from store.db import Database

# Below this cosine similarity a searched play is too far off to quote as practice.
MIN_SIMILARITY = 0.2
_POINTER = re.compile(r":$|\b(?:below|following)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Passage:
    chunk: Chunk
    excerpt: str
    exact: bool  # the play the rubric names, not a search result
    score: float


def practice_sentence(text: str, query: str) -> str:
    """The sentence of a play to quote beside an exercise.

    Questions are welcome (they are practice material); sentences that only point
    at a list ("consider the questions below:") say nothing on their own and are
    passed over while another will do.
    """
    wanted = words(query)
    bare = (s.lstrip("-*• ").strip() for s in sentences(text))  # list bullets
    every = [s for s in bare if len(s.split()) >= 6]
    useful = [s for s in every if not _POINTER.search(s)] or every
    if not useful:
        return best_sentence(text, query)
    best = max(useful, key=lambda s: (len(words(s) & wanted), -useful.index(s)))
    return clip(best, 300)


def pick_exercise(skill: Skill, last_id: str = "") -> tuple[int, Exercise]:
    """The skill's first exercise that was not the one set last time."""
    for number, exercise in enumerate(skill.exercises):
        if exercise.id != last_id:
            return number, exercise
    return 0, skill.exercises[0]


class ExerciseFinder:
    def __init__(self, db: Database, finder: EvidenceFinder) -> None:
        self.db = db
        self.finder = finder

    def passage(
        self, tenant_id: str, skill: Skill, exercise: Exercise
    ) -> Passage | None:
        """The play an exercise draws on, with the sentence of it to quote."""
        query = f"{skill.name}: {exercise.title}. {exercise.instructions}"
        named = self._named(tenant_id, exercise.playbook)
        if named is not None:
            return Passage(named, practice_sentence(named.text, query), True, 1.0)
        hits = self.finder.search(tenant_id, query, kind="play", k=5)
        best = max(hits, key=lambda h: h.score, default=None)
        if best is None or best.score < MIN_SIMILARITY:
            return None
        excerpt = practice_sentence(best.chunk.text, query)
        return Passage(best.chunk, excerpt, False, best.score)

    def _named(self, tenant_id: str, ref: PlaybookRef | None) -> Chunk | None:
        if ref is None:
            return None
        heading = ref.heading.casefold()
        with self.db.read() as conn:
            sources = sorted(
                s
                for s in records.sources(conn, tenant_id, "play")
                if s == ref.file or s.endswith(f"/{ref.file}")
            )
            for source in sources:
                plays = records.source_chunks(conn, tenant_id, "play", source)
                for play in sorted(plays, key=lambda c: c.ordinal):
                    if (
                        play.heading_path
                        and play.heading_path[-1].casefold() == heading
                    ):
                        return play
        return None
