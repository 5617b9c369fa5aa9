"""Helpers shared by CLI commands: ledger from --db, a terminal progress line."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from recon_app.domain.display import format_count
from recon_app.domain.progress import Progress
from recon_app.storage.db import Ledger, open_ledger


def ledger_from(args: argparse.Namespace) -> Ledger:
    return open_ledger(Path(args.db) if args.db else None)


class ProgressLine:
    """Rewrites one stderr line on a terminal (at most 10×/s); silent when not a terminal."""

    def __init__(self, stream=None) -> None:  # type: ignore[no-untyped-def]
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last = 0.0
        self._width = 0

    def __call__(self, p: Progress) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and (p.total is None or p.done < p.total):
            return
        self._last = now
        total = f"/{format_count(p.total)}" if p.total else ""
        text = f"  {p.message} {format_count(p.done)}{total}"
        self.stream.write("\r" + text.ljust(self._width))
        self._width = len(text)
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
