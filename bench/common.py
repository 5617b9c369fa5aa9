"""What every benchmark child process shares: paths, the app's data dir, timing and peak memory.

A child runs ONE measurement (one stage or one floor, one repetition) and prints one JSON line
starting with ``RESULT_TAG``. Setup (generating data, building a ledger) happens before the
measurement; the peak-RSS counter is reset after it (``/proc/self/clear_refs`` 5), so the peak
reported is the measured work's own, plus the interpreter and imports already loaded.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = ROOT / "bench" / "data"
TMP = DATA / "tmp"
RESULT_TAG = "BENCH_RESULT "

# The app must never touch the user's real data dir from a benchmark.
os.environ.setdefault("RECON_DATA_DIR", str(DATA / "appdata"))


class Unavailable(Exception):
    """An optional package that a stage compares the app against is not installed."""


def peak_rss_mb() -> float:
    """High-water RSS of this process since start or the last :func:`reset_peak` (MB)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux ≥ 4.0); False where not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system


@contextmanager
def timed(out: dict[str, Any], key: str = "seconds") -> Iterator[None]:
    """Wall and CPU seconds of the block into ``out[key]`` / ``out['cpu_' + key]``."""
    c0, t0 = cpu_seconds(), time.perf_counter()
    yield
    out[key] = time.perf_counter() - t0
    out["cpu_" + key] = cpu_seconds() - c0


def fresh_path(name: str, suffix: str = ".sqlite3") -> Path:
    TMP.mkdir(parents=True, exist_ok=True)
    path = TMP / f"{name}-{os.getpid()}{suffix}"
    remove_db(path)
    return path


def remove_db(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        if p.exists():
            p.unlink()


def copy_db(src: Path, dst: Path) -> None:
    remove_db(dst)
    shutil.copyfile(src, dst)


def emit(result: dict[str, Any]) -> None:
    print(RESULT_TAG + json.dumps(result, ensure_ascii=False, default=str), flush=True)


def run_child(measure: Callable[[], dict[str, Any]], base: dict[str, Any]) -> int:
    """Run one measurement and print its JSON line (also for Unavailable and errors)."""
    try:
        result = measure()
    except Unavailable as exc:
        emit({**base, "unavailable": str(exc)})
        return 0
    except Exception as exc:  # a stage that crashes is reported, not hidden
        import traceback

        traceback.print_exc()
        emit({**base, "error": f"{type(exc).__name__}: {exc}"})
        return 1
    result.setdefault("peak_mb", round(peak_rss_mb(), 1))
    emit({**base, **result})
    return 0
