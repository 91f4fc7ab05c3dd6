"""Requests per minute per API key: Redis when configured, else this process."""

from __future__ import annotations

import logging
import threading
import time

from core.errors import RateLimited

log = logging.getLogger(__name__)
WINDOW_S = 60


class RateLimiter:
    """A fixed one-minute window per key.

    In-process counts hold for one worker only; with several workers or replicas set
    ``SIDELINE_REDIS_URL`` so that they share one count per key.
    """

    def __init__(self, per_minute: int, redis_url: str = "") -> None:
        self.per_minute = per_minute
        self._redis = _redis_client(redis_url) if redis_url else None
        self._counts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> None:
        """Count one request; raise RateLimited when the key is over its limit."""
        if self.per_minute <= 0:
            return
        window = int(time.time() // WINDOW_S)
        count = self._count(key, window)
        if count > self.per_minute:
            retry_after = WINDOW_S - int(time.time() % WINDOW_S)
            raise RateLimited(
                f"over {self.per_minute} requests a minute for this key; "
                f"retry in {retry_after} s",
                retry_after=retry_after,
            )

    def _count(self, key: str, window: int) -> int:
        if self._redis is not None:
            name = f"sideline:rate:{key}:{window}"
            pipe = self._redis.pipeline()
            pipe.incr(name)
            pipe.expire(name, WINDOW_S * 2)
            return int(pipe.execute()[0])
        with self._lock:
            self._counts = {k: v for k, v in self._counts.items() if k[1] >= window}
            self._counts[(key, window)] = self._counts.get((key, window), 0) + 1
            return self._counts[(key, window)]


def _redis_client(url: str):
    import redis

    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
