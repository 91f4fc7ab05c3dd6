from tests.builders import PLAYBOOK


def test_reposting_a_playbook_reports_unchanged(client):
    body = {"source": "discovery.md", "content": PLAYBOOK}
    first = client.post("/v1/playbooks", json=body).json()["counts"]
    second = client.post("/v1/playbooks", json=body).json()["counts"]
    assert first["added"] > 0
    assert second == {
        "added": 0,
        "removed": 0,
        "unchanged": first["added"],
        "updated": 0,
    }


def test_malformed_front_matter_is_a_422_and_stores_nothing(client):
    bad = "---\ntitle: [unclosed\n---\n# Heading\n\nText here.\n"
    resp = client.post("/v1/playbooks", json={"source": "bad.md", "content": bad})
    assert resp.status_code == 422
    assert "bad.md" in resp.json()["error"]["message"]
    assert client.get("/v1/search", params={"q": "text"}).json()["hits"] == []


def test_a_bad_record_in_a_batch_stores_none_of_the_batch(client):
    deals = [{"id": "ok", "stage": "discovery"}, {"id": "bad", "stage": "limbo"}]
    resp = client.post("/v1/deals", json={"deals": deals})
    assert resp.status_code == 422
    assert "deals.1.stage" in resp.json()["error"]["message"]
    assert client.get("/v1/deals/ok").status_code == 404


def test_oversized_body_is_a_413(client):
    resp = client.post(
        "/v1/playbooks",
        content=b"x" * 2_000_001,
        headers={"content-type": "application/json"},
    )
    assert resp.status_code == 413
    assert resp.json()["error"]["code"] == "payload_too_large"


def test_wrong_types_and_unknown_fields_are_422(client):
    assert client.post("/v1/notes", json={"notes": "many"}).status_code == 422
    assert (
        client.post(
            "/v1/notes",
            json={"notes": [{"id": "x", "outcome": "won", "mood": "great"}]},
        ).status_code
        == 422
    )
    assert (
        client.post(
            "/v1/deals",
            content=b"{not json",
            headers={"content-type": "application/json"},
        ).status_code
        == 422
    )


def test_search_filters_and_validation(client):
    client.post("/v1/playbooks", json={"source": "discovery.md", "content": PLAYBOOK})
    hits = client.get(
        "/v1/search", params={"q": "economic buyer", "kind": "play"}
    ).json()
    assert hits["hits"] and all(h["kind"] == "play" for h in hits["hits"])
    first = hits["hits"][0]
    assert first["source"] == "discovery.md" and first["heading_path"][0] == "Discovery"
    assert (
        client.get("/v1/search", params={"q": "x", "kind": "memo"}).status_code == 422
    )
    assert client.get("/v1/search", params={"q": ""}).status_code == 422
    assert client.get("/v1/search", params={"q": "x", "k": 0}).status_code == 422


def test_every_response_carries_a_request_id(client):
    resp = client.get("/v1/deals/missing")
    assert resp.status_code == 404
    assert resp.headers["x-request-id"] == resp.json()["error"]["request_id"]


def test_an_internal_failure_is_a_500_that_reveals_nothing(make_runtime):
    from fastapi.testclient import TestClient

    from service.app import create_app
    from service.deps import get_runtime

    def broken():
        raise RuntimeError("secret detail at /srv/sideline/db.sqlite")

    app = create_app(runtime=make_runtime())
    app.dependency_overrides[get_runtime] = broken
    with TestClient(app, raise_server_exceptions=False) as client:
        resp = client.get("/v1/deals/D-1")
    assert resp.status_code == 500
    body = resp.json()["error"]
    assert body["code"] == "internal_error" and "secret" not in resp.text
    assert resp.headers["x-request-id"] == body["request_id"]


def test_deals_posted_with_crm_stage_names_are_mapped(client):
    deals = [
        {"id": "D-9", "account": "Acme", "stage": "Engaging", "amount": 12000},
        {"id": "D-10", "stage": "Closed Won"},
    ]
    assert client.post("/v1/deals", json={"deals": deals}).status_code == 200
    assert client.get("/v1/deals/D-9").json()["stage"] == "discovery"
    assert client.get("/v1/deals/D-10").json()["stage"] == "closed_won"
    bad = client.post("/v1/deals", json={"deals": [{"id": "D-11", "stage": "limbo"}]})
    assert bad.status_code == 422 and "deals.0.stage" in bad.json()["error"]["message"]
