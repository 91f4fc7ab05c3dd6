"""The agenda, people and scorecard endpoints, their errors and who may see what."""

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from store.keys import create_key
from tests.agenda_builders import T, seed_team


@pytest.fixture
def rt(make_runtime):
    runtime = make_runtime(model=None)
    seed_team(runtime)
    return runtime


@pytest.fixture
def client(rt):
    with TestClient(create_app(runtime=rt)) as c:
        yield c


def agenda_of(client, **body):
    body = {"rep_id": "moses-frase", "reference_date": "2017-12-31", **body}
    return client.post("/v1/agendas", json=body)


def error(resp, status: int, code: str) -> str:
    assert resp.status_code == status, resp.text
    body = resp.json()["error"]
    assert body["code"] == code and body["request_id"]
    return body["message"]


def test_an_agenda_and_every_citation_behind_it(client):
    resp = agenda_of(client, length_minutes=45)
    assert resp.status_code == 200, resp.text
    agenda = resp.json()
    assert sum(item["minutes"] for item in agenda["items"]) == 45
    assert agenda["early_deals"][0]["deal_id"] == "M-STALL"

    for citation in agenda["citations"]:
        shown = client.get(f"/v1/agendas/{agenda['id']}/citations/{citation['id']}")
        assert shown.status_code == 200, shown.text
        assert citation["quote"] in shown.json()["text"]
    missing = client.get(f"/v1/agendas/{agenda['id']}/citations/deal:NOPE:stage")
    assert "deal:NOPE:stage" in error(missing, 404, "not_found")
    assert client.get(f"/v1/agendas/{agenda['id']}").json() == agenda


def test_agendas_as_markdown(client):
    agenda_id = agenda_of(client).json()["id"]
    md = client.get(f"/v1/agendas/{agenda_id}", params={"format": "markdown"})
    assert md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# 1:1 agenda: Moses Frase with Dustin Brinkmann")
    assert "## Skill focus: Multi-threading (level 2, target 3)" in md.text
    posted = client.post(
        "/v1/agendas?format=markdown",
        json={"rep_id": "eve", "reference_date": "2017-12-31"},
    )
    assert "## Gaps in the record" in posted.text


def test_commitments_recorded_open_next_weeks_agenda(client):
    first = agenda_of(client, reference_date="2017-12-24").json()
    body = {
        "commitments": [{"text": "Map the Cancity buying group", "due": "2017-12-29"}]
    }
    resp = client.post(f"/v1/agendas/{first['id']}/commitments", json=body)
    assert resp.status_code == 200, resp.text
    assert resp.json()["counts"] == {"added": 1, "unchanged": 0}
    again = client.post(f"/v1/agendas/{first['id']}/commitments", json=body)
    assert again.json()["counts"] == {"added": 0, "unchanged": 1}

    nxt = agenda_of(client).json()
    assert nxt["period_start"] == "2017-12-24"
    assert nxt["commitments"][0]["text"] == "Map the Cancity buying group"
    cid = nxt["commitments"][0]["citations"][0]
    shown = client.get(f"/v1/agendas/{nxt['id']}/citations/{cid}").json()
    assert shown["text"] == (
        "commitments[0]: Map the Cancity buying group (due 2017-12-29)"
    )


def test_bad_agenda_requests_are_precise_4xx(client):
    assert "'nobody'" in error(agenda_of(client, rep_id="nobody"), 404, "not_found")
    conflict = agenda_of(client, manager_id="cara")
    assert "reports to 'dustin'" in error(conflict, 409, "conflict")
    short = agenda_of(client, length_minutes=5)
    assert "length_minutes" in error(short, 422, "invalid_input")
    backwards = agenda_of(client, since="2018-02-01")
    assert "since" in error(backwards, 422, "invalid_input")
    empty = client.post("/v1/agendas/nope/commitments", json={"commitments": []})
    assert "commitments" in error(empty, 422, "invalid_input")
    unknown = client.post(
        "/v1/agendas/0123abcd/commitments", json={"commitments": [{"text": "x"}]}
    )
    assert "'0123abcd'" in error(unknown, 404, "not_found")


