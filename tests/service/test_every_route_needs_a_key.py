"""Every /v1 endpoint, including ones added later, refuses callers without a key."""

import re

from fastapi.testclient import TestClient

from service.app import create_app


def test_every_v1_route_answers_401_without_a_key(make_runtime):
    app = create_app(runtime=make_runtime(auth_mode="keys"))
    paths = {p: ops for p, ops in app.openapi()["paths"].items() if p.startswith("/v1")}
    assert len(paths) >= 6
    with TestClient(app) as client:
        for path, operations in paths.items():
            concrete = re.sub(r"\{[^}]+\}", "x", path)
            for method in operations:
                resp = client.request(method.upper(), concrete, json={})
                assert resp.status_code == 401, f"{method} {path} is open"
                assert "security" in operations[method], f"{method} {path} undocumented"
