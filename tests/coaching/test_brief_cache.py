import threading

import pytest

from coaching.brief_cache import BriefCache


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_a_value_is_reused_until_it_expires():
    clock = Clock()
    cache = BriefCache(seconds=60, clock=clock)
    writes = iter(["first", "second"])

    assert cache.get_or_write("k", lambda: next(writes)) == "first"
    clock.now = 59.9
    assert cache.get_or_write("k", lambda: next(writes)) == "first"
    clock.now = 60.0
    assert cache.get_or_write("k", lambda: next(writes)) == "second"


def test_the_oldest_entries_go_first_when_full():
    cache = BriefCache(seconds=60, size=2, clock=Clock())
    for key in "abc":
        cache.get_or_write(key, lambda key=key: key.upper())
    assert cache.get_or_write("a", lambda: "again") == "again"
    assert cache.get_or_write("c", lambda: "again") == "C"


def test_a_failed_write_is_not_kept():
    cache = BriefCache(seconds=60, clock=Clock())
    with pytest.raises(RuntimeError):
        cache.get_or_write("k", lambda: (_ for _ in ()).throw(RuntimeError("down")))
    assert cache.get_or_write("k", lambda: "written") == "written"


def test_identical_requests_at_once_share_one_write():
    cache = BriefCache(seconds=60)
    release = threading.Event()
    calls: list[int] = []
    results: list[str] = []

    def slow_write():
        calls.append(1)
        release.wait(10)
        return "brief"

    def request():
        results.append(cache.get_or_write("k", slow_write))

    first = threading.Thread(target=request)
    first.start()
    while not calls:
        pass
    second = threading.Thread(target=request)
    second.start()
    release.set()
    first.join(10), second.join(10)

    assert results == ["brief", "brief"] and len(calls) == 1


def test_a_waiter_writes_for_itself_when_the_first_write_fails():
    cache = BriefCache(seconds=60)
    started, release = threading.Event(), threading.Event()
    outcomes: list[str] = []

    def failing():
        started.set()
        release.wait(10)
        raise RuntimeError("model down")

    def first():
        try:
            cache.get_or_write("k", failing)
        except RuntimeError:
            outcomes.append("failed")

    thread = threading.Thread(target=first)
    thread.start()
    started.wait(10)
    waiter = threading.Thread(
        target=lambda: outcomes.append(cache.get_or_write("k", lambda: "own"))
    )
    waiter.start()
    release.set()
    thread.join(10), waiter.join(10)

    assert sorted(outcomes) == ["failed", "own"]
