"""Playbook history: every distinct content of a playbook, kept as an immutable version.

A playbook's id is its source name (``playbooks/discovery.md``). Each ingest whose
text differs from the current version appends version n + 1 with the text stored
byte for byte, and a snapshot of its plays (heading path, ordinal, chunk id, text).
Nothing here updates or deletes a version; a removed playbook keeps its history and
is only marked inactive. The current version is the one whose plays retrieval serves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from pydantic import BaseModel, field_validator
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    ForeignKeyConstraint,
    Integer,
    String,
    Table,
    Text,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from core.errors import Conflict
from core.records import Chunk
from store.tables import metadata

playbooks = Table(
    "playbooks",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("id", String(500), primary_key=True),
    Column("current_version", Integer, nullable=False),
    Column("active", Boolean, nullable=False),  # False once its file was removed
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# The primary key is the guard that keeps two writers from both adding version n.
playbook_versions = Table(
    "playbook_versions",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("playbook_id", String(500), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("title", String(300), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("author", String(200), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("proposal_id", String(32), nullable=True),
)

play_versions = Table(
    "play_versions",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("playbook_id", String(500), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("heading_key", String(1000), nullable=False),
    Column("ordinal", Integer, nullable=False),
    Column("chunk_id", String(32), nullable=False),
    Column("text", Text, nullable=False),
    ForeignKeyConstraint(
        ["tenant_id", "playbook_id", "version"],
        [
            playbook_versions.c.tenant_id,
            playbook_versions.c.playbook_id,
            playbook_versions.c.version,
        ],
    ),
)


@dataclass(frozen=True)
class VersionNote:
    """Who makes a version and why; ``expected_version`` refuses a stale base."""

    author: str = "ingest"
    reason: str = ""
    proposal_id: str | None = None
    expected_version: int | None = None


def utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive times; every time stored here was written in UTC."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


class VersionInfo(BaseModel):
    playbook_id: str
    version: int
    content_hash: str
    title: str
    created_at: dt.datetime
    author: str
    reason: str
    proposal_id: str | None = None

    @field_validator("created_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        return utc(value)


class PlaybookVersion(VersionInfo):
    text: str


class PlaybookHead(BaseModel):
    id: str
    current_version: int
    active: bool
    updated_at: dt.datetime
    title: str = ""

    @field_validator("updated_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        return utc(value)


class PlayVersion(BaseModel):
    version: int
    heading_path: list[str]
    ordinal: int
    chunk_id: str
    text: str


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_version(
    conn: Connection,
    tenant_id: str,
    playbook_id: str,
    text: str,
    title: str,
    plays: list[Chunk],
    note: VersionNote,
) -> int | None:
    """Append a version for new content; None when the text is already current.

    Raises ``Conflict`` when ``note.expected_version`` is no longer current, or when
    another writer added the same version number first.
    """
    head = _head(conn, tenant_id, playbook_id)
    current = head.current_version if head else 0
    if note.expected_version is not None and current != note.expected_version:
        raise Conflict(
            f"{playbook_id} is at version {current}, not {note.expected_version}",
            reason="version_moved",
        )
    digest = content_hash(text)
    if head is not None and _hash_of(conn, tenant_id, playbook_id, current) == digest:
        if not head.active:
            _move_head(conn, tenant_id, playbook_id, current, current, active=True)
        return None
    version = current + 1
    _insert_version(conn, tenant_id, playbook_id, version, text, title, note, plays)
    if head is None:
        _insert_head(conn, tenant_id, playbook_id, version)
    else:
        _move_head(conn, tenant_id, playbook_id, current, version, active=True)
    return version


def mark_removed(conn: Connection, tenant_id: str, playbook_id: str) -> None:
    """The playbook's file is gone: retrieval stops serving it; history stays."""
    conn.execute(
        update(playbooks)
        .where(playbooks.c.tenant_id == tenant_id, playbooks.c.id == playbook_id)
        .values(active=False, updated_at=_now())
    )


def _insert_version(
    conn: Connection,
    tenant_id: str,
    playbook_id: str,
    version: int,
    text: str,
    title: str,
    note: VersionNote,
    plays: list[Chunk],
) -> None:
    row = dict(
        tenant_id=tenant_id,
        playbook_id=playbook_id,
        version=version,
        text=text,
        content_hash=content_hash(text),
        title=title[:300],
        created_at=_now(),
        author=note.author[:200],
        reason=note.reason,
        proposal_id=note.proposal_id,
    )
    try:
        conn.execute(insert(playbook_versions).values(**row))
    except IntegrityError as exc:
        raise _raced(playbook_id, version) from exc
    if plays:
        conn.execute(
            insert(play_versions),
            [
                dict(
                    tenant_id=tenant_id,
                    playbook_id=playbook_id,
                    version=version,
                    position=position,
                    heading_key=play.slot[1],
                    ordinal=play.ordinal,
                    chunk_id=play.id,
                    text=play.text,
                )
                for position, play in enumerate(plays)
            ],
        )


def _insert_head(conn: Connection, tenant_id: str, playbook_id: str, version: int):
    try:
        conn.execute(
            insert(playbooks).values(
                tenant_id=tenant_id,
                id=playbook_id,
                current_version=version,
                active=True,
                updated_at=_now(),
            )
        )
    except IntegrityError as exc:
        raise _raced(playbook_id, version) from exc


def _move_head(
    conn: Connection,
    tenant_id: str,
    playbook_id: str,
    expected: int,
    version: int,
    *,
    active: bool,
) -> None:
    """Point the head at ``version`` only if it still points at ``expected``."""
    moved = conn.execute(
        update(playbooks)
        .where(
            playbooks.c.tenant_id == tenant_id,
            playbooks.c.id == playbook_id,
            playbooks.c.current_version == expected,
        )
        .values(current_version=version, active=active, updated_at=_now())
    )
    if moved.rowcount != 1:
        raise _raced(playbook_id, version)


def _raced(playbook_id: str, version: int) -> Conflict:
    return Conflict(
        f"another change to {playbook_id} added version {version} at the same time",
        reason="version_moved",
    )


def _head(conn: Connection, tenant_id: str, playbook_id: str):
    return conn.execute(
        select(playbooks).where(
            playbooks.c.tenant_id == tenant_id, playbooks.c.id == playbook_id
        )
    ).first()


def _hash_of(conn: Connection, tenant_id: str, playbook_id: str, version: int) -> str:
    return conn.execute(
        select(playbook_versions.c.content_hash).where(
            playbook_versions.c.tenant_id == tenant_id,
            playbook_versions.c.playbook_id == playbook_id,
            playbook_versions.c.version == version,
        )
    ).scalar_one_or_none()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
