"""Tenant isolation and roles, through the HTTP API with real API keys."""

import pytest
from fastapi.testclient import TestClient

from llm.fake import QueuedFakeChatModel
from service.app import create_app
from store.keys import create_key, revoke_key
from tests.builders import DEAL, NOTES, PLAYBOOK, draft

OTHER_PLAYBOOK = "# Zebra method\n\n## Zebra stripes\n\nPaint every zebra slowly.\n"


class Keys:
    def __init__(self, db):
        self.db = db

    def make(self, tenant, role, person=None):
        with self.db.begin() as conn:
            key, secret = create_key(conn, tenant, role, person)
        return {"Authorization": f"Bearer {secret}"}, key.id


@pytest.fixture
def world(make_runtime):
    model = QueuedFakeChatModel([draft() for _ in range(10)])
    rt = make_runtime(model=model, auth_mode="keys")
    keys = Keys(rt.db)
    with TestClient(create_app(runtime=rt)) as client:
        a_int, _ = keys.make("acme", "integration")
        b_int, _ = keys.make("globex", "integration")
        ok = [
            client.post(
                "/v1/playbooks",
                headers=a_int,
                json={"source": "d.md", "content": PLAYBOOK},
            ),
            client.post("/v1/notes", headers=a_int, json={"notes": NOTES}),
            client.post(
                "/v1/deals",
                headers=a_int,
                json={
                    "deals": [
                        {**DEAL, "owner": "Priya Raman"},
                        {**DEAL, "id": "D-2", "owner": "Tom Okafor"},
                    ]
                },
            ),
            client.post(
                "/v1/playbooks",
                headers=b_int,
                json={"source": "z.md", "content": OTHER_PLAYBOOK},
            ),
        ]
        assert all(r.status_code == 200 for r in ok), [r.text for r in ok]
        yield client, keys, a_int, b_int


def brief(client, headers, deal_id="D-1"):
    return client.post(
        "/v1/briefs",
        headers=headers,
        json={"deal_id": deal_id, "meeting": {"kind": "discovery"}},
    )


def test_no_key_or_a_bad_key_is_401(world):
    client, keys, *_ = world
    assert client.get("/v1/search", params={"q": "x"}).status_code == 401
    bad = {"Authorization": "Bearer sk_sideline_nope"}
    resp = client.get("/v1/search", params={"q": "x"}, headers=bad)
    assert resp.status_code == 401 and resp.json()["error"]["code"] == "unauthorized"


def test_a_revoked_key_stops_working_at_once(world):
    client, keys, *_ = world
    headers, key_id = keys.make("acme", "enablement")
    assert (
        client.get("/v1/search", params={"q": "x"}, headers=headers).status_code == 200
    )
    with keys.db.begin() as conn:
        revoke_key(conn, key_id)
    assert (
        client.get("/v1/search", params={"q": "x"}, headers=headers).status_code == 401
    )


def test_search_never_crosses_tenants(world):
    client, _, a_int, b_int = world
    a_hits = client.get(
        "/v1/search", params={"q": "zebra buyer", "k": 50}, headers=a_int
    ).json()["hits"]
    b_hits = client.get(
        "/v1/search", params={"q": "economic buyer zebra", "k": 50}, headers=b_int
    ).json()["hits"]
    assert a_hits and all("zebra" not in h["text"].lower() for h in a_hits)
    assert b_hits and all(h["source"] == "z.md" for h in b_hits)


def test_records_of_another_tenant_do_not_exist_for_the_caller(world):
    client, _, a_int, b_int = world
    assert client.get("/v1/deals/D-1", headers=a_int).status_code == 200
    assert client.get("/v1/deals/D-1", headers=b_int).status_code == 404
    assert client.get("/v1/notes/N-1", headers=b_int).status_code == 404
    assert brief(client, b_int).status_code == 404


def test_briefs_cite_only_the_callers_tenant(world):
    client, _, a_int, b_int = world
    made = brief(client, a_int)
    assert made.status_code == 200, made.text
    body = made.json()
    assert all(c["source"] != "z.md" for c in body["citations"])
    cid = body["citations"][0]["id"]
    assert client.get(f"/v1/briefs/{body['id']}", headers=b_int).status_code == 404
    path = f"/v1/briefs/{body['id']}/citations/{cid}"
    assert client.get(path, headers=a_int).status_code == 200
    assert client.get(path, headers=b_int).status_code == 404


def test_a_rep_sees_only_their_own_deals_and_briefs(world):
    client, keys, a_int, _ = world
    priya, _ = keys.make("acme", "rep", "priya-raman")
    tom, _ = keys.make("acme", "rep", "Tom Okafor")

    own = brief(client, priya, "D-1")
    assert own.status_code == 200, own.text
    assert brief(client, tom, "D-1").status_code == 404
    assert brief(client, tom, "D-2").status_code == 200
    assert client.get(f"/v1/briefs/{own.json()['id']}", headers=tom).status_code == 404
    assert (
        client.get(f"/v1/briefs/{own.json()['id']}", headers=priya).status_code == 200
    )
    assert client.get("/v1/deals/D-1", headers=tom).status_code == 404


def test_roles_gate_what_each_key_may_do(world):
    client, keys, *_ = world
    rep, _ = keys.make("acme", "rep", "priya-raman")
    enablement, _ = keys.make("acme", "enablement")
    manager, _ = keys.make("acme", "manager", "dana")

    resp = client.post("/v1/deals", headers=rep, json={"deals": [DEAL]})
    assert resp.status_code == 403 and "integration" in resp.json()["error"]["message"]
    assert brief(client, enablement).status_code == 403
    play = {"source": "e.md", "content": "# E\n\n## Plays\n\nAsk about budgets.\n"}
    assert (
        client.post("/v1/playbooks", headers=enablement, json=play).status_code == 200
    )
    # A manager with no reports on record sees no deals.
    assert brief(client, manager).status_code == 404


def test_the_openapi_spec_shows_the_security_scheme(world):
    client, *_ = world
    spec = client.get("/openapi.json").json()
    assert "ApiKey" in spec["components"]["securitySchemes"]
    assert spec["paths"]["/v1/briefs"]["post"]["security"] == [{"ApiKey": []}]


def test_a_record_naming_another_tenant_is_refused(world):
    client, _, a_int, _ = world
    resp = client.post(
        "/v1/deals", headers=a_int, json={"deals": [{**DEAL, "tenant_id": "globex"}]}
    )
    assert resp.status_code == 422 and "tenant_id" in resp.json()["error"]["message"]


def test_feedback_only_on_briefs_the_caller_may_read(world):
    client, keys, a_int, b_int = world
    priya, _ = keys.make("acme", "rep", "priya-raman")
    tom, _ = keys.make("acme", "rep", "tom-okafor")
    made = brief(client, priya, "D-1").json()
    path = f"/v1/briefs/{made['id']}/feedback"
    assert client.post(path, headers=tom, json={"useful": True}).status_code == 404
    assert client.post(path, headers=b_int, json={"useful": True}).status_code == 404
    assert client.post(path, headers=priya, json={"useful": True}).status_code == 201
