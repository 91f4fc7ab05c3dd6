import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from ingest.reindex import reindex
from store.tables import chunks
from tests.builders import PLAYBOOK
from tests.conftest import REPO


def stored_ids(rt, tenant):
    with rt.db.read() as conn:
        rows = conn.execute(select(chunks.c.id).where(chunks.c.tenant_id == tenant))
        return {row.id for row in rows}


def test_reindex_rebuilds_a_wiped_index_and_drops_orphans(make_runtime):
    rt = make_runtime()
    rt.ingestor.playbook("t1", "d.md", PLAYBOOK)
    rt.ingestor.playbook("t2", "d.md", PLAYBOOK)
    rt.index.delete("t1", sorted(rt.index.ids("t1")))
    orphan = rt.index.search("t2", "price", k=1)[0].chunk.model_copy(
        update={"id": "orphan", "tenant_id": "t3"}
    )
    rt.index.upsert([orphan])

    counts = reindex(rt.db, rt.index)

    assert counts["dropped"] == 1 and counts["indexed"] == len(stored_ids(rt, "t1"))
    for tenant in ("t1", "t2"):
        assert rt.index.ids(tenant) == stored_ids(rt, tenant)
    assert rt.index.ids("t3") == set()
    assert reindex(rt.db, rt.index)["indexed"] == 0


def test_re_ingest_heals_chunks_the_index_lost(make_runtime):
    rt = make_runtime()
    first = rt.ingestor.playbook("t1", "d.md", PLAYBOOK)
    lost = sorted(rt.index.ids("t1"))[:2]
    rt.index.delete("t1", lost)

    again = rt.ingestor.playbook("t1", "d.md", PLAYBOOK)

    assert again["unchanged"] == first["added"]
    assert rt.index.ids("t1") == stored_ids(rt, "t1")


def write_corpus(folder, files=150):
    folder.mkdir()
    for n in range(files):
        sections = "\n\n".join(
            f"## Step {k} of play {n}\n\nAsk question {k} about pain number {n}."
            for k in range(4)
        )
        (folder / f"play{n:03}.md").write_text(f"# Play {n}\n\n{sections}\n")


def ingest_cmd(data_dir, folder):
    env = {**os.environ, "SIDELINE_DATA_DIR": str(data_dir)}
    cmd = [sys.executable, "-m", "cli.main", "ingest", str(folder)]
    return cmd, env


def chunk_count(db_file) -> int:
    import sqlite3

    if not db_file.exists():
        return 0
    try:
        with sqlite3.connect(db_file, timeout=5) as conn:
            return conn.execute("select count(*) from chunks").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


@pytest.mark.slow
def test_an_ingest_killed_half_way_loses_nothing_after_a_re_run(tmp_path):
    from core.settings import Settings
    from service.runtime import Runtime

    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    data = tmp_path / "var"
    cmd, env = ingest_cmd(data, corpus)
    proc = subprocess.Popen(
        cmd, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while chunk_count(data / "sideline.db") < 40 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    killed_at = chunk_count(data / "sideline.db")
    assert 0 < killed_at < 600, "the ingest was not interrupted half-way"

    rerun = subprocess.run(
        cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert rerun.returncode == 0, rerun.stderr

    rt = Runtime(Settings(data_dir=data))
    try:
        tenant = rt.settings.tenant
        assert len(stored_ids(rt, tenant)) == 150 * 4  # the four steps of each play
        assert rt.index.ids(tenant) == stored_ids(rt, tenant)
    finally:
        rt.close()
