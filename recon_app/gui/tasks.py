"""Background work for the GUI (cf. Anki ``aqt/taskman.py``).

This module owns the GUI's worker threads: the window and its panels never start a thread of
their own, they hand every blocking call to a :class:`TaskRunner`. It does not own every thread
of the process. A service or adapter running inside a task may use short-lived pools of its own
and joins them before it returns: the payment sync (``services/syncing.py``: the PortOne request
pool, the window pool and the one-thread ledger writer) and the Excel report writer
(``adapters/report/sheet_rows.py``: a thread that deflates rows while the next ones render). The
local sandbox server (``recon_app/sandbox``) runs its own serving thread.

Three pools, each a ``ThreadPoolExecutor``:

* ``db``  — one worker. Every ledger read/write goes here, so SQLite work is serialised and a
  reconcile never races an import.
* ``net`` — a few workers for calls that wait on the network (credential checks). A sync also
  writes the ledger, so it runs on ``db`` like the other writers.
* ``cpu`` — one worker for pure computations on data already in memory (sorting a million text
  cells), so they never queue behind a long sync.

An :class:`Op` wraps a blocking service call ``fn(progress, cancel) -> result``. Rules (see the
threading notes in STYLE.md):

* ``fn`` runs on a worker and must never touch a widget or a model; it returns frozen data.
* ``on_success`` / ``on_error`` / ``on_progress`` callbacks always run on the GUI thread, delivered
  through a queued Qt signal (:class:`_Bridge`).
* Progress is coalesced: a worker may report a million times, the GUI sees at most ~20 updates a
  second and always the last one.
* Cancelling sets the :class:`CancelToken`; the service raises ``Cancelled`` at a safe point and
  rolls back, and the op ends through ``on_cancelled`` (default: a status-bar line).
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, Generic, Literal, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot

from recon_app.domain.errors import Cancelled
from recon_app.domain.progress import CancelToken, Progress

_gc_lock = threading.Lock()
_gc_pause = {"depth": 0, "was_enabled": False}  # pauses may overlap (several workers)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector while a worker builds a big result.

    A full collection walks every tracked object holding the GIL: at a million rows that was a
    66 ms freeze of the GUI thread in the middle of a reconcile (the issue asks for <= 50 ms).
    Reference counting still frees everything; the collector resumes when the last pause ends
    and then only meets the (few) container objects that survive.
    """
    with _gc_lock:
        if _gc_pause["depth"] == 0:
            _gc_pause["was_enabled"] = gc.isenabled()  # never re-enable what someone else disabled
            gc.disable()
        _gc_pause["depth"] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pause["depth"] -= 1
            if _gc_pause["depth"] == 0 and _gc_pause["was_enabled"]:
                gc.enable()


log = logging.getLogger(__name__)

T = TypeVar("T")
Pool = Literal["db", "net", "cpu"]
TaskFn = Callable[[Callable[[Progress], None], CancelToken], T]

#: Minimum seconds between two progress deliveries to the GUI thread.
PROGRESS_INTERVAL = 0.05


class _Bridge(QObject):
    """Lives on the GUI thread; runs closures posted from workers (queued connection)."""

    posted = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.posted.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run(self, fn: Callable[[], None]) -> None:
        fn()


class OpHandle:
    """What :meth:`Op.run` returns: cancel it, ask whether it is done."""

    def __init__(self, token: CancelToken, future: Future[Any]) -> None:
        self.token = token
        self.future = future
        self.finished = False  # set on the GUI thread once callbacks have run

    def cancel(self) -> None:
        self.token.cancel()

    @property
    def running(self) -> bool:
        return not self.finished


