import pytest
from fastapi.testclient import TestClient

from evals.cases import load_dataset
from evals.feedback import import_feedback
from evals.suites import registry
from llm.fake import QueuedFakeChatModel
from service.app import create_app
from tests.builders import DEAL, NOTES, PLAYBOOK, draft

MEETING = {"kind": "discovery", "goal": "find the cost of the problem"}


@pytest.fixture
def model():
    return QueuedFakeChatModel([])


@pytest.fixture
def runtime(make_runtime, model):
    return make_runtime(model=model)


@pytest.fixture
def client(runtime):
    with TestClient(create_app(runtime=runtime)) as c:
        c.post("/v1/playbooks", json={"source": "discovery.md", "content": PLAYBOOK})
        c.post("/v1/notes", json={"notes": NOTES})
        c.post("/v1/deals", json={"deals": [DEAL]})
        yield c


def _brief(client, model) -> dict:
    model._responses.append(draft())
    resp = client.post("/v1/briefs", json={"deal_id": "D-1", "meeting": MEETING})
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_feedback_on_a_brief_is_stored_with_an_id(client, model):
    brief = _brief(client, model)
    resp = client.post(
        f"/v1/briefs/{brief['id']}/feedback", json={"useful": True, "reason": "clear"}
    )
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["id"] and body["brief_id"] == brief["id"] and body["useful"] is True


def test_feedback_on_an_unknown_brief_is_a_404(client):
    resp = client.post("/v1/briefs/nope/feedback", json={"useful": False})
    assert resp.status_code == 404
    assert resp.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"useful": "yes"},
        {"useful": 1},
        {"useful": True, "reason": "x" * 2001},
        {"useful": True, "mood": "great"},
    ],
)
def test_a_bad_feedback_body_is_a_422(client, model, body):
    brief = _brief(client, model)
    resp = client.post(f"/v1/briefs/{brief['id']}/feedback", json=body)
    assert resp.status_code == 422, body


def test_rated_briefs_become_cases_once(client, model, runtime, tmp_path):
    useful, poor = _brief(client, model), _brief(client, model)
    said = poor["stakeholders"][0]["name"]
    reason = f'It called "{said}" the buyer; missing the economic buyer risk.'
    client.post(f"/v1/briefs/{useful['id']}/feedback", json={"useful": True})
    client.post(
        f"/v1/briefs/{poor['id']}/feedback", json={"useful": False, "reason": reason}
    )
    path = tmp_path / "feedback-briefs.jsonl"

    assert import_feedback(runtime.db, "default", path) == (2, 2)
    assert import_feedback(runtime.db, "default", path) == (0, 2)

    good, bad = load_dataset(path).cases
    assert good.tags == ["feedback", "useful"] and good.expected_sources
    assert any("Single-threaded" in p for p in good.expected_points)
    assert bad.tags == ["feedback", "not-useful"]
    assert said in bad.must_not_appear
    assert "the economic buyer risk" in bad.expected_points
    assert bad.input["deal"]["id"] == "D-1" and "deal_id" not in bad.input
    assert bad.input["reference_date"] == poor["reference_date"]
    assert all(registry()["briefs"].check(c) == "" for c in (good, bad))
