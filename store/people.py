"""Reps, their managers and teams, and which deals each rep owns.

A deal belongs to a rep when its ``owner`` names the rep by id or by name, compared
by ``person_key`` (so the CRM export's "Moses Frase" is rep ``moses-frase``). For
that to be unambiguous no two people of a tenant may share a key: an upsert that
would make two reps answer to the same owner is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Column, Connection, Index, String, Table, and_, select

from core.errors import Conflict, InvalidInput, NotFound
from core.records import Deal
from store.tables import deals, metadata

PERSON_ID = r"^[A-Za-z0-9][A-Za-z0-9._@-]*$"
# One line of text without control characters (PostgreSQL refuses NUL in text).
LINE = r"^[^\x00-\x1f\x7f]*$"

managers = Table(
    "managers",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("id", String(100), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("team", String(200), nullable=False, default=""),
    Column("source", String(500), nullable=False, default=""),
)

reps = Table(
    "reps",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("id", String(100), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("manager_id", String(100), nullable=False, default=""),
    Column("team", String(200), nullable=False, default=""),
    Column("source", String(500), nullable=False, default=""),
)
Index("ix_reps_manager", reps.c.tenant_id, reps.c.manager_id)


class Person(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(min_length=1, max_length=100, pattern=PERSON_ID)
    name: str = Field(min_length=1, max_length=200, pattern=LINE)
    team: str = Field(
        default="", max_length=200, pattern=LINE, description="team or office"
    )
    source: str = Field(default="", max_length=500, pattern=LINE)


class Manager(Person):
    pass


class Rep(Person):
    manager_id: str = Field(default="", max_length=100, pattern=f"^$|{PERSON_ID}")


def person_key(value: str) -> str:
    """Names and ids compared alike: 'Moses Frase' and 'moses-frase' share a key."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def _keys(person: Person) -> set[str]:
    return {person_key(person.id), person_key(person.name)} - {""}


def _upsert(conn: Connection, table: Table, tenant_id: str, row: dict) -> str:
    """Insert or update one person; returns added, updated or unchanged."""
    where = and_(table.c.tenant_id == tenant_id, table.c.id == row["id"])
    current = conn.execute(select(table).where(where)).mappings().first()
    if current is None:
        conn.execute(table.insert().values(tenant_id=tenant_id, **row))
        return "added"
    if all(current[k] == v for k, v in row.items()):
        return "unchanged"
    conn.execute(table.update().where(where).values(**row))
    return "updated"


def upsert_manager(conn: Connection, tenant_id: str, manager: Manager) -> str:
    return _upsert(conn, managers, _require(tenant_id), manager.model_dump())


def upsert_rep(conn: Connection, tenant_id: str, rep: Rep) -> str:
    """Insert or update a rep whose manager is known; refuses a clash of names."""
    if rep.manager_id and _row(conn, managers, tenant_id, rep.manager_id) is None:
        raise InvalidInput(
            f"rep {rep.id!r}: manager {rep.manager_id!r} is not known; add it first"
        )
    clash = [
        other
        for other in list_reps(conn, tenant_id)
        if other.id != rep.id and _keys(other) & _keys(rep)
    ]
    if clash:
        raise Conflict(
            f"rep {rep.id!r} ({rep.name}) would own the same deals as rep "
            f"{clash[0].id!r} ({clash[0].name}): ids and names must differ"
        )
    return _upsert(conn, reps, tenant_id, rep.model_dump())


def get_rep(conn: Connection, tenant_id: str, rep_id: str) -> Rep:
    row = _row(conn, reps, tenant_id, rep_id)
    if row is None:
        raise NotFound(f"no rep with id {rep_id!r}")
    return Rep.model_validate(row)


def get_manager(conn: Connection, tenant_id: str, manager_id: str) -> Manager:
    row = _row(conn, managers, tenant_id, manager_id)
    if row is None:
        raise NotFound(f"no manager with id {manager_id!r}")
    return Manager.model_validate(row)


def list_reps(
    conn: Connection, tenant_id: str, manager_id: str | None = None
) -> list[Rep]:
    """The tenant's reps by name, or only one manager's direct reports."""
    query = select(reps).where(reps.c.tenant_id == _require(tenant_id))
    if manager_id is not None:
        query = query.where(reps.c.manager_id == manager_id)
    rows = conn.execute(query.order_by(reps.c.name, reps.c.id)).mappings()
    return [Rep.model_validate(_person(row)) for row in rows]


def list_managers(conn: Connection, tenant_id: str) -> list[Manager]:
    query = select(managers).where(managers.c.tenant_id == _require(tenant_id))
    rows = conn.execute(query.order_by(managers.c.name, managers.c.id)).mappings()
    return [Manager.model_validate(_person(row)) for row in rows]


def owned_deals(
    conn: Connection,
    tenant_id: str,
    people: Iterable[Rep],
    stages: Iterable[str] | None = None,
) -> dict[str, list[Deal]]:
    """Each rep's deals, by rep id; owners are matched by ``person_key``."""
    by_key = {key: rep.id for rep in people for key in _keys(rep)}
    owners = _owners(conn, _require(tenant_id), by_key)
    found: dict[str, list[Deal]] = {rep_id: [] for rep_id in by_key.values()}
    if not owners:
        return found
    query = select(deals.c.owner, deals.c.record).where(
        deals.c.tenant_id == tenant_id, deals.c.owner.in_(list(owners))
    )
    if stages is not None:
        query = query.where(deals.c.stage.in_(list(stages)))
    for row in conn.execute(query.order_by(deals.c.id)):
        found[owners[row.owner]].append(Deal.model_validate(row.record))
    return found


def _owners(conn: Connection, tenant_id: str, by_key: dict[str, str]) -> dict:
    """Owner values as stored, mapped to the rep each one names."""
    rows = conn.execute(
        select(deals.c.owner).where(deals.c.tenant_id == tenant_id).distinct()
    )
    return {
        row.owner: by_key[person_key(row.owner)]
        for row in rows
        if person_key(row.owner) in by_key
    }


def _row(conn: Connection, table: Table, tenant_id: str, person_id: str):
    row = (
        conn.execute(
            select(table).where(
                table.c.tenant_id == _require(tenant_id), table.c.id == person_id
            )
        )
        .mappings()
        .first()
    )
    return _person(row) if row is not None else None


def _person(row) -> dict:
    return {k: v for k, v in row.items() if k != "tenant_id"}


def _require(tenant_id: str) -> str:
    if not tenant_id:
        raise ValueError("a tenant id is required for every query")
    return tenant_id
