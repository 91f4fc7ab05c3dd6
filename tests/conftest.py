"""Shared fixtures: fake embeddings with known geometry and a runtime on temp dirs."""

from __future__ import annotations

import hashlib
import math
import re
from contextlib import contextmanager
from pathlib import Path

import pytest

from core.settings import Settings

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
REPO = Path(__file__).resolve().parents[1]


class HashEmbedder:
    """Bag-of-words vectors: texts sharing words are close, disjoint ones orthogonal.

    Fast and deterministic, so retrieval logic is tested without loading a model.
    """

    dim = 256

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        for word in re.findall(r"[a-z0-9]+", text.lower()):
            bucket = int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim
            vec[bucket] += 1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "var", llm_backend="fake", reference_date="2026-12-04"
    )


@pytest.fixture
def make_runtime(settings: Settings):
    from service.runtime import Runtime

    made = []

    def build(model=None, embedder=None, **overrides):
        chosen = settings.model_copy(update=overrides) if overrides else settings
        rt = Runtime(chosen, embedder=embedder or HashEmbedder(), model=model)
        made.append(rt)
        return rt

    yield build
    for rt in made:
        rt.close()


def needs_shared_data() -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not SHARED_DATA.is_dir(),
        reason=f"the shared sales data folder is not at {SHARED_DATA}",
    )


POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _postgres_reachable() -> bool:
    from sqlalchemy import create_engine, text

    engine = create_engine(POSTGRES, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
    finally:
        engine.dispose()


requires_postgres = pytest.mark.skipif(
    not _postgres_reachable(),
    reason="no PostgreSQL at 127.0.0.1:5432 (trust auth, database test)",
)


@contextmanager
def postgres_schema_url():
    """A URL whose connections work in a fresh schema, dropped afterwards."""
    import uuid

    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES, connect_args={"connect_timeout": 3})
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def postgres_url():
    """A PostgreSQL URL in a schema of its own; the test skips if there is no server."""
    if not _postgres_reachable():
        pytest.skip("no PostgreSQL at 127.0.0.1:5432 (trust auth, database test)")
    with postgres_schema_url() as url:
        yield url
