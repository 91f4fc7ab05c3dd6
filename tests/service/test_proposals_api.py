import json
import threading

import pytest
from fastapi.testclient import TestClient

from core.errors import Conflict
from llm.fake import QueuedFakeChatModel
from service.app import create_app
from service.deps import Caller, get_caller
from store import records
from store.playbook_history import list_versions
from tests.conftest import REPO, HashEmbedder

TENANT = "default"
CRITERIA = "playbooks/demo-and-evaluation.md"
NEGOTIATION = "playbooks/proposal-and-negotiation.md"
NOTES = [json.loads(line) for line in open(REPO / "samples/notes/notes.jsonl")]


class CountingEmbedder(HashEmbedder):
    """Bag-of-words vectors that remember every text embedded for the index."""

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded.extend(texts)
        return super().embed_documents(texts)


@pytest.fixture
def embedder():
    return CountingEmbedder()


@pytest.fixture
def rt(make_runtime, embedder):
    return make_runtime(model=QueuedFakeChatModel([]), embedder=embedder)


@pytest.fixture
def client(rt):
    with TestClient(create_app(runtime=rt)) as c:
        for path in sorted((REPO / "playbooks").glob("*.md")):
            body = {"source": f"playbooks/{path.name}", "content": path.read_text()}
            assert c.post("/v1/playbooks", json=body).status_code == 200
        assert c.post("/v1/notes", json={"notes": NOTES}).status_code == 200
        yield c


@pytest.fixture
def mined(client):
    resp = client.post("/v1/playbook-proposals", json={"draft": False})
    assert resp.status_code == 200, resp.text
    return resp.json()["proposals"]


def pick(proposals, theme):
    return next(p for p in proposals if p["theme"] == theme)


def playbook_text(client, playbook):
    return client.get(f"/v1/playbooks/{playbook}", params={"format": "raw"}).text


def test_mined_proposals_can_be_listed_filtered_and_read(client, mined):
    listed = client.get("/v1/playbook-proposals").json()["proposals"]
    strong = client.get("/v1/playbook-proposals", params={"strength": "strong"})
    here = client.get("/v1/playbook-proposals", params={"playbook": CRITERIA})

    assert {p["id"] for p in listed} == {p["id"] for p in mined}
    assert strong.json()["proposals"]
    assert all(p["strength"] == "strong" for p in strong.json()["proposals"])
    assert {p["playbook_id"] for p in here.json()["proposals"]} == {CRITERIA}
    one = client.get(f"/v1/playbook-proposals/{mined[0]['id']}").json()
    assert one == mined[0]


def test_every_quoted_passage_appears_in_its_note_as_the_api_serves_it(client, mined):
    for proposal in mined:
        for item in proposal["evidence"]:
            note = client.get(f"/v1/notes/{item['note_id']}").json()
            assert item["quote"] in note[item["field"]], item


def test_approval_reindexes_only_the_changed_plays(client, mined, rt, embedder):
    proposal = pick(mined, "success_criteria")
    section = " > ".join(proposal["section"])
    with rt.db.read() as conn:
        before = records.source_chunks(conn, TENANT, "play", CRITERIA)
    ids_before = rt.index.ids(TENANT)
    embedder.embedded.clear()

    resp = client.post(f"/v1/playbook-proposals/{proposal['id']}/approve")
    assert resp.status_code == 200, resp.text
    with rt.db.read() as conn:
        after = records.source_chunks(conn, TENANT, "play", CRITERIA)

    ids_after = rt.index.ids(TENANT)
    gone, new = ids_before - ids_after, ids_after - ids_before
    assert gone == {c.id for c in before if " > ".join(c.heading_path) == section}
    assert new == {c.id for c in after if " > ".join(c.heading_path) == section}
    assert sorted(embedder.embedded) == sorted(c.text for c in after if c.id in new)
    counts = resp.json()["reindexed"]
    assert counts["added"] + counts["updated"] == len(new)
    assert counts["unchanged"] == len(before) - len(gone)


