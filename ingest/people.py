"""Reps and managers from a CRM export's teams file, stored with its deals.

The export names people, not ids, so each person's id is ``person_key`` of their name
("Moses Frase" becomes ``moses-frase``): the same file always gives the same ids, and
the deals it imports (whose owner is the agent's name) resolve to those reps.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection

from core.errors import FileRejected
from ingest.deals import PIPELINE_FILE, TEAMS_FILE, load_crm_teams
from ingest.files import column_key
from store.people import Manager, Rep, person_key, upsert_manager, upsert_rep


@dataclass
class People:
    """Managers and their reps, to be stored in the transaction of an import."""

    managers: list[Manager] = field(default_factory=list)
    reps: list[Rep] = field(default_factory=list)

    def upsert(self, conn: Connection, tenant_id: str) -> Counter:
        counts: Counter = Counter()
        for manager in self.managers:
            counts[f"managers_{upsert_manager(conn, tenant_id, manager)}"] += 1
        for rep in self.reps:
            counts[f"reps_{upsert_rep(conn, tenant_id, rep)}"] += 1
        return counts


def is_crm_export(path: Path) -> bool:
    """Whether the file (or the folder's pipeline file) is the CRM pipeline export."""
    if path.is_dir():
        path = path / PIPELINE_FILE
    if path.suffix.lower() != ".csv" or not path.is_file():
        return False
    with path.open("r", encoding="utf-8-sig", errors="replace") as handle:
        header = handle.readline()
    columns = {column_key(name.strip().strip('"')) for name in header.split(",")}
    return {"opportunity_id", "deal_stage"} <= columns


def crm_people(path: Path, source: str, *, max_bytes: int = 5_000_000) -> People:
    """The people of the teams file beside a CRM export (none if it has no such file).

    ``source`` is the machine-independent name of the teams file's folder.
    """
    teams = load_crm_teams(path, max_bytes=max_bytes)
    origin = f"{source}/{TEAMS_FILE}"
    managers: dict[str, Manager] = {}
    reps: dict[str, Rep] = {}
    for row in teams:
        manager_id = _id(row["manager"], origin) if row["manager"] else ""
        if manager_id and manager_id not in managers:
            managers[manager_id] = Manager(
                id=manager_id,
                name=row["manager"],
                team=row["regional_office"],
                source=origin,
            )
        rep = Rep(
            id=_id(row["name"], origin),
            name=row["name"],
            manager_id=manager_id,
            team=row["regional_office"],
            source=origin,
        )
        if rep.id in reps and reps[rep.id] != rep:
            other = reps[rep.id].name
            raise FileRejected(
                origin, f"{other} and {rep.name} are both rep {rep.id!r}, differently"
            )
        reps[rep.id] = rep
    return People(list(managers.values()), list(reps.values()))


def _id(name: str, origin: str) -> str:
    key = person_key(name)
    if not key:
        raise FileRejected(
            origin, f"{name!r} gives no usable id (no letters or digits)"
        )
    return key