class TaskRunner(QObject):
    """Owns the worker pools. One per main window; :meth:`shutdown` on close."""

    busy_changed = Signal(int)  # number of ops not yet finished
    cancelled = Signal(str)  # label of an op that ended by cancellation

    def __init__(self, parent: QObject | None = None, *, net_workers: int = 3) -> None:
        super().__init__(parent)
        self._pools: dict[str, ThreadPoolExecutor] = {
            "db": ThreadPoolExecutor(max_workers=1, thread_name_prefix="recon-db"),
            "net": ThreadPoolExecutor(max_workers=net_workers, thread_name_prefix="recon-net"),
            "cpu": ThreadPoolExecutor(max_workers=1, thread_name_prefix="recon-cpu"),
        }
        self._bridge = _Bridge()
        self._active: set[OpHandle] = set()
        self._closed = False
        #: Called on the GUI thread with (exception, label) when an op has no on_error.
        self.error_handler: Callable[[BaseException, str], None] = _log_error

    # -- API ------------------------------------------------------------------------------
    def op(self, fn: TaskFn[T], *, pool: Pool = "db", label: str = "") -> Op[T]:
        return Op(self, fn, pool=pool, label=label)

    @property
    def active_count(self) -> int:
        return len(self._active)

    def cancel_all(self) -> None:
        for handle in list(self._active):
            handle.cancel()

    def shutdown(self) -> None:
        """Cancel what runs, drop what waits, and wait for the workers to stop (on close)."""
        if self._closed:
            return
        self._closed = True
        self.cancel_all()
        for pool in self._pools.values():
            pool.shutdown(wait=True, cancel_futures=True)

    def post(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the GUI thread soon (safe to call from any thread)."""
        self._bridge.posted.emit(fn)

    # -- internals ------------------------------------------------------------------------
    def _submit(self, op: Op[Any]) -> OpHandle:
        if self._closed:
            # Qt may still deliver a queued signal (a selection change, a timer) after the window
            # closed; the slot asks for work that nobody will see. Drop it without running ``fn``
            # or any callback, so that a user quitting at that moment gets no error.
            log.debug("dropped %r: the task runner is shut down", op.label or op.fn)
            if op._dialog is not None:
                op._dialog.deleteLater()  # built by with_progress, never shown
            return _dropped_handle(op.token)
        op._start_dialog()
        token = op.token
        state = _ProgressState()

        def report(p: Progress) -> None:  # worker thread
            state.latest = p
            now = time.monotonic()
            if state.scheduled or now - state.last_sent < PROGRESS_INTERVAL:
                return
            state.scheduled = True
            state.last_sent = now
            self.post(deliver_progress)

        def deliver_progress() -> None:  # GUI thread
            state.scheduled = False
            if state.latest is not None and not handle.finished:
                op._emit_progress(state.latest)

        def work() -> Any:  # worker thread
            token.raise_if_cancelled()
            return op.fn(report, token)

        future = self._pools[op.pool].submit(work)
        handle = OpHandle(token, future)
        self._active.add(handle)
        self.busy_changed.emit(len(self._active))

        def done(fut: Future[Any]) -> None:  # worker thread (or caller, if already done)
            self.post(lambda: finish(fut))

        def finish(fut: Future[Any]) -> None:  # GUI thread
            if state.latest is not None:
                op._emit_progress(state.latest)
            handle.finished = True
            self._active.discard(handle)
            self.busy_changed.emit(len(self._active))
            op._finish(fut)

        future.add_done_callback(done)
        return handle


def _dropped_handle(token: CancelToken) -> OpHandle:
    """A handle for work that never ran: cancelled and already finished."""
    token.cancel()
    future: Future[Any] = Future()
    future.cancel()
    handle = OpHandle(token, future)
    handle.finished = True
    return handle


class _ProgressState:
    def __init__(self) -> None:
        self.latest: Progress | None = None
        self.scheduled = False
        self.last_sent = 0.0


class Op(Generic[T]):
    """Builder for one background call (cf. Anki ``CollectionOp``/``QueryOp``).

    ``runner.op(fn).on_success(show).on_error(explain).with_progress(window, "…").run()``
    """

    def __init__(self, runner: TaskRunner, fn: TaskFn[T], *, pool: Pool, label: str) -> None:
        self.runner = runner
        self.fn = fn
        self.pool = pool
        self.label = label
        self.token = CancelToken()
        self._success: Callable[[T], None] | None = None
        self._error: Callable[[BaseException], None] | None = None
        self._cancelled: Callable[[], None] | None = None
        self._finally: list[Callable[[], None]] = []
        self._progress: list[Callable[[Progress], None]] = []
        self._dialog: Any = None  # a ProgressDialog, shown once the work is submitted

    def on_success(self, fn: Callable[[T], None]) -> Op[T]:
        self._success = fn
        return self

    def on_error(self, fn: Callable[[BaseException], None]) -> Op[T]:
        self._error = fn
        return self

    def on_cancelled(self, fn: Callable[[], None]) -> Op[T]:
        self._cancelled = fn
        return self

    def on_finally(self, fn: Callable[[], None]) -> Op[T]:
        """Runs after success, error or cancel (e.g. re-enable a button)."""
        self._finally.append(fn)
        return self

    def on_progress(self, fn: Callable[[Progress], None]) -> Op[T]:
        self._progress.append(fn)
        return self

    def with_progress(self, parent: Any, title: str) -> Op[T]:
        """Show a cancellable progress dialog bound to this op's token while it runs."""
        from recon_app.gui.widgets.progress_dialog import ProgressDialog

        dialog = ProgressDialog(parent, title, self.token)
        self._progress.append(dialog.update_progress)
        self._finally.append(dialog.finish)
        self._dialog = dialog
        return self

    def run(self) -> OpHandle:
        """Submit the work; after :meth:`TaskRunner.shutdown` it is dropped (nothing runs)."""
        return self.runner._submit(self)

    def _start_dialog(self) -> None:
        if self._dialog is not None:
            self._dialog.start()

    # -- GUI thread -----------------------------------------------------------------------
    def _emit_progress(self, p: Progress) -> None:
        for fn in self._progress:
            self._guard(fn, p)

    def _finish(self, fut: Future[Any]) -> None:
        try:
            # a future cancelled before it ran (shutdown drops queued work) has no exception():
            # asking raises CancelledError, so look at cancelled() first
            exc = None if fut.cancelled() else fut.exception()
            if fut.cancelled() or isinstance(exc, Cancelled):
                if self._cancelled is not None:
                    self._guard(self._cancelled)
                else:
                    self.runner.cancelled.emit(self.label)
            elif exc is not None:
                if not _is_expected(exc):
                    log.error("%s failed", self.label or self.fn, exc_info=exc)
                if self._error is not None:
                    self._guard(self._error, exc)
                else:
                    self.runner.error_handler(exc, self.label)
            elif self._success is not None:
                self._guard(self._success, fut.result())
        finally:
            for fn in self._finally:
                self._guard(fn)

    def _guard(self, fn: Callable[..., None], *args: Any) -> None:
        """A callback bug must not escape into Qt's event loop; log it and explain it."""
        try:
            fn(*args)
        except Exception as exc:
            log.exception("callback of %s failed", self.label or self.fn)
            self.runner.error_handler(exc, self.label)


def _is_expected(exc: BaseException) -> bool:
    from recon_app.domain.errors import ReconError

    return isinstance(exc, ReconError)


def _log_error(exc: BaseException, label: str) -> None:
    log.error("unhandled error in %s: %s", label, exc, exc_info=exc)
