"""Console output that never fails on a character the console cannot show.

A Windows console redirected to a file or pipe writes in the ANSI code page (CP949 on Korean
Windows, CP1252 on an English one), and Python's default ``errors="strict"`` then raises
UnicodeEncodeError on the first character outside it — a path with an emoji, a product name in
Chinese, or all of Korean on CP1252. Output is for people: a ``?`` beats a crash, so such streams
are switched to ``errors="replace"``. UTF-8 streams (every modern terminal, Windows' own console
through WriteConsoleW) are left alone.
"""

from __future__ import annotations

import codecs
import sys
from typing import TextIO


def _is_utf(encoding: str | None) -> bool:
    if not encoding:
        return False
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def make_safe(stream: TextIO | None) -> None:
    """Reconfigure ``stream`` to replace what its encoding cannot encode (no-op for UTF-8)."""
    if stream is None or _is_utf(getattr(stream, "encoding", None)):
        return
    reconfigure = getattr(stream, "reconfigure", None)  # io.TextIOWrapper; not a test's StringIO
    if reconfigure is not None:
        reconfigure(errors="replace")


def make_console_safe() -> None:
    make_safe(sys.stdout)
    make_safe(sys.stderr)
