"""Every /v1 endpoint, including ones added later, refuses callers without a key."""

import re

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from service.app import create_app


def test_every_v1_route_answers_401_without_a_key(make_runtime):
    app = create_app(runtime=make_runtime(auth_mode="keys"))
    routes = [
        r for r in app.routes if isinstance(r, APIRoute) and r.path.startswith("/v1")
    ]
    assert len(routes) >= 8
    with TestClient(app) as client:
        for route in routes:
            path = re.sub(r"\{[^}]+\}", "x", route.path)
            for method in route.methods:
                resp = client.request(method, path, json={})
                assert resp.status_code == 401, f"{method} {route.path} is open"
