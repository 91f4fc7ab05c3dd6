import pytest
from fastapi.testclient import TestClient

from llm.fake import QueuedFakeChatModel
from service.app import create_app
from tests.builders import DEAL, NOTES, PLAYBOOK


@pytest.fixture
def model():
    return QueuedFakeChatModel([])


@pytest.fixture
def client(make_runtime, model):
    rt = make_runtime(model=model)
    with TestClient(create_app(runtime=rt)) as c:
        yield c


@pytest.fixture
def loaded(client):
    """A client whose tenant holds the sample playbook, notes and deal."""
    assert (
        client.post(
            "/v1/playbooks", json={"source": "sales/discovery.md", "content": PLAYBOOK}
        ).status_code
        == 200
    )
    assert client.post("/v1/notes", json={"notes": NOTES}).status_code == 200
    assert client.post("/v1/deals", json={"deals": [DEAL]}).status_code == 200
    return client
