"""Search over plays and win/loss notes."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from core.records import Outcome, Stage
from retrieval.index import SearchFilters
from retrieval.search import SearchMode
from service.deps import get_runtime, get_tenant
from service.runtime import Runtime

router = APIRouter(prefix="/v1", tags=["search"])


class SearchHit(BaseModel):
    id: str
    kind: str
    score: float
    text: str
    source: str
    heading_path: list[str]
    outcome: str | None = None


class SearchOut(BaseModel):
    hits: list[SearchHit]


@router.get("/search", response_model=SearchOut)
def search(
    q: str = Query(min_length=1, max_length=1000),
    kind: Literal["play", "note"] | None = None,
    outcome: Outcome | None = None,
    competitor: str | None = Query(default=None, max_length=200),
    segment: str | None = Query(default=None, max_length=100),
    stage: Stage | None = None,
    k: int = Query(default=5, ge=1, le=50),
    mode: SearchMode | None = Query(
        default=None,
        description="dense (meaning), keyword (BM25 on the words) or hybrid (both, "
        "fused by rank); default: SIDELINE_SEARCH_MODE",
    ),
    rt: Runtime = Depends(get_runtime),
    tenant: str = Depends(get_tenant),
) -> SearchOut:
    """Plays and notes of the caller's tenant nearest to the query.

    A hit's score is its cosine similarity to the query, except in keyword mode,
    where it is the BM25 score."""
    filters = SearchFilters(
        kind=kind, outcome=outcome, competitor=competitor, segment=segment, stage=stage
    )
    hits = rt.finder.search(
        tenant, q, k=k, mode=mode, **{f: v for f, v in vars(filters).items() if v}
    )
    return SearchOut(
        hits=[
            SearchHit(
                id=h.chunk.id,
                kind=h.chunk.kind,
                score=h.score,
                text=h.chunk.text,
                source=h.chunk.source,
                heading_path=h.chunk.heading_path,
                outcome=h.chunk.outcome,
            )
            for h in hits
        ]
    )