def test_approval_makes_a_version_that_records_who_and_why(client, mined):
    proposal = pick(mined, "success_criteria")
    review = client.post(
        f"/v1/playbook-proposals/{proposal['id']}/approve",
        json={"comment": "matches what we hear"},
    ).json()["proposal"]
    versions = client.get(f"/v1/playbooks/{CRITERIA}/versions").json()

    assert review["status"] == "approved" and review["applied_version"] == 2
    assert review["reviewer"] == "admin:local" and review["decided_at"]
    latest = versions["versions"][-1]
    assert versions["current_version"] == 2
    assert latest["proposal_id"] == proposal["id"] and latest["author"] == "admin:local"
    assert "matches what we hear" in latest["reason"]
    assert proposal["proposed_text"] in playbook_text(client, CRITERIA)


def test_approving_twice_is_a_conflict_and_changes_nothing(client, mined):
    proposal = pick(mined, "success_criteria")
    first = client.post(f"/v1/playbook-proposals/{proposal['id']}/approve")
    second = client.post(f"/v1/playbook-proposals/{proposal['id']}/approve")

    assert first.status_code == 200 and second.status_code == 409
    assert "already approved" in second.json()["error"]["message"]
    versions = client.get(f"/v1/playbooks/{CRITERIA}/versions").json()["versions"]
    assert len(versions) == 2


def test_an_edited_text_is_what_gets_applied(client, mined):
    proposal = pick(mined, "success_criteria")
    edited = proposal["current_text"] + "\n\nAsk the CFO to sign the criteria."
    review = client.post(
        f"/v1/playbook-proposals/{proposal['id']}/approve",
        json={"proposed_text": edited},
    ).json()["proposal"]

    assert review["edited"] and review["proposed_text"] == edited
    assert review["drafted_text"] == proposal["proposed_text"]
    text = playbook_text(client, CRITERIA)
    assert "Ask the CFO to sign the criteria." in text
    assert proposal["evidence"][0]["quote"] not in text


def test_a_rejection_needs_a_reason_and_is_final(client, mined):
    proposal_id = mined[0]["id"]
    blank = client.post(
        f"/v1/playbook-proposals/{proposal_id}/reject", json={"reason": "  "}
    )
    missing = client.post(f"/v1/playbook-proposals/{proposal_id}/reject", json={})
    done = client.post(
        f"/v1/playbook-proposals/{proposal_id}/reject",
        json={"reason": "one quarter of data"},
    )
    late = client.post(f"/v1/playbook-proposals/{proposal_id}/approve")

    assert blank.status_code == missing.status_code == 422
    assert done.status_code == 200
    assert done.json()["proposal"]["decision_reason"] == "one quarter of data"
    assert late.status_code == 409 and "already rejected" in late.text


def test_a_stale_base_is_refused_with_a_409_that_says_so(client, mined):
    proposal = pick(mined, "success_criteria")
    text = playbook_text(client, CRITERIA).replace("a test, a measure", "a measure")
    client.post("/v1/playbooks", json={"source": CRITERIA, "content": text})

    resp = client.post(f"/v1/playbook-proposals/{proposal['id']}/approve")
    message = resp.json()["error"]["message"]
    assert resp.status_code == 409
    assert "made against version 1" in message and "now at version 2" in message
    assert client.get(f"/v1/playbook-proposals/{proposal['id']}").json()["status"] == (
        "pending"
    )


def test_a_stale_base_is_rebased_when_its_section_is_untouched(client, mined):
    proposal = pick(mined, "success_criteria")
    text = playbook_text(client, CRITERIA).replace("Keep it to two", "Keep it to 2")
    client.post("/v1/playbooks", json={"source": CRITERIA, "content": text})

    resp = client.post(f"/v1/playbook-proposals/{proposal['id']}/approve")
    assert resp.status_code == 200 and resp.json()["proposal"]["applied_version"] == 3
    latest = playbook_text(client, CRITERIA)
    assert "Keep it to 2" in latest and proposal["proposed_text"] in latest


def test_a_proposal_against_a_deleted_section_is_a_clear_409(client, mined):
    proposal = pick(mined, "success_criteria")
    heading = "## Writing success criteria before any trial\n"
    text = playbook_text(client, CRITERIA).replace(heading, "")
    client.post("/v1/playbooks", json={"source": CRITERIA, "content": text})

    resp = client.post(f"/v1/playbook-proposals/{proposal['id']}/approve")
    assert resp.status_code == 409
    assert "removed or renamed" in resp.json()["error"]["message"]