def test_ids_and_text_postgresql_would_refuse_are_422_before_any_query(client):
    # PostgreSQL rejects NUL in text; these must never reach a query as a 500.
    assert "rep_id" in error(client.get("/v1/reps/a%00b"), 422, "invalid_input")
    bad_path = client.get("/v1/agendas/nope")
    assert "agenda_id" in error(bad_path, 422, "invalid_input")
    team = client.get("/v1/managers/a%00b/agendas")
    assert "manager_id" in error(team, 422, "invalid_input")
    nul_rep = {"reps": [{"id": "x", "name": "A\u0000B"}]}
    assert "name" in error(client.post("/v1/reps", json=nul_rep), 422, "invalid_input")
    topic = agenda_of(client, rep_topics=["price\u0000"])
    assert "rep topic" in error(topic, 422, "invalid_input")
    agenda_id = agenda_of(client).json()["id"]
    nul_text = {"commitments": [{"text": "call\u0000them"}]}
    resp = client.post(f"/v1/agendas/{agenda_id}/commitments", json=nul_text)
    assert "text" in error(resp, 422, "invalid_input")
    card = {"rep_id": "eve", "date": "2017-12-20", "reviewer": "D", "scores": {}}
    card.update(scores={"discovery": 2}, comment="ok\u0000")
    assert "comment" in error(
        client.post("/v1/scorecards", json=card), 422, "invalid_input"
    )


def test_the_team_view_by_week_or_date(client):
    resp = client.get("/v1/managers/dustin/agendas", params={"week": "2018-W01"})
    assert resp.status_code == 200, resp.text
    team = resp.json()
    assert team["reference_date"] == "2018-01-01" and team["week"] == "2018-W01"
    assert [a["rep_id"] for a in team["agendas"]] == ["anna", "eve", "moses-frase"]

    by_date = client.get("/v1/managers/dustin/agendas", params={"week": "2018-01-01"})
    assert [a["id"] for a in by_date.json()["agendas"]] == [
        a["id"] for a in team["agendas"]
    ]
    md = client.get(
        "/v1/managers/dustin/agendas", params={"week": "2018-W01", "format": "markdown"}
    )
    assert md.text.startswith("# Team agendas: Dustin Brinkmann, week 2018-W01")

    empty = client.get("/v1/managers/cara/agendas").json()
    assert empty["agendas"] == [] and "no direct reports" in empty["note"]
    for bad in ("2018-W60", "next monday"):
        resp = client.get("/v1/managers/dustin/agendas", params={"week": bad})
        assert "ISO week" in error(resp, 422, "invalid_input")
    ghost = client.get("/v1/managers/ghost/agendas")
    assert "'ghost'" in error(ghost, 404, "not_found")


def test_people_upserts_report_counts_and_refuse_clashes(client):
    body = {
        "managers": [{"id": "lena", "name": "Lena Fischer", "team": "North"}],
        "reps": [{"id": "tom", "name": "Tom Okafor", "manager_id": "lena"}],
    }
    first = client.post("/v1/reps", json=body).json()
    assert first["counts"] == {"managers_added": 1, "reps_added": 1}
    assert client.post("/v1/reps", json=body).json()["counts"] == {
        "managers_unchanged": 1,
        "reps_unchanged": 1,
    }
    orphan = {"reps": [{"id": "x", "name": "X", "manager_id": "ghost"}]}
    message = error(client.post("/v1/reps", json=orphan), 422, "invalid_input")
    assert "'ghost' is not known" in message
    clash = {"reps": [{"id": "tom-2", "name": "tom okafor", "manager_id": "lena"}]}
    assert "'tom'" in error(client.post("/v1/reps", json=clash), 409, "conflict")
    bad_id = {"reps": [{"id": "has space", "name": "S"}]}
    assert "reps.0.id" in error(
        client.post("/v1/reps", json=bad_id), 422, "invalid_input"
    )


