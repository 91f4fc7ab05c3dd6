"""Reading playbook history: the playbooks, their versions and the plays of each.

Every function takes the tenant first. Unknown playbooks and versions raise
``NotFound`` with the id the caller gave.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from core.errors import NotFound
from store.playbooks import (
    PlaybookHead,
    PlaybookVersion,
    PlayVersion,
    VersionInfo,
    play_versions,
    playbook_versions,
    playbooks,
)


def list_playbooks(
    conn: Connection, tenant_id: str, *, include_removed: bool = False
) -> list[PlaybookHead]:
    query = (
        select(playbooks, playbook_versions.c.title)
        .join(
            playbook_versions,
            (playbook_versions.c.tenant_id == playbooks.c.tenant_id)
            & (playbook_versions.c.playbook_id == playbooks.c.id)
            & (playbook_versions.c.version == playbooks.c.current_version),
        )
        .where(playbooks.c.tenant_id == tenant_id)
        .order_by(playbooks.c.id)
    )
    if not include_removed:
        query = query.where(playbooks.c.active.is_(True))
    return [PlaybookHead.model_validate(row._asdict()) for row in conn.execute(query)]


def get_head(conn: Connection, tenant_id: str, playbook_id: str) -> PlaybookHead:
    row = conn.execute(
        select(playbooks).where(
            playbooks.c.tenant_id == tenant_id, playbooks.c.id == playbook_id
        )
    ).first()
    if row is None:
        raise NotFound(f"no playbook with id {playbook_id!r}")
    return PlaybookHead.model_validate(row._asdict())


def get_version(
    conn: Connection, tenant_id: str, playbook_id: str, version: int | None = None
) -> PlaybookVersion:
    """One version with its text; the current one when ``version`` is None."""
    if version is None:
        version = get_head(conn, tenant_id, playbook_id).current_version
    row = conn.execute(
        select(playbook_versions).where(
            playbook_versions.c.tenant_id == tenant_id,
            playbook_versions.c.playbook_id == playbook_id,
            playbook_versions.c.version == version,
        )
    ).first()
    if row is None:
        get_head(conn, tenant_id, playbook_id)  # an unknown playbook says so first
        raise NotFound(f"{playbook_id} has no version {version}")
    return PlaybookVersion.model_validate(row._asdict())


def list_versions(
    conn: Connection, tenant_id: str, playbook_id: str
) -> list[VersionInfo]:
    """Every version, oldest first, without their texts."""
    get_head(conn, tenant_id, playbook_id)
    columns = [c for c in playbook_versions.c if c.name not in ("text", "tenant_id")]
    rows = conn.execute(
        select(*columns)
        .where(
            playbook_versions.c.tenant_id == tenant_id,
            playbook_versions.c.playbook_id == playbook_id,
        )
        .order_by(playbook_versions.c.version)
    )
    return [VersionInfo.model_validate(row._asdict()) for row in rows]


def version_plays(
    conn: Connection, tenant_id: str, playbook_id: str, version: int
) -> list[PlayVersion]:
    rows = conn.execute(
        select(play_versions)
        .where(
            play_versions.c.tenant_id == tenant_id,
            play_versions.c.playbook_id == playbook_id,
            play_versions.c.version == version,
        )
        .order_by(play_versions.c.position)
    )
    return [_play(row) for row in rows]


def play_history(
    conn: Connection, tenant_id: str, playbook_id: str, heading_path: list[str]
) -> list[PlayVersion]:
    """The versions in which the plays under one heading path changed, oldest first.

    A version where the heading path has no plays at all is returned as one entry
    with ordinal -1 and empty text, so a removal shows in the history.
    """
    key = " > ".join(heading_path)
    rows = conn.execute(
        select(play_versions)
        .where(
            play_versions.c.tenant_id == tenant_id,
            play_versions.c.playbook_id == playbook_id,
            play_versions.c.heading_key == key,
        )
        .order_by(play_versions.c.version, play_versions.c.ordinal)
    ).all()
    versions = [v.version for v in list_versions(conn, tenant_id, playbook_id)]
    return _changes([_play(row) for row in rows], versions, heading_path)


def _changes(
    plays: list[PlayVersion], versions: list[int], heading_path: list[str]
) -> list[PlayVersion]:
    by_version: dict[int, list[PlayVersion]] = {}
    for play in plays:
        by_version.setdefault(play.version, []).append(play)
    history: list[PlayVersion] = []
    before: list[str] | None = None
    for version in versions:
        now = by_version.get(version, [])
        ids = [p.chunk_id for p in now]
        if ids != before and (now or before):
            gone = PlayVersion(
                version=version,
                heading_path=heading_path,
                ordinal=-1,
                chunk_id="",
                text="",
            )
            history.extend(now or [gone])
        before = ids
    return history


def _play(row) -> PlayVersion:
    return PlayVersion(
        version=row.version,
        heading_path=row.heading_key.split(" > ") if row.heading_key else [],
        ordinal=row.ordinal,
        chunk_id=row.chunk_id,
        text=row.text,
    )
