import threading
import time

import pytest

from llm.fair_lock import FairLock
from llm.local import LlamaCppChatModel


def wait_until(condition, limit_s: float = 10.0) -> None:
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, "the threads never queued"
        time.sleep(0.001)


def test_waiting_threads_get_the_lock_in_arrival_order():
    lock = FairLock()
    served: list[int] = []

    def worker(n: int) -> None:
        with lock:
            served.append(n)

    lock.acquire()
    threads = []
    for n in range(12):
        thread = threading.Thread(target=worker, args=(n,))
        thread.start()
        threads.append(thread)
        wait_until(lambda: lock.queued == n + 2)  # the holder and n + 1 waiters
    lock.release()
    for thread in threads:
        thread.join(timeout=10)

    assert served == list(range(12))
    assert lock.queued == 0


def test_a_release_without_a_holder_is_refused():
    lock = FairLock()
    with lock:
        pass
    with pytest.raises(RuntimeError, match="not held"):
        lock.release()


def test_the_in_process_model_queues_on_a_fair_lock(tmp_path):
    model = LlamaCppChatModel(tmp_path / "unused.gguf")
    assert isinstance(model._lock, FairLock)
