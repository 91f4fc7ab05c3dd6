"""One search over plays and notes: dense, keyword, or both fused by rank.

Dense search finds passages that say the same thing in other words; keyword search
finds the exact names, acronyms and field names (MEDDPPICC, SAO, a competitor) that
a small embedding model blurs. Hybrid asks both for a deeper list than the caller
wants and fuses the two by reciprocal rank. Every mode takes the tenant first and
the same filters.
"""

from __future__ import annotations

from typing import Literal, get_args

from retrieval.fusion import reciprocal_rank_fusion
from retrieval.index import Hit, SearchFilters, VectorIndex
from retrieval.keyword import KeywordIndex

SearchMode = Literal["dense", "keyword", "hybrid"]
SEARCH_MODES: tuple[str, ...] = get_args(SearchMode)
# How many candidates each side of a hybrid search contributes, at the least.
FUSION_DEPTH = 20


class Searcher:
    """Runs a search in the configured mode, or in the one a caller asks for."""

    def __init__(
        self,
        vectors: VectorIndex,
        keywords: KeywordIndex,
        mode: SearchMode = "hybrid",
        depth: int = FUSION_DEPTH,
    ) -> None:
        if mode not in SEARCH_MODES:
            raise ValueError(f"unknown search mode {mode!r}")
        self.vectors = vectors
        self.keywords = keywords
        self.mode = mode
        self.depth = depth

    def search(
        self,
        tenant_id: str,
        query: str,
        *,
        k: int = 5,
        filters: SearchFilters = SearchFilters(),
        mode: SearchMode | None = None,
    ) -> list[Hit]:
        """The ``k`` best chunks of one tenant, best first.

        Dense and hybrid hits score their cosine similarity to the query (hybrid
        hits come in fused order, so a lower score may rank higher); keyword hits
        score BM25, comparable only with other keyword scores.
        """
        mode = mode or self.mode
        if mode == "dense":
            return self.vectors.search(tenant_id, query, k=k, filters=filters)
        if mode == "keyword":
            return self.keywords.search(tenant_id, query, k=k, filters=filters)
        if mode != "hybrid":
            raise ValueError(f"unknown search mode {mode!r}")
        return self._hybrid(tenant_id, query, k, filters)

    def _hybrid(
        self, tenant_id: str, query: str, k: int, filters: SearchFilters
    ) -> list[Hit]:
        depth = max(k, self.depth)
        vector = self.vectors.embedder.embed_query(query)
        dense = self.vectors.search_vector(tenant_id, vector, k=depth, filters=filters)
        keyword = self.keywords.search(tenant_id, query, k=depth, filters=filters)
        fused = reciprocal_rank_fusion(
            [[hit.chunk.id for hit in dense], [hit.chunk.id for hit in keyword]]
        )[:k]
        chunks = {hit.chunk.id: hit.chunk for hit in keyword + dense}
        cosines = {hit.chunk.id: hit.score for hit in dense}
        unscored = [chunk_id for chunk_id, _ in fused if chunk_id not in cosines]
        cosines |= self.vectors.similarities(tenant_id, vector, unscored)
        return [Hit(chunks[i], cosines.get(i, 0.0)) for i, _ in fused]
