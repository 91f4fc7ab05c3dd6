"""Table definitions (SQLAlchemy Core)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

chunks = Table(
    "chunks",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("id", String(32), primary_key=True),
    Column("kind", String(8), nullable=False),
    Column("source", String(500), nullable=False),
    Column("heading_key", String(1000), nullable=False),
    Column("ordinal", Integer, nullable=False),
    Column("parent_id", String(200), nullable=False, default=""),
    Column("record", JSON, nullable=False),
    UniqueConstraint("tenant_id", "kind", "source", "heading_key", "ordinal"),
)
Index("ix_chunks_source", chunks.c.tenant_id, chunks.c.kind, chunks.c.source)
Index("ix_chunks_parent", chunks.c.tenant_id, chunks.c.parent_id)

notes = Table(
    "notes",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("id", String(100), primary_key=True),
    Column("outcome", String(16), nullable=False),
    Column("source", String(500), nullable=False, default=""),
    Column("record", JSON, nullable=False),
)

deals = Table(
    "deals",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("id", String(100), primary_key=True),
    Column("stage", String(16), nullable=False),
    Column("owner", String(200), nullable=False, default=""),
    Column("amount", Float, nullable=True),
    Column("record", JSON, nullable=False),
)
Index("ix_deals_owner", deals.c.tenant_id, deals.c.owner)

briefs = Table(
    "briefs",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("id", String(32), primary_key=True),
    Column("deal_id", String(100), nullable=False),
    Column("owner", String(200), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("request", JSON, nullable=False),
    Column("brief", JSON, nullable=False),
)

feedback = Table(
    "feedback",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("id", String(32), primary_key=True),
    Column("subject_kind", String(16), nullable=False),
    Column("subject_id", String(32), nullable=False),
    Column("useful", Integer, nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
