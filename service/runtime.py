"""The composition root: builds stores, index, model and coaching objects once.

Both the HTTP service and the command line start from here, so they cannot disagree
about configuration.
"""

from __future__ import annotations

import logging
from functools import cached_property
from pathlib import Path

from coaching.agenda import AgendaWriter
from coaching.brief import BriefWriter
from coaching.brief_cache import BriefCache
from coaching.evidence import EvidenceFinder
from coaching.proposals import Proposer
from coaching.review import Reviewer
from coaching.rubric import DEFAULT_RUBRIC, Rubric, load_rubric
from core.settings import Settings
from ingest.pipeline import Ingestor
from llm.base import ChatModel
from llm.factory import build_chat_model
from retrieval.embedder import Embedder
from retrieval.index import VectorIndex, chroma_client
from retrieval.keyword import KeywordIndex
from retrieval.search import Searcher
from service.ratelimit import RateLimiter
from store import people
from store.corpus import StoredCorpus
from store.db import Database

log = logging.getLogger(__name__)


class Runtime:
    """Everything a request needs; heavy parts load on first use."""

    def __init__(
        self, settings: Settings, *, embedder=None, model: ChatModel | None = None
    ):
        self.settings = settings
        self._embedder = embedder
        self._model = model
        # Read at start-up, so a broken rubric stops the service rather than a request.
        self.rubric: Rubric = load_rubric(
            Path(settings.rubric_path) if settings.rubric_path else DEFAULT_RUBRIC
        )
        self.db = Database.open(settings)

    @cached_property
    def embedder(self):
        return self._embedder or Embedder(
            self.settings.embedding_model or None,
            self.settings.embedding_batch_size,
            self.settings.embedding_precision,
        )

    @cached_property
    def index(self) -> VectorIndex:
        return VectorIndex(
            chroma_client(self.settings), self.embedder, self.settings.collection
        )

    @cached_property
    def model(self) -> ChatModel:
        return self._model or build_chat_model(self.settings)

    @cached_property
    def ingestor(self) -> Ingestor:
        return Ingestor(
            self.db,
            self.index,
            self.embedder.count_tokens,
            self.settings.chunk_max_tokens,
            chunking=self.settings.embedding_model or "shipped",
        )

    @cached_property
    def searcher(self) -> Searcher:
        """Dense, keyword or hybrid search; the keyword index follows the store."""
        keywords = KeywordIndex(StoredCorpus(self.db))
        return Searcher(self.index, keywords, self.settings.search_mode)

    @cached_property
    def finder(self) -> EvidenceFinder:
        return EvidenceFinder(self.db, self.searcher)

    @cached_property
    def rate_limiter(self) -> RateLimiter:
        return RateLimiter(self.settings.rate_limit_per_minute, self.settings.redis_url)

    @cached_property
    def brief_writer(self) -> BriefWriter:
        seconds = self.settings.brief_cache_seconds
        cache = BriefCache(seconds, self.settings.brief_cache_size) if seconds else None
        return BriefWriter(self.db, self.finder, self.model, cache=cache)

    @cached_property
    def proposer(self) -> Proposer:
        return Proposer(self.db, self.finder, self.model)

    @cached_property
    def reviewer(self) -> Reviewer:
        return Reviewer(self.db, self.ingestor)

    @cached_property
    def agenda_writer(self) -> AgendaWriter:
        model = self.model if self.settings.agenda_model_summary else None
        return AgendaWriter(self.db, self.finder, model, self.rubric)

    def reports_of(self, tenant_id: str, manager_id: str) -> set[str]:
        """Ids and names of a manager's direct reports."""
        with self.db.read() as conn:
            reports = people.list_reps(conn, tenant_id, manager_id)
        return {r.id for r in reports} | {r.name for r in reports}

    def close(self) -> None:
        self.db.close()