def test_the_diff_shows_the_change_before_and_after_approval(client, mined):
    proposal = pick(mined, "success_criteria")
    before = client.get(f"/v1/playbook-proposals/{proposal['id']}/diff").text
    client.post(f"/v1/playbook-proposals/{proposal['id']}/approve")
    after = client.get(f"/v1/playbook-proposals/{proposal['id']}/diff").text

    quote = proposal["evidence"][0]["quote"]
    assert before.startswith(f"--- {CRITERIA} v1\n") and f'+- "{quote}"' in before
    assert after.splitlines()[2:] == before.splitlines()[2:]


def test_mining_and_review_need_the_enablement_role(client, mined):
    app = client.app
    app.dependency_overrides[get_caller] = lambda: Caller(tenant_id=TENANT, role="rep")
    try:
        proposal_id = mined[0]["id"]
        run = client.post("/v1/playbook-proposals", json={"draft": False})
        approve = client.post(f"/v1/playbook-proposals/{proposal_id}/approve")
        reject = client.post(
            f"/v1/playbook-proposals/{proposal_id}/reject", json={"reason": "no"}
        )
        listed = client.get("/v1/playbook-proposals")
        app.dependency_overrides[get_caller] = lambda: Caller(
            tenant_id=TENANT, role="enablement", person_id="maya"
        )
        allowed = client.post(f"/v1/playbook-proposals/{proposal_id}/approve")
    finally:
        app.dependency_overrides.clear()

    assert run.status_code == approve.status_code == reject.status_code == 403
    assert "enablement" in approve.json()["error"]["message"]
    assert listed.status_code == 200
    assert allowed.status_code == 200
    assert allowed.json()["proposal"]["reviewer"] == "enablement:maya"


def test_no_notes_in_the_period_answers_with_no_proposals_and_says_why(client):
    resp = client.post(
        "/v1/playbook-proposals",
        json={"since": "2019-01-01", "until": "2019-06-30", "draft": False},
    )
    backwards = client.post(
        "/v1/playbook-proposals", json={"since": "2019-06-30", "until": "2019-01-01"}
    )

    assert resp.status_code == 200 and resp.json()["proposals"] == []
    assert (
        "no win/loss notes between 2019-01-01 and 2019-06-30" in resp.json()["message"]
    )
    assert backwards.status_code == 422 and "after until" in backwards.text


def test_unknown_ids_are_404s(client):
    assert client.get("/v1/playbook-proposals/nope").status_code == 404
    assert client.post("/v1/playbook-proposals/nope/approve").status_code == 404
    scoped = client.post("/v1/playbook-proposals", json={"playbook": "nowhere.md"})
    assert scoped.status_code == 404


def approve_together(rt, proposal_ids: list[str]) -> list[object]:
    """Approve from several threads at once; each result is a review or an error."""
    start = threading.Barrier(len(proposal_ids))
    results: list[object] = [None] * len(proposal_ids)

    def approve(n: int, proposal_id: str) -> None:
        start.wait()
        try:
            results[n] = rt.reviewer.approve(TENANT, proposal_id, f"reviewer-{n}")
        except Conflict as exc:
            results[n] = exc

    threads = [
        threading.Thread(target=approve, args=(n, pid))
        for n, pid in enumerate(proposal_ids)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_approvals_of_one_proposal_apply_it_once(client, mined, rt):
    proposal = pick(mined, "success_criteria")
    results = approve_together(rt, [proposal["id"]] * 4)

    applied = [r for r in results if not isinstance(r, Conflict)]
    assert (
        len(applied) == 1
        and all(isinstance(r, Conflict) for r in results[1:])
        or (len(applied) == 1)
    )
    with rt.db.read() as conn:
        assert [v.version for v in list_versions(conn, TENANT, CRITERIA)] == [1, 2]


def test_concurrent_approvals_on_one_playbook_each_apply_once_in_turn(
    client, mined, rt
):
    ids = [p["id"] for p in mined if p["playbook_id"] == NEGOTIATION]
    assert len(ids) >= 2
    results = approve_together(rt, ids)

    assert not [r for r in results if isinstance(r, Conflict)]
    with rt.db.read() as conn:
        versions = list_versions(conn, TENANT, NEGOTIATION)
    assert [v.version for v in versions] == list(range(1, len(ids) + 2))
    assert {v.proposal_id for v in versions[1:]} == set(ids)
    text = playbook_text(client, NEGOTIATION)
    for proposal in mined:
        if proposal["playbook_id"] == NEGOTIATION:
            assert proposal["evidence"][0]["quote"] in text
