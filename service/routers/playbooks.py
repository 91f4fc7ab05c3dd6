"""Playbook history: the playbooks, their versions, a version's text, plays and diffs.

Playbook ids are their source names and hold slashes (``sales/discovery.md``), so
each route takes the id as a path and names what it wants after it:
``/v1/playbooks/sales/discovery.md/versions``. The suffixed routes are matched
first; a playbook whose own name ends in ``/versions``, ``/diff``, ``/plays`` or
``/history`` is reached with ``?version=`` on the plain route or not at all.
Adding a playbook is ``POST /v1/playbooks`` (the ingest router).
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel

from coaching.review import unified
from core.errors import InvalidInput
from service.deps import get_runtime, get_tenant
from service.runtime import Runtime
from store.playbook_history import (
    get_head,
    get_version,
    list_playbooks,
    list_versions,
    play_history,
    version_plays,
)
from store.playbooks import PlaybookHead, PlaybookVersion, PlayVersion, VersionInfo

router = APIRouter(prefix="/v1/playbooks", tags=["playbooks"])
MAX_VERSION = 2**31 - 1  # the largest version number an SQL INTEGER holds
# Plain-text answers are returned as responses, not declared as the route's class,
# so that their error answers stay documented as JSON.
TEXT = {"content": {"text/plain": {}}, "description": "A unified diff"}


class PlaybookList(BaseModel):
    playbooks: list[PlaybookHead]


class VersionList(BaseModel):
    playbook_id: str
    current_version: int
    active: bool
    versions: list[VersionInfo]


class PlaybookOut(PlaybookVersion):
    current: bool
    active: bool


class PlaysOut(BaseModel):
    playbook_id: str
    version: int
    plays: list[PlayVersion]


class HistoryOut(BaseModel):
    playbook_id: str
    section: list[str]
    changes: list[PlayVersion]


@router.get("", response_model=PlaybookList)
def playbooks(
    include_removed: bool = False,
    rt: Runtime = Depends(get_runtime),
    tenant: str = Depends(get_tenant),
) -> PlaybookList:
    """Every playbook with its current version; removed ones on request."""
    with rt.db.read() as conn:
        found = list_playbooks(conn, tenant, include_removed=include_removed)
    return PlaybookList(playbooks=found)


@router.get("/{playbook_id:path}/versions", response_model=VersionList)
def versions(
    playbook_id: str, rt: Runtime = Depends(get_runtime), tenant=Depends(get_tenant)
) -> VersionList:
    with rt.db.read() as conn:
        head = get_head(conn, tenant, playbook_id)
        found = list_versions(conn, tenant, playbook_id)
    return VersionList(
        playbook_id=playbook_id,
        current_version=head.current_version,
        active=head.active,
        versions=found,
    )


@router.get("/{playbook_id:path}/diff", response_model=None, responses={200: TEXT})
def diff(
    playbook_id: str,
    from_version: int = Query(alias="from", ge=1, le=MAX_VERSION),
    to_version: int | None = Query(default=None, alias="to", ge=1, le=MAX_VERSION),
    rt: Runtime = Depends(get_runtime),
    tenant: str = Depends(get_tenant),
) -> PlainTextResponse:
    """A unified diff between two versions (``to`` defaults to the current one)."""
    with rt.db.read() as conn:
        before = get_version(conn, tenant, playbook_id, from_version)
        after = get_version(conn, tenant, playbook_id, to_version)
    return PlainTextResponse(unified(before, after.text, f"v{after.version}"))


@router.get("/{playbook_id:path}/plays", response_model=PlaysOut)
def plays(
    playbook_id: str,
    version: int | None = Query(default=None, ge=1, le=MAX_VERSION),
    rt: Runtime = Depends(get_runtime),
    tenant: str = Depends(get_tenant),
) -> PlaysOut:
    """The plays of one version (current by default), with their chunk ids."""
    with rt.db.read() as conn:
        chosen = get_version(conn, tenant, playbook_id, version)
        found = version_plays(conn, tenant, playbook_id, chosen.version)
    return PlaysOut(playbook_id=playbook_id, version=chosen.version, plays=found)


@router.get("/{playbook_id:path}/history", response_model=HistoryOut)
def history(
    playbook_id: str,
    section: str = Query(
        min_length=1, max_length=1000, description="Heading path, ' > ' between"
    ),
    rt: Runtime = Depends(get_runtime),
    tenant: str = Depends(get_tenant),
) -> HistoryOut:
    """The versions in which one section's plays changed, oldest first."""
    path = [part.strip() for part in section.split(" > ")]
    with rt.db.read() as conn:
        changes = play_history(conn, tenant, playbook_id, path)
    if not changes:
        raise InvalidInput(f"no version of {playbook_id} has a section {section!r}")
    return HistoryOut(playbook_id=playbook_id, section=path, changes=changes)


@router.get(
    "/{playbook_id:path}",
    response_model=PlaybookOut,
    responses={200: {"content": {"text/markdown": {}}, "description": "raw text"}},
)
def playbook(
    playbook_id: str,
    version: int | None = Query(default=None, ge=1, le=MAX_VERSION),
    format: Literal["json", "raw"] = "json",
    rt: Runtime = Depends(get_runtime),
    tenant: str = Depends(get_tenant),
):
    """One version (the current one by default); ``format=raw`` gives the exact text."""
    with rt.db.read() as conn:
        head = get_head(conn, tenant, playbook_id)
        found = get_version(conn, tenant, playbook_id, version)
    if format == "raw":
        return PlainTextResponse(found.text, media_type="text/markdown")
    return PlaybookOut(
        **found.model_dump(),
        current=found.version == head.current_version,
        active=head.active,
    )
