"""TaskRunner: what happens to work still waiting when the window closes."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from recon_app.gui.tasks import OpHandle, TaskRunner


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


def test_work_requested_after_shutdown_is_dropped_quietly(
    qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """A queued signal delivered after the window closed (a selection change) asks for work:
    nothing raises into Qt's event loop, and neither the work nor any callback runs."""
    from recon_app.gui.widgets.progress_dialog import ProgressDialog

    runner = TaskRunner()
    errors: list[Any] = []
    runner.error_handler = lambda exc, label: errors.append((label, exc))
    ran: list[str] = []
    handles: list[OpHandle] = []
    parent = QWidget()
    qtbot.addWidget(parent)

    def request() -> None:  # the slot, like operations.reconcile.load_detail
        handles.append(
            runner.op(lambda _p, _c: ran.append("fn"), label="late detail")
            .on_success(lambda _r: ran.append("success"))
            .on_error(lambda _e: ran.append("error"))
            .on_cancelled(lambda: ran.append("cancelled"))
            .on_finally(lambda: ran.append("finally"))
            .with_progress(parent, "late")
            .run()
        )

    class Emitter(QObject):
        selected = Signal()

    emitter = Emitter()
    emitter.selected.connect(request, Qt.ConnectionType.QueuedConnection)
    runner.shutdown()
    emitter.selected.emit()  # delivered later by the event loop, after the shutdown
    with caplog.at_level(logging.DEBUG, logger="recon_app.gui.tasks"):
        qtbot.waitUntil(lambda: len(handles) == 1, timeout=5_000)
    QCoreApplication.processEvents()  # deliver whatever the drop might have posted
    handle = handles[0]
    assert handle.future.cancelled() and handle.token.cancelled and not handle.running
    assert ran == [] and errors == []
    assert runner.active_count == 0
    assert not any(d.isVisible() for d in parent.findChildren(ProgressDialog))
    assert "dropped 'late detail'" in caplog.text
