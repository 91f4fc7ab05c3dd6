"""Concurrent approvals against PostgreSQL, in a schema of the test's own.

PostgreSQL runs transactions truly in parallel, unlike SQLite's single writer, so
this is where the status guard and the version-number key must hold on their own.
"""

from __future__ import annotations

import json
import threading

import pytest

from coaching.proposal_models import ProposalRunRequest
from core.errors import Conflict
from core.records import Note
from llm.fake import QueuedFakeChatModel
from store.playbook_history import list_versions
from store.proposals import list_proposals
from tests.conftest import REPO
from tests.service.test_proposals_api import approve_together

pytestmark = pytest.mark.integration
TENANT = "default"
NEGOTIATION = "playbooks/proposal-and-negotiation.md"


@pytest.fixture
def rt(make_runtime, postgres_url):
    runtime = make_runtime(model=QueuedFakeChatModel([]), database_url=postgres_url)
    for path in sorted((REPO / "playbooks").glob("*.md")):
        runtime.ingestor.playbook(TENANT, f"playbooks/{path.name}", path.read_text())
    notes = [
        Note(**json.loads(line)) for line in open(REPO / "samples/notes/notes.jsonl")
    ]
    runtime.ingestor.notes(TENANT, notes)
    return runtime


def versions(rt, playbook):
    with rt.db.read() as conn:
        return list_versions(conn, TENANT, playbook)


def test_one_proposal_approved_from_many_threads_applies_once(rt):
    run = rt.proposer.run(TENANT, ProposalRunRequest(draft=False))
    proposal = next(p for p in run.proposals if p.theme == "success_criteria")

    results = approve_together(rt, [proposal.id] * 4)

    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(refused) == 3
    assert [v.version for v in versions(rt, proposal.playbook_id)] == [1, 2]
    assert rt.reviewer.get(TENANT, proposal.id).applied_version == 2


def test_proposals_on_one_playbook_approved_at_once_each_apply_in_turn(rt):
    run = rt.proposer.run(TENANT, ProposalRunRequest(draft=False))
    ids = [p.id for p in run.proposals if p.playbook_id == NEGOTIATION]
    assert len(ids) >= 2

    results = approve_together(rt, ids)

    assert not [r for r in results if isinstance(r, Conflict)]
    found = versions(rt, NEGOTIATION)
    assert [v.version for v in found] == list(range(1, len(ids) + 2))
    assert {v.proposal_id for v in found[1:]} == set(ids)


def test_two_mining_runs_at_once_store_each_proposal_once(rt):
    request = ProposalRunRequest(draft=False)
    start = threading.Barrier(2)
    runs = []

    def mine() -> None:
        start.wait()
        runs.append(rt.proposer.run(TENANT, request))

    threads = [threading.Thread(target=mine) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    made = [p.id for run in runs for p in run.proposals]
    assert len(runs) == 2 and made and len(made) == len(set(made))
    assert set(made) == set(runs[0].existing + [p.id for p in runs[0].proposals])
    with rt.db.read() as conn:
        stored = list_proposals(conn, TENANT, limit=500)
    assert sorted(p["id"] for p in stored) == sorted(made)
