"""Finding the plays, questions and win/loss lessons that fit a deal and a meeting."""

from __future__ import annotations

from dataclasses import dataclass

from core.records import Chunk, Deal
from retrieval.index import Hit, SearchFilters
from retrieval.search import Searcher, SearchMode
from store import records
from store.db import Database

LOSS_OUTCOMES = ("lost", "churned", "no_decision")


@dataclass(frozen=True)
class Evidence:
    plays: list[Hit]
    question_passages: list[Hit]
    objection_passages: list[Hit]
    won: list[Hit]
    lost: list[Hit]


class EvidenceFinder:
    """Runs the searches of one brief and keeps only passages the store still has."""

    def __init__(self, db: Database, index: Searcher) -> None:
        self.db = db
        self.index = index

    def for_meeting(self, tenant_id: str, deal: Deal, kind: str, goal: str) -> Evidence:
        topic = " ".join(x for x in (deal.product, deal.segment, deal.competitor) if x)
        return Evidence(
            plays=self.plays(tenant_id, f"{kind} meeting {goal} {topic}", deal.stage),
            question_passages=self.search(
                tenant_id,
                f"{kind} questions to ask the buyer {goal}",
                kind="play",
                k=20,
            ),
            objection_passages=self.search(
                tenant_id,
                f"objection handling response {deal.competitor or 'competitor'} price",
                kind="play",
                k=3,
            ),
            won=self.search(
                tenant_id, f"why we won {topic} {goal}", kind="note", outcome="won", k=2
            ),
            lost=self.lost(tenant_id, f"why we lost {topic} {goal}"),
        )

    def plays(self, tenant_id: str, query: str, stage: str, k: int = 3) -> list[Hit]:
        """Plays tagged for the stage, topped up from any stage; one per source."""
        hits = self.search(tenant_id, query, kind="play", stage=stage, k=4 * k)
        if len({h.chunk.source for h in hits}) < k:
            hits += self.search(tenant_id, query, kind="play", k=4 * k)
        return _one_per_source(hits, k)

    def lost(self, tenant_id: str, query: str, k: int = 2) -> list[Hit]:
        hits = [
            hit
            for outcome in LOSS_OUTCOMES
            for hit in self.search(tenant_id, query, kind="note", outcome=outcome, k=k)
        ]
        return sorted(hits, key=lambda h: -h.score)[:k]

    def search(
        self,
        tenant_id: str,
        query: str,
        *,
        k: int,
        mode: SearchMode | None = None,
        **filters: str,
    ) -> list[Hit]:
        """Hits the store still holds; ``mode`` overrides the configured one."""
        hits = self.index.search(
            tenant_id, query, k=k, filters=SearchFilters(**filters), mode=mode
        )
        return self._still_stored(tenant_id, hits)

    def _still_stored(self, tenant_id: str, hits: list[Hit]) -> list[Hit]:
        # The index may lag the store after a crash; cite only what the store holds.
        if not hits:
            return hits
        with self.db.read() as conn:
            stored = records.get_chunks(conn, tenant_id, [h.chunk.id for h in hits])
        return [Hit(stored[h.chunk.id], h.score) for h in hits if h.chunk.id in stored]


def _one_per_source(hits: list[Hit], k: int) -> list[Hit]:
    seen: set[str] = set()
    picked = []
    for hit in sorted(hits, key=lambda h: -h.score):
        if hit.chunk.source not in seen:
            seen.add(hit.chunk.source)
            picked.append(hit)
    return picked[:k]


def title_of(chunk: Chunk) -> str:
    return chunk.heading_path[-1] if chunk.heading_path else chunk.source
