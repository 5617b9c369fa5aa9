"""Write a file all-or-nothing: a temp file in the target folder, then ``os.replace``.

Same folder, so the rename never crosses file systems and is atomic; on any failure the temp file
is removed and the target (if it existed) is untouched. OS errors become InputError in Korean
naming the file and what to do.
"""

from __future__ import annotations

import errno
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from recon_app.domain.errors import InputError


@contextmanager
def atomic_path(path: Path, what: str = "파일") -> Iterator[Path]:
    """Yield a temp path beside ``path``; on normal exit it replaces ``path``."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(
            f"{what} '{path}'의 폴더 '{folder}'가 없습니다.", hint="있는 폴더를 지정하세요."
        )
    prefix = ".~" + path.stem[:40] + "-"
    _remove_stale(folder, prefix)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
    except OSError as exc:
        raise _as_input_error(exc, path, what) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _as_input_error(exc, path, what) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


#: A temp file this old is a leftover of a killed export, not one being written right now.
STALE_AFTER_S = 3600


def _remove_stale(folder: Path, prefix: str) -> None:
    """Delete our own temp files that a killed export left behind (best effort)."""
    now = time.time()
    try:
        for leftover in folder.glob(prefix + "*.tmp"):
            if now - leftover.stat().st_mtime > STALE_AFTER_S:
                leftover.unlink(missing_ok=True)
    except OSError:
        pass  # cleaning up is a courtesy; the export itself reports real problems


def write_atomic(path: Path, write: Callable[[Path], None], what: str = "파일") -> Path:
    with atomic_path(path, what) as tmp:
        write(tmp)
    return Path(path)


def _as_input_error(exc: OSError, path: Path, what: str) -> InputError:
    code = exc.errno
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return InputError(
            f"{what} '{path}'을(를) 쓸 수 없습니다: 폴더가 읽기 전용이거나, 파일이 다른 프로그램"
            "(Excel 등)에서 열려 있습니다. 기존 파일은 그대로입니다.",
            hint="파일을 닫거나 쓰기 권한이 있는 다른 폴더를 고르세요.",
        )
    # EFBIG: the file hit a size limit (quota, FAT32's 4 GB, RLIMIT_FSIZE) — same remedy.
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return InputError(
            f"디스크 공간이 부족해 {what} '{path}'을(를) 쓰지 못했습니다 (기존 파일은 그대로입니다).",
            hint="공간을 확보한 뒤 다시 시도하세요.",
        )
    return InputError(f"{what} '{path}'을(를) 쓰지 못했습니다: {exc.strerror or exc}")
