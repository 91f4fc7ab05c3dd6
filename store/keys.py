"""API keys: stored as SHA-256 hashes, never in clear; revoked keys stay on record."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import Column, Connection, DateTime, String, Table, select, update

from core.errors import NotFound
from store.tables import metadata

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("tenant_id", String(64), nullable=False),
    Column("role", String(16), nullable=False),
    Column("person_id", String(100), nullable=True),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

PREFIX = "sk_sideline_"


@dataclass(frozen=True)
class ApiKey:
    id: str
    tenant_id: str
    role: str
    person_id: str | None
    revoked: bool


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_key(
    conn: Connection, tenant_id: str, role: str, person_id: str | None = None
) -> tuple[ApiKey, str]:
    """A new key; the secret is returned once and only its hash is kept."""
    key_id = secrets.token_hex(6)
    secret = f"{PREFIX}{key_id}_{secrets.token_urlsafe(24)}"
    conn.execute(
        api_keys.insert().values(
            id=key_id,
            tenant_id=tenant_id,
            role=role,
            person_id=person_id,
            key_hash=_hash(secret),
            created_at=dt.datetime.now(dt.UTC),
        )
    )
    return ApiKey(key_id, tenant_id, role, person_id, False), secret


def find_key(conn: Connection, secret: str) -> ApiKey | None:
    """The live key with this secret, or None (unknown and revoked look the same)."""
    row = conn.execute(
        select(api_keys).where(
            api_keys.c.key_hash == _hash(secret), api_keys.c.revoked_at.is_(None)
        )
    ).first()
    if row is None:
        return None
    return ApiKey(row.id, row.tenant_id, row.role, row.person_id, False)


def revoke_key(conn: Connection, key_id: str) -> None:
    done = conn.execute(
        update(api_keys)
        .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
        .values(revoked_at=dt.datetime.now(dt.UTC))
    )
    if done.rowcount == 0:
        raise NotFound(f"no live key with id {key_id!r}")


def list_keys(conn: Connection, tenant_id: str | None = None) -> list[ApiKey]:
    query = select(api_keys).order_by(api_keys.c.created_at)
    if tenant_id is not None:
        query = query.where(api_keys.c.tenant_id == tenant_id)
    return [
        ApiKey(r.id, r.tenant_id, r.role, r.person_id, r.revoked_at is not None)
        for r in conn.execute(query)
    ]
