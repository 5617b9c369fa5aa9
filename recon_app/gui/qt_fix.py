"""Work around PySide6 6.12.0: ``SignalInstance.emit()`` returns ``True`` without a reference.

Each Python-side ``emit()`` lowers ``True``'s reference count by one; on Python < 3.12 (bools are
not immortal) a few hundred emits later the interpreter aborts with "bool_dealloc: deallocating
True or False". Measured here: 6.12.0 leaks one reference per emit, 6.11.2 none. Every emit in
the app goes through :func:`emit`, which gives the reference back when (and only when) the
running PySide6 is found to leak, so the fix is inert on a good version.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    ping = Signal()


def _measure_leak() -> bool:
    probe = _Probe()
    results = []
    before = sys.getrefcount(True)
    for _ in range(8):
        results.append(probe.ping.emit())
    leaked = before - (sys.getrefcount(True) - sum(r is True for r in results))
    del results
    if leaked > 0:
        for _ in range(leaked):
            _incref(True)  # give back what the probe itself took
    return leaked > 0


EMIT_LEAKS = _measure_leak()


def emit(signal: Any, *args: Any) -> None:
    """``signal.emit(*args)``, minus PySide6 6.12.0's refcount bug (see module docstring)."""
    result = signal.emit(*args)
    if EMIT_LEAKS and isinstance(result, bool):
        _incref(result)
