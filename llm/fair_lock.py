"""A lock that serves waiting threads in the order they arrived.

``threading.Lock`` promises no order: under load a thread that just released it can
take it again ahead of others, and a request can wait through many generations that
arrived after it. Requests queueing on the one in-process model go first come,
first served instead.
"""

from __future__ import annotations

import threading


class FairLock:
    """A ticket lock: ``acquire`` takes a number and waits until it is called."""

    def __init__(self) -> None:
        self._changed = threading.Condition(threading.Lock())
        self._issued = 0
        self._serving = 0

    def acquire(self) -> None:
        with self._changed:
            ticket = self._issued
            self._issued += 1
            self._changed.wait_for(lambda: self._serving == ticket)

    def release(self) -> None:
        with self._changed:
            if self._serving == self._issued:
                raise RuntimeError("release of a FairLock that is not held")
            self._serving += 1
            self._changed.notify_all()

    @property
    def queued(self) -> int:
        """Threads holding or waiting for the lock."""
        with self._changed:
            return self._issued - self._serving

    def __enter__(self) -> FairLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()
