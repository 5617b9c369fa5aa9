"""A killed export leaves a temp file; the next export of the same report removes stale ones."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

from recon_app.adapters.report.atomic import STALE_AFTER_S, _as_input_error, write_atomic


def test_stale_temp_files_of_the_same_report_are_removed(tmp_path: Path) -> None:
    stale = tmp_path / ".~report-abc123.tmp"
    fresh = tmp_path / ".~report-def456.tmp"  # another export may be writing this one right now
    other = tmp_path / ".~other-abc123.tmp"
    for f in (stale, fresh, other):
        f.write_bytes(b"half a workbook")
    old = time.time() - STALE_AFTER_S - 60
    os.utime(stale, (old, old))
    os.utime(other, (old, old))

    write_atomic(tmp_path / "report.xlsx", lambda p: p.write_bytes(b"whole"))

    assert (tmp_path / "report.xlsx").read_bytes() == b"whole"
    assert not stale.exists()
    assert fresh.exists() and other.exists()


def test_file_size_limit_reads_as_disk_full(tmp_path: Path) -> None:
    err = _as_input_error(OSError(errno.EFBIG, "File too large"), tmp_path / "r.xlsx", "보고서")
    assert "디스크 공간" in str(err)
