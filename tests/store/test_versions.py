import pytest

from core.records import Chunk, Deal
from store import records
from store.db import Database, make_engine
from store.versions import bump_version, current_version


@pytest.fixture
def db(tmp_path):
    database = Database(make_engine(f"sqlite:///{tmp_path / 'v.db'}"))
    yield database
    database.close()


def chunk(tenant: str, n: int) -> Chunk:
    return Chunk(
        id=f"c{n}", tenant_id=tenant, kind="play", source="s.md", ordinal=n, text="t"
    )


def test_versions_start_at_zero_and_count_per_tenant(db):
    with db.begin() as conn:
        assert current_version(conn, "t1") == 0
        bump_version(conn, "t1")
        bump_version(conn, "t1")
        bump_version(conn, "t2")
    with db.read() as conn:
        assert (current_version(conn, "t1"), current_version(conn, "t2")) == (2, 1)


def test_writes_that_change_data_bump_and_unchanged_upserts_do_not(db):
    deal = Deal(id="D1", tenant_id="t1", stage="discovery")
    with db.begin() as conn:
        records.insert_chunks(conn, [chunk("t1", 1)])
        after_insert = current_version(conn, "t1")
        records.upsert_deal(conn, deal)
        after_deal = current_version(conn, "t1")
        records.upsert_deal(conn, deal)
        records.delete_chunks(conn, "t1", [])
        unchanged = current_version(conn, "t1")
        records.delete_chunks(conn, "t1", ["c1"])
        after_delete = current_version(conn, "t1")
    assert 0 < after_insert < after_deal == unchanged < after_delete


def test_a_rolled_back_write_leaves_the_version(db):
    with pytest.raises(RuntimeError), db.begin() as conn:
        records.insert_chunks(conn, [chunk("t1", 1)])
        raise RuntimeError("the index refused the write")
    with db.read() as conn:
        assert current_version(conn, "t1") == 0
