import uuid

import pytest
from fastapi.testclient import TestClient

from core.errors import RateLimited
from service.app import create_app
from service.ratelimit import RateLimiter

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


def test_the_request_over_the_limit_gets_429_with_retry_after(make_runtime):
    rt = make_runtime(rate_limit_per_minute=3)
    with TestClient(create_app(runtime=rt)) as client:
        codes = [
            client.get("/v1/search", params={"q": "x"}).status_code for _ in range(4)
        ]
        last = client.get("/v1/search", params={"q": "x"})
    assert codes == [200, 200, 200, 429]
    assert last.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(last.headers["retry-after"]) <= 60


def test_limits_are_per_key():
    limiter = RateLimiter(per_minute=1)
    limiter.hit("a")
    limiter.hit("b")
    with pytest.raises(RateLimited):
        limiter.hit("a")


@pytest.mark.skipif(not redis_up(), reason="no Redis server at 127.0.0.1:6379")
def test_workers_sharing_redis_share_one_count():
    key = f"test-{uuid.uuid4().hex}"
    first, second = RateLimiter(2, REDIS_URL), RateLimiter(2, REDIS_URL)
    first.hit(key)
    second.hit(key)
    with pytest.raises(RateLimited):
        first.hit(key)
