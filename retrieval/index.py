"""The vector index: Chroma embedded on disk, or a Chroma server, same interface.

Every method takes the tenant first and adds it to the filter itself, so no caller can
forget it. The relational store stays the source of truth; this index can be rebuilt.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from core.records import Chunk
from core.settings import Settings

log = logging.getLogger(__name__)

_UPSERT_BATCH = 256
# An unfiltered search asks for this many times the hits wanted, at least
# MIN_CANDIDATES, and filters them itself (see VectorIndex.search_vector).
OVERFETCH = 8
MIN_CANDIDATES = 64


@dataclass(frozen=True)
class SearchFilters:
    kind: str | None = None
    outcome: str | None = None
    competitor: str | None = None
    segment: str | None = None
    stage: str | None = None


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float


def _metadata(chunk: Chunk) -> dict:
    meta = {
        "tenant_id": chunk.tenant_id,
        "kind": chunk.kind,
        "source": chunk.source,
        "outcome": chunk.outcome or "",
        "competitor": chunk.competitor.lower(),
        "segment": chunk.segment.lower(),
        "record": chunk.model_dump_json(exclude={"text"}),
    }
    for stage in chunk.stages:
        meta[f"stage_{stage}"] = True
    return meta


def _clauses(tenant_id: str, filters: SearchFilters) -> list[tuple[str, object]]:
    """(metadata field, required value) pairs: the tenant, then each filter."""
    clauses: list[tuple[str, object]] = [("tenant_id", tenant_id)]
    for field in ("kind", "outcome", "competitor", "segment"):
        value = getattr(filters, field)
        if value:
            clauses.append((field, value.lower() if field != "kind" else value))
    if filters.stage:
        clauses.append((f"stage_{filters.stage}", True))
    return clauses


def _where(tenant_id: str, filters: SearchFilters) -> dict:
    clauses = [{field: value} for field, value in _clauses(tenant_id, filters)]
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _passes(meta: dict, clauses: list[tuple[str, object]]) -> bool:
    return all(meta.get(field) == value for field, value in clauses)


class VectorIndex:
    """Upserts, deletes and searches chunks in one Chroma collection."""

    def __init__(self, client, embedder: Embeddings, collection: str = "sideline"):
        self.embedder = embedder
        self.collection = client.get_or_create_collection(
            collection,
            embedding_function=None,
            metadata={"hnsw:space": "cosine"},
        )

    def upsert(
        self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]] | None = None
    ) -> None:
        """Store chunks with their embeddings (computed here unless given)."""
        if not chunks:
            return
        if vectors is None:
            vectors = self.embedder.embed_documents([c.text for c in chunks])
        for start in range(0, len(chunks), _UPSERT_BATCH):
            part = chunks[start : start + _UPSERT_BATCH]
            self.collection.upsert(
                ids=[self._key(c.tenant_id, c.id) for c in part],
                documents=[c.text for c in part],
                metadatas=[_metadata(c) for c in part],
                embeddings=[list(v) for v in vectors[start : start + _UPSERT_BATCH]],
            )

    def delete(self, tenant_id: str, ids: Sequence[str]) -> None:
        if ids:
            self.collection.delete(ids=[self._key(tenant_id, i) for i in ids])

    def search(
        self,
        tenant_id: str,
        query: str,
        *,
        k: int = 5,
        filters: SearchFilters = SearchFilters(),
    ) -> list[Hit]:
        """Nearest chunks of one tenant to the query, best first."""
        vector = self.embedder.embed_query(query)
        return self.search_vector(tenant_id, vector, k=k, filters=filters)

    def search_vector(
        self,
        tenant_id: str,
        vector: Sequence[float],
        *,
        k: int = 5,
        filters: SearchFilters = SearchFilters(),
    ) -> list[Hit]:
        """Nearest chunks of one tenant to an embedded query, best first.

        Chroma turns a ``where`` filter into the list of every matching id before
        it searches, at about 5 ms per thousand: a filter matching a whole tenant
        of 100k chunks costs half a second. So the nearest ``OVERFETCH`` times
        ``k`` are fetched unfiltered, as ids and distances only (cheap), and
        filtered here: by the tenant in the key, then by the other filters on
        their metadata, read a few at a time. That is exact when ``k`` pass; only
        when fewer do (a small tenant in a shared collection, a narrow filter:
        both cheap for Chroma) is the filter sent to Chroma.
        """
        if not tenant_id:
            raise ValueError("a tenant id is required for every search")
        wanted = max(k * OVERFETCH, MIN_CANDIDATES)
        nearest = self.collection.query(
            query_embeddings=[list(vector)], n_results=wanted, include=["distances"]
        )
        prefix = self._key(tenant_id, "")
        candidates = [
            (key, distance)
            for key, distance in zip(nearest["ids"][0], nearest["distances"][0])
            if key.startswith(prefix)
        ]
        passing = self._passing(candidates, _clauses(tenant_id, filters), k)
        if len(passing) < k and len(nearest["ids"][0]) == wanted:
            passing = self._query(vector, k, _where(tenant_id, filters))
        return [
            Hit(chunk=self._chunk(meta, doc), score=round(1.0 - distance, 4))
            for doc, meta, distance in passing[:k]
        ]

    def _passing(
        self, candidates: list[tuple[str, float]], clauses: list, k: int
    ) -> list[tuple[str, dict, float]]:
        """The first ``k`` candidates whose metadata passes, in candidate order."""
        passing: list[tuple[str, dict, float]] = []
        step = max(2 * k, 16)
        for start in range(0, len(candidates), step):
            part = candidates[start : start + step]
            found = self.collection.get(
                ids=[key for key, _ in part], include=["documents", "metadatas"]
            )
            rows = {
                key: (doc, meta)
                for key, doc, meta in zip(
                    found["ids"], found["documents"], found["metadatas"]
                )
            }
            for key, distance in part:
                if key in rows and _passes(rows[key][1], clauses):
                    passing.append((*rows[key], distance))
            if len(passing) >= k:
                break
        return passing[:k]

    def _query(
        self, vector: Sequence[float], n: int, where: dict | None
    ) -> list[tuple[str, dict, float]]:
        result = self.collection.query(
            query_embeddings=[list(vector)],
            n_results=n,
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        return list(
            zip(result["documents"][0], result["metadatas"][0], result["distances"][0])
        )

    def similarities(
        self, tenant_id: str, vector: Sequence[float], ids: Sequence[str]
    ) -> dict[str, float]:
        """Cosine similarity of the embedded query to each of the tenant's chunks
        named; chunks the index lacks are left out."""
        if not ids:
            return {}
        found = self.collection.get(
            ids=[self._key(tenant_id, i) for i in ids], include=["embeddings"]
        )
        query = np.asarray(vector, dtype=np.float32)
        query = query / (np.linalg.norm(query) or 1.0)
        scores = {}
        for key, stored in zip(found["ids"], found["embeddings"]):
            stored = np.asarray(stored, dtype=np.float32)
            cosine = float(stored @ query) / (float(np.linalg.norm(stored)) or 1.0)
            scores[key.removeprefix(f"{tenant_id}/")] = round(cosine, 4)
        return scores

    def missing(self, tenant_id: str, ids: Sequence[str]) -> set[str]:
        """Those of the ids that the index does not hold for the tenant."""
        if not ids:
            return set()
        found = self.collection.get(
            ids=[self._key(tenant_id, i) for i in ids], include=[]
        )
        present = {key.removeprefix(f"{tenant_id}/") for key in found["ids"]}
        return set(ids) - present

    def tenants(self) -> set[str]:
        """Every tenant with entries in the index (a full scan: for repairs only)."""
        found = self.collection.get(include=[])
        return {key.split("/", 1)[0] for key in found["ids"]}

    def ids(self, tenant_id: str) -> set[str]:
        found = self.collection.get(where={"tenant_id": tenant_id}, include=[])
        prefix = f"{tenant_id}/"
        return {key.removeprefix(prefix) for key in found["ids"]}

    def count(self) -> int:
        return self.collection.count()

    @staticmethod
    def _key(tenant_id: str, chunk_id: str) -> str:
        # Chunk ids are unique within a tenant; keys are unique across tenants.
        return f"{tenant_id}/{chunk_id}"

    @staticmethod
    def _chunk(meta: dict, document: str) -> Chunk:
        return Chunk.model_validate({**json.loads(meta["record"]), "text": document})


def chroma_client(settings: Settings):
    """A Chroma client: the server named in settings, else an embedded one on disk."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    options = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        log.info(
            "using Chroma server at %s:%s", settings.chroma_host, settings.chroma_port
        )
        return chromadb.HttpClient(
            host=settings.chroma_host, port=settings.chroma_port, settings=options
        )
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=options)
