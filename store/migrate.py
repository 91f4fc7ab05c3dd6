"""Schema migrations (Alembic), applied whenever the store is opened.

A schema change is a new revision under ``store/migrations/versions``, written with
Alembic's autogenerate (``alembic.command.revision(config(conn), autogenerate=True)``)
against a database at head. ``tests/store/test_migrations.py`` fails while the tables
in code and the migrations disagree.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Connection, Engine, inspect, text

from store.schema import metadata

MIGRATIONS = Path(__file__).parent / "migrations"
# Any number; it only has to be the same in every process that migrates.
_PG_LOCK = 7_316_204


def config(conn: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest revision; workers starting together wait."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
        if _unversioned_but_built(conn):
            # Made by create_all before migrations existed: complete it to the
            # baseline's tables, then take it as the baseline.
            metadata.create_all(conn)
            command.stamp(config(conn), "0001")
        command.upgrade(config(conn), "head")


def current(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def _unversioned_but_built(conn: Connection) -> bool:
    tables = set(inspect(conn).get_table_names())
    return "chunks" in tables and "alembic_version" not in tables