def test_a_rep_view_shows_levels_and_deals(client):
    rep = client.get("/v1/reps/moses-frase").json()
    assert rep["manager"]["id"] == "dustin"
    assert (rep["open_deals"], rep["early_deals"], rep["scorecards"]) == (4, 3, 2)
    levels = {s["skill"]: (s["level"], s["trend"]) for s in rep["skills"]}
    assert levels["multi_threading"] == (2, "down")
    assert "'nobody'" in error(client.get("/v1/reps/nobody"), 404, "not_found")


def test_scorecards_must_fit_the_rubric_and_name_real_records(client):
    card = {
        "rep_id": "eve",
        "date": "2017-12-20",
        "reviewer": "Dustin Brinkmann",
        "scores": {"discovery": 2},
        "deal_id": "M-FRESH",
    }
    first = client.post("/v1/scorecards", json=card).json()
    assert first["status"] == "added" and first["scorecard"]["id"].startswith("sc-")
    assert client.post("/v1/scorecards", json=card).json()["status"] == "unchanged"

    cases = [
        ({"scores": {"juggling": 3}}, 422, "unknown skill 'juggling'"),
        ({"scores": {"discovery": 9}}, 422, "off the scale"),
        ({"rep_id": "nobody"}, 404, "'nobody'"),
        ({"deal_id": "D-404"}, 404, "'D-404'"),
        ({"id": "sc-1"}, 409, "another rep"),
    ]
    for change, status, words in cases:
        resp = client.post("/v1/scorecards", json={**card, **change})
        assert words in error(resp, status, resp.json()["error"]["code"])


@pytest.fixture
def keyed(make_runtime):
    runtime = make_runtime(model=None, auth_mode="keys")
    seed_team(runtime)

    def key(role, person=None):
        with runtime.db.begin() as conn:
            _, secret = create_key(conn, T, role, person)
        return {"Authorization": f"Bearer {secret}"}

    with TestClient(create_app(runtime=runtime)) as c:
        yield c, key


def test_managers_see_only_their_reports(keyed):
    client, key = keyed
    dustin, cara = key("manager", "dustin"), key("manager", "cara")
    body = {"rep_id": "moses-frase", "reference_date": "2017-12-31"}

    mine = client.post("/v1/agendas", json=body, headers=dustin)
    assert mine.status_code == 200, mine.text
    agenda_id = mine.json()["id"]
    assert client.post("/v1/agendas", json=body, headers=cara).status_code == 404
    assert client.get(f"/v1/agendas/{agenda_id}", headers=cara).status_code == 404
    team = client.get("/v1/managers/dustin/agendas", headers=cara)
    assert team.status_code == 404
    assert client.get("/v1/reps/moses-frase", headers=cara).status_code == 404
    own = client.get("/v1/managers/cara/agendas", headers=cara)
    assert own.status_code == 200 and own.json()["agendas"] == []
    card = {"rep_id": "moses-frase", "date": "2017-12-30", "reviewer": "Cara"}
    card["scores"] = {"discovery": 1}
    assert client.post("/v1/scorecards", json=card, headers=cara).status_code == 404


def test_reps_read_their_own_agendas_and_nothing_more(keyed):
    client, key = keyed
    dustin, moses = key("manager", "dustin"), key("rep", "Moses Frase")
    anna = key("rep", "anna")
    body = {"rep_id": "moses-frase", "reference_date": "2017-12-31"}
    agenda_id = client.post("/v1/agendas", json=body, headers=dustin).json()["id"]

    assert client.get(f"/v1/agendas/{agenda_id}", headers=moses).status_code == 200
    assert client.get(f"/v1/agendas/{agenda_id}", headers=anna).status_code == 404
    assert client.post("/v1/agendas", json=body, headers=moses).status_code == 403
    assert client.get("/v1/reps/moses-frase", headers=moses).status_code == 200
    people = {"managers": [{"id": "m", "name": "M"}]}
    assert client.post("/v1/reps", json=people, headers=dustin).status_code == 403
    integration = key("integration")
    assert client.post("/v1/reps", json=people, headers=integration).status_code == 200
