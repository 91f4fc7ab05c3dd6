"""Recent briefs, so that an identical request within a short window is not
written twice (a double click, a retrying integration, a team opening one link).

The key holds the tenant, the whole request, the reference date and the tenant's
data version, so any ingest that changes plays, notes or deals makes older entries
unreachable. The cache lives in one process: with several workers each keeps its
own, which costs a repeated brief now and then but never serves one written from
older data, since every worker reads the version from the shared store.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Value = TypeVar("Value")


@dataclass
class _Pending(Generic[Value]):
    done: threading.Event = field(default_factory=threading.Event)
    value: Value | None = None


class BriefCache(Generic[Value]):
    """Values by key for ``seconds``, at most ``size`` of them, oldest out first.

    A request whose key is being written by another thread waits for that result
    instead of writing its own; if that write fails, each waiter writes for itself.
    """

    def __init__(
        self,
        seconds: float,
        size: int = 256,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds = seconds
        self.size = size
        self.clock = clock
        self._entries: OrderedDict[Hashable, tuple[float, Value]] = OrderedDict()
        self._pending: dict[Hashable, _Pending[Value]] = {}
        self._lock = threading.Lock()

    def get_or_write(self, key: Hashable, write: Callable[[], Value]) -> Value:
        with self._lock:
            found = self._fresh(key)
            if found is not None:
                return found
            pending = self._pending.get(key)
            owner = pending is None
            if owner:
                pending = self._pending[key] = _Pending()
        if not owner:
            pending.done.wait()
            return pending.value if pending.value is not None else write()
        try:
            value = write()
        except BaseException:
            self._finish(key, pending, None)
            raise
        self._finish(key, pending, value)
        return value

    def _fresh(self, key: Hashable) -> Value | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, value = entry
        if expires <= self.clock():
            del self._entries[key]
            return None
        return value

    def _finish(
        self, key: Hashable, pending: _Pending[Value], value: Value | None
    ) -> None:
        with self._lock:
            if value is not None:
                self._entries[key] = (self.clock() + self.seconds, value)
                self._entries.move_to_end(key)
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
            self._pending.pop(key, None)
        pending.value = value
        pending.done.set()
