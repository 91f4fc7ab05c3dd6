"""Identical brief requests within the window reuse one brief and one model call."""

from tests.builders import DEAL, draft

REQUEST = {"deal_id": "D-1", "meeting": {"kind": "discovery"}}


def post(client, body=REQUEST):
    return client.post("/v1/briefs", json={**body, "reference_date": "2026-12-04"})


def test_a_repeated_request_is_served_from_the_cache(loaded, model):
    model._responses.append(draft())
    first = post(loaded)
    second = post(loaded)

    assert first.status_code == second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert len(model.calls) == 1


def test_new_data_or_another_date_writes_a_new_brief(loaded, model):
    model._responses.extend([draft(), draft(), draft()])
    first = post(loaded).json()["id"]

    other_day = loaded.post(
        "/v1/briefs", json={**REQUEST, "reference_date": "2026-12-05"}
    )
    changed = {**DEAL, "next_step": "Send the pricing sheet"}
    assert loaded.post("/v1/deals", json={"deals": [changed]}).status_code == 200
    after_ingest = post(loaded)

    ids = {first, other_day.json()["id"], after_ingest.json()["id"]}
    assert len(ids) == 3 and len(model.calls) == 3


def test_the_cache_can_be_turned_off(make_runtime):
    from fastapi.testclient import TestClient

    from llm.fake import QueuedFakeChatModel
    from service.app import create_app
    from tests.builders import PLAYBOOK

    model = QueuedFakeChatModel([draft(), draft()])
    rt = make_runtime(model=model, brief_cache_seconds=0)
    with TestClient(create_app(runtime=rt)) as client:
        client.post("/v1/playbooks", json={"source": "d.md", "content": PLAYBOOK})
        client.post("/v1/deals", json={"deals": [DEAL]})
        ids = {post(client).json()["id"], post(client).json()["id"]}
    assert len(ids) == 2 and len(model.calls) == 2
