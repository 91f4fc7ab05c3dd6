"""A brief waiting on the model must not stop the server answering anyone else."""

import socket
import threading

import httpx
import uvicorn

from llm.fake import QueuedFakeChatModel
from service.app import create_app
from tests.builders import DEAL, PLAYBOOK, draft


class BlockingModel(QueuedFakeChatModel):
    """Answers only once released, like a model busy generating."""

    def __init__(self):
        super().__init__([draft()], name="blocking")
        self.entered = threading.Event()
        self.release = threading.Event()

    def complete(self, messages, **kwargs):
        self.entered.set()
        assert self.release.wait(30), "the test never released the model"
        return super().complete(messages, **kwargs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_health_and_search_answer_while_a_brief_waits_for_the_model(make_runtime):
    model = BlockingModel()
    rt = make_runtime(model=model)
    rt.ingestor.playbook(rt.settings.tenant, "d.md", PLAYBOOK)
    port = free_port()
    config = uvicorn.Config(create_app(runtime=rt), host="127.0.0.1", port=port)
    server = uvicorn.Server(config)
    serving = threading.Thread(target=server.run, daemon=True)
    serving.start()
    base = f"http://127.0.0.1:{port}"
    brief: list[httpx.Response] = []
    try:
        while not server.started:
            serving.join(0.01)
        writer = threading.Thread(
            target=lambda: brief.append(
                httpx.post(
                    f"{base}/v1/briefs",
                    json={"deal": DEAL, "meeting": {"kind": "discovery"}},
                    timeout=60,
                )
            )
        )
        writer.start()
        assert model.entered.wait(30)

        health = httpx.get(f"{base}/healthz", timeout=10)
        search = httpx.get(f"{base}/v1/search", params={"q": "price"}, timeout=10)
        still_waiting = not model.release.is_set() and not brief

        model.release.set()
        writer.join(60)
    finally:
        model.release.set()
        server.should_exit = True
        serving.join(10)

    assert health.status_code == 200 and search.status_code == 200
    assert still_waiting
    assert brief and brief[0].status_code == 200
