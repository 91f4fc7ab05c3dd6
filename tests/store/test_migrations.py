"""Migrations build exactly the tables the code defines, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from store.migrate import current, upgrade
from store.schema import metadata
from tests.conftest import postgres_schema_url, requires_postgres


def assert_matches_code(engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == [], f"tables and migrations disagree; add a revision: {diff}"
        assert current(conn) is not None


def test_sqlite_at_head_matches_the_tables_in_code(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    upgrade(engine)
    upgrade(engine)  # a second start-up finds nothing to do
    assert_matches_code(engine)
    assert set(metadata.tables) <= set(inspect(engine).get_table_names())


def test_a_store_built_before_migrations_is_adopted(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    metadata.create_all(engine)
    upgrade(engine)
    with engine.connect() as conn:
        assert current(conn) == "0001"


@requires_postgres
def test_postgresql_at_head_matches_the_tables_in_code():
    with postgres_schema_url() as url:
        engine = create_engine(url)
        upgrade(engine)
        assert_matches_code(engine)
        engine.dispose()
