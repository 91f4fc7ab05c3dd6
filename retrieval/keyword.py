"""Keyword search: BM25 over one tenant's chunks, with the same filters as the index.

The BM25 index lives in process memory and is built from the relational store on a
tenant's first keyword search. Every search first reads the tenant's data version (a
counter the store bumps in each ingest transaction) and rebuilds when it moved, so a
worker never answers from chunks older than the store, whichever worker ingested.
Rebuilding reads every chunk of the tenant: fine at the size of a sales handbook
(100k chunks take seconds); an incremental index would remove that pause.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import numpy as np

from core.records import Chunk
from retrieval.index import Hit, SearchFilters

_WORD = re.compile(r"[^\W_]{2,}")
_FILTERED = ("kind", "outcome", "competitor", "segment")


class ChunkSource(Protocol):
    """Where keyword search reads chunks from: the relational store, in practice."""

    def version(self, tenant_id: str) -> int: ...

    def chunks(self, tenant_id: str) -> Iterable[Chunk]: ...

    def get(self, tenant_id: str, ids: Sequence[str]) -> dict[str, Chunk]: ...


def s_stem(word: str) -> str:
    """Harman's S stemmer: folds English plurals (objections, companies) and little
    else, so it rarely merges words that mean different things."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith("s") and not word.endswith(("us", "ss")):
        return word[:-1]
    return word


def keyword_terms(text: str) -> list[str]:
    """Lower-cased words of two or more letters or digits, stemmed, no stop words."""
    stop = _stopwords()
    return [s_stem(w) for w in _WORD.findall(text.lower()) if w not in stop]


@cache
def _stopwords() -> frozenset[str]:
    # bm25s is imported on first use: ingest-only processes never pay for it.
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


@dataclass(frozen=True)
class _Snapshot:
    """One tenant's BM25 index as of one data version; never changed once built."""

    version: int
    ids: list[str]
    model: object | None  # bm25s.BM25, None for a tenant without chunks
    codes: dict[str, tuple[dict[str, int], np.ndarray]]
    stages: dict[str, np.ndarray]

    def mask(self, filters: SearchFilters) -> np.ndarray | None:
        """1.0 for chunks that pass the filters, 0.0 for the rest; None: no filter."""
        keep = np.ones(len(self.ids), dtype=bool)
        filtered = False
        for field in _FILTERED:
            value = getattr(filters, field)
            if value:
                vocab, codes = self.codes[field]
                keep &= codes == vocab.get(_normal(field, value), -1)
                filtered = True
        if filters.stage:
            keep &= self.stages.get(filters.stage, np.zeros(len(self.ids), bool))
            filtered = True
        return keep.astype(np.float32) if filtered else None


def _normal(field: str, value: str) -> str:
    return value if field == "kind" else value.lower()


def _field_value(chunk: Chunk, field: str) -> str:
    return _normal(field, getattr(chunk, field) or "")


def build_snapshot(version: int, chunks: Iterable[Chunk]) -> _Snapshot:
    """A BM25 index with the filter columns of ``chunks``."""
    import bm25s

    ids: list[str] = []
    terms: list[list[str]] = []
    values: dict[str, list[str]] = {field: [] for field in _FILTERED}
    stage_rows: dict[str, list[int]] = {}
    for row, chunk in enumerate(chunks):
        ids.append(chunk.id)
        terms.append(keyword_terms(" ".join([*chunk.heading_path, chunk.text])))
        for field in _FILTERED:
            values[field].append(_field_value(chunk, field))
        for stage in chunk.stages:
            stage_rows.setdefault(stage, []).append(row)
    model = None
    if ids:
        model = bm25s.BM25()
        model.index(_tokenized(terms), show_progress=False)
    stages = {}
    for stage, rows in stage_rows.items():
        flags = np.zeros(len(ids), dtype=bool)
        flags[rows] = True
        stages[stage] = flags
    codes = {field: _encode(column) for field, column in values.items()}
    return _Snapshot(version, ids, model, codes, stages)


def _encode(column: list[str]) -> tuple[dict[str, int], np.ndarray]:
    vocab: dict[str, int] = {}
    codes = np.fromiter(
        (vocab.setdefault(v, len(vocab)) for v in column), dtype=np.int32
    )
    return vocab, codes


def _tokenized(terms: list[list[str]]):
    from bm25s.tokenization import Tokenized

    vocab: dict[str, int] = {}
    ids = [[vocab.setdefault(t, len(vocab)) for t in doc] for doc in terms]
    return Tokenized(ids=ids, vocab=vocab)


class KeywordIndex:
    """BM25 search per tenant, rebuilt from ``source`` whenever its version moves.

    Holds at most ``max_tenants`` tenants' indexes, dropping the least recently
    searched; a dropped tenant is rebuilt on its next search.
    """

    def __init__(self, source: ChunkSource, max_tenants: int = 16) -> None:
        self.source = source
        self.max_tenants = max_tenants
        self._snapshots: OrderedDict[str, _Snapshot] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[str, threading.Lock] = {}

    def search(
        self,
        tenant_id: str,
        query: str,
        *,
        k: int = 5,
        filters: SearchFilters = SearchFilters(),
    ) -> list[Hit]:
        """Chunks of one tenant matching the query's words, best BM25 score first."""
        if not tenant_id:
            raise ValueError("a tenant id is required for every search")
        snapshot = self.snapshot(tenant_id)
        terms = keyword_terms(query)
        if snapshot.model is None or not terms:
            return []
        found = self._rank(snapshot, terms, k, snapshot.mask(filters))
        chunks = self.source.get(tenant_id, [chunk_id for chunk_id, _ in found])
        return [
            Hit(chunks[chunk_id], round(score, 4))
            for chunk_id, score in found
            if chunk_id in chunks
        ]

    def snapshot(self, tenant_id: str) -> _Snapshot:
        """The tenant's index at the store's current version, built if need be."""
        version = self.source.version(tenant_id)
        current = self._cached(tenant_id, version)
        if current is not None:
            return current
        with self._lock:
            building = self._building.setdefault(tenant_id, threading.Lock())
        with building:  # one build per tenant at a time; the others wait for it
            current = self._cached(tenant_id, version)
            if current is None:
                current = build_snapshot(version, self.source.chunks(tenant_id))
                self._keep(tenant_id, current)
        return current

    def _cached(self, tenant_id: str, version: int) -> _Snapshot | None:
        with self._lock:
            found = self._snapshots.get(tenant_id)
            if found is None or found.version != version:
                return None
            self._snapshots.move_to_end(tenant_id)
            return found

    def _keep(self, tenant_id: str, snapshot: _Snapshot) -> None:
        with self._lock:
            self._snapshots[tenant_id] = snapshot
            self._snapshots.move_to_end(tenant_id)
            while len(self._snapshots) > self.max_tenants:
                self._snapshots.popitem(last=False)

    @staticmethod
    def _rank(
        snapshot: _Snapshot, terms: list[str], k: int, mask: np.ndarray | None
    ) -> list[tuple[str, float]]:
        top = min(k, len(snapshot.ids))
        rows, scores = snapshot.model.retrieve(
            [terms], k=top, show_progress=False, weight_mask=mask
        )
        return [
            (snapshot.ids[row], float(score))
            for row, score in zip(rows[0], scores[0])
            if score > 0
        ]
