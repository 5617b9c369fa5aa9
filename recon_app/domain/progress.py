"""Progress reporting and cancellation for long jobs, free of Qt (cf. Orange's TaskState).

Services take ``progress: ProgressFn | None`` and ``cancel: CancelToken | None``; the CLI prints
progress lines, the GUI turns them into signals from its worker thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from recon_app.domain.errors import Cancelled


@dataclass(frozen=True)
class Progress:
    done: int
    total: int | None  # None when the total is not known yet
    message: str = ""


ProgressFn = Callable[[Progress], None]


class CancelToken:
    """Set from any thread; checked by the worker at safe points (between pages, chunks)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def report(progress: ProgressFn | None, done: int, total: int | None, message: str = "") -> None:
    if progress is not None:
        progress(Progress(done, total, message))
