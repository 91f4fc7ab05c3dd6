"""A per-tenant data version: a counter bumped by every write that changes what
retrieval or a brief would see.

Processes that keep derived state in memory (the keyword index, the brief cache)
compare the version they built from with the stored one and rebuild when it moved,
so several workers stay correct whichever of them ingested. Bump inside the writing
transaction: a reader then never sees new data under an old version for long.
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, Integer, String, Table, select, update
from sqlalchemy.dialects import postgresql, sqlite

from store.tables import metadata

data_versions = Table(
    "data_versions",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("version", Integer, nullable=False),
)


def current_version(conn: Connection, tenant_id: str) -> int:
    """The tenant's data version; 0 before its first write."""
    row = conn.execute(
        select(data_versions.c.version).where(data_versions.c.tenant_id == tenant_id)
    ).first()
    return row.version if row else 0


def bump_version(conn: Connection, tenant_id: str) -> None:
    """Add one to the tenant's data version, creating it at 1.

    One statement, so two writers bumping at once both count: an upsert where the
    database has one, else an update followed by an insert.
    """
    if not tenant_id:
        raise ValueError("a tenant id is required for every query")
    dialect = {"sqlite": sqlite, "postgresql": postgresql}.get(conn.dialect.name)
    if dialect is not None:
        statement = dialect.insert(data_versions).values(tenant_id=tenant_id, version=1)
        conn.execute(
            statement.on_conflict_do_update(
                index_elements=[data_versions.c.tenant_id],
                set_={"version": data_versions.c.version + 1},
            )
        )
        return
    changed = conn.execute(
        update(data_versions)
        .where(data_versions.c.tenant_id == tenant_id)
        .values(version=data_versions.c.version + 1)
    )
    if not changed.rowcount:
        conn.execute(data_versions.insert().values(tenant_id=tenant_id, version=1))
