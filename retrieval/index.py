"""The vector index: Chroma embedded on disk, or a Chroma server, same interface.

Every method takes the tenant first and adds it to the filter itself, so no caller can
forget it. The relational store stays the source of truth; this index can be rebuilt.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.embeddings import Embeddings

from core.records import Chunk
from core.settings import Settings

log = logging.getLogger(__name__)

_UPSERT_BATCH = 256


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


def _where(tenant_id: str, filters: SearchFilters) -> dict:
    clauses: list[dict] = [{"tenant_id": tenant_id}]
    for field in ("kind", "outcome", "competitor", "segment"):
        value = getattr(filters, field)
        if value:
            clauses.append({field: value.lower() if field != "kind" else value})
    if filters.stage:
        clauses.append({f"stage_{filters.stage}": True})
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


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
        if not tenant_id:
            raise ValueError("a tenant id is required for every search")
        result = self.collection.query(
            query_embeddings=[self.embedder.embed_query(query)],
            n_results=k,
            where=_where(tenant_id, filters),
            include=["documents", "metadatas", "distances"],
        )
        return [
            Hit(chunk=self._chunk(meta, doc), score=round(1.0 - dist, 4))
            for doc, meta, dist in zip(
                result["documents"][0], result["metadatas"][0], result["distances"][0]
            )
        ]

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
