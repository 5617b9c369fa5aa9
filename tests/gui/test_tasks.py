"""TaskRunner: what happens to work still waiting when the window closes."""

from __future__ import annotations

import threading
import time
from typing import Any

from recon_app.gui.tasks import TaskRunner


def test_shutdown_reports_queued_ops_as_cancelled_not_as_errors(qtbot: Any) -> None:
    """Closing the window drops queued work (``cancel_futures``); a dropped future has no
    ``exception()`` — asking raised CancelledError inside the finish callback."""
    runner = TaskRunner()
    errors: list[Any] = []
    runner.error_handler = lambda exc, label: errors.append((label, exc))
    started = threading.Event()
    outcome: list[str] = []

    def blocking(_progress: Any, cancel: Any) -> None:
        started.set()
        while not cancel.cancelled:
            time.sleep(0.01)
        cancel.raise_if_cancelled()

    runner.op(blocking, pool="cpu", label="running").on_cancelled(
        lambda: outcome.append("running")
    ).run()
    assert started.wait(5)
    for i in range(3):  # the cpu pool has one worker: these wait in its queue
        runner.op(lambda _p, _c: None, pool="cpu", label=f"queued {i}").on_cancelled(
            lambda i=i: outcome.append(f"queued {i}")
        ).on_success(lambda _r, i=i: outcome.append(f"ran {i}")).run()
    runner.shutdown()
    qtbot.waitUntil(lambda: len(outcome) == 4, timeout=5_000)
    assert sorted(outcome) == ["queued 0", "queued 1", "queued 2", "running"]
    assert errors == []
