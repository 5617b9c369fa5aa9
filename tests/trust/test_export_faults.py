"""Writing the reports when the disk is full, the folder is read-only or the file is "locked".

The errors here are real OS errors, caused in a forked child process (so the limits and the uid
change stay there):

* disk full: ``RLIMIT_FSIZE`` in the child — any write past the limit fails with EFBIG (SIGXFSZ
  ignored so it is an error, not a kill). That is the kernel refusing the bytes, as a full disk
  does; a real ENOSPC needs a small mounted file system, which a test may not create here.
* read-only folder: we are root, and root ignores permission bits, so the child drops to uid
  65534 (nobody) and writes into a root-owned 0755 folder: a real EACCES.
* "locked by Excel": Windows refuses to replace a file Excel holds open. Linux has no mandatory
  locks, so we use the two things that make the final rename fail for real: the target path is a
  folder, and (as nobody) an existing report owned by root in a sticky world-writable folder,
  which the sticky bit forbids replacing (EPERM) — the same "cannot replace the old file" case.

tests/services/test_exporting.py already checks the messages with monkeypatched os.replace /
mkstemp (and chattr +i where allowed); these check the same promises against the real errors,
and through the CLI: InputError, exit 2, no traceback, no partial or temp file left, old file intact.
"""

from __future__ import annotations

import os
import pickle
import resource
import signal
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from recon_app.domain.errors import InputError
from recon_app.services.exporting import export_csv, export_json, export_xlsx
from recon_app.services.reconciling import reconcile_month
from recon_app.storage.db import open_ledger

NOBODY = 65534
EXPORTS = {"xlsx": export_xlsx, "csv": export_csv, "json": export_json}


def in_child(
    fn: Callable[[], Any], *, uid: int | None = None, fsize: int | None = None
) -> dict[str, Any]:
    """Run ``fn`` in a forked child (optionally as ``uid`` / with a file size limit).
    Returns {"value"} or {"error": type name, "message", "traceback"} plus the child's stderr."""
    rfd, wfd = os.pipe()
    err_file = tempfile.NamedTemporaryFile(delete=False)  # noqa: SIM115 (closed at once; the child writes it)
    err_file.close()
    os.chmod(err_file.name, 0o666)
    pid = os.fork()
    if pid == 0:  # child: never returns into pytest
        try:
            os.close(rfd)
            fd = os.open(err_file.name, os.O_WRONLY | os.O_TRUNC)
            os.dup2(fd, 2)
            sys.stderr = open(2, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115
            if fsize is not None:
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
            if uid is not None:
                os.setgid(uid)
                os.setuid(uid)
            try:
                out: dict[str, Any] = {"value": fn()}
            except BaseException as exc:
                out = {
                    "error": type(exc).__name__,
                    "message": str(exc),
                    "input_error": isinstance(exc, InputError),
                    "traceback": traceback.format_exc(),
                }
            os.write(wfd, pickle.dumps(out))
            sys.stderr.flush()
        finally:
            os._exit(0)
    os.close(wfd)
    chunks = []
    while chunk := os.read(rfd, 65536):
        chunks.append(chunk)
    os.close(rfd)
    os.waitpid(pid, 0)
    result = pickle.loads(b"".join(chunks))
    result["stderr"] = Path(err_file.name).read_text(encoding="utf-8", errors="replace")
    os.unlink(err_file.name)
    return result


def _ledger_of(n: int) -> Path:
    """A ledger of ``n`` orders without payments (every report row carries a status label and a
    Korean reason, so the reports outgrow the ledger), in a folder uid 65534 can use too."""
    from recon_app.services.importing import import_orders

    folder = Path(tempfile.mkdtemp(prefix="recon-trust-"))
    folder.chmod(0o777)
    orders = folder / "orders.csv"
    rows = ["주문번호,주문일시,결제금액,주문상태,주문자명"]
    rows += [
        f"ORD-{i:06d},2026-10-{1 + i % 28:02d} 10:00:00,{5000 + i},결제완료,구매자{i % 97}"
        for i in range(n)
    ]
    orders.write_text("\n".join(rows) + "\n", encoding="utf-8")
    db = folder / "ledger.sqlite3"
    led = open_ledger(db)
    import_orders(led, orders)
    led.close()
    for p in folder.iterdir():
        p.chmod(0o666)
    return db


@pytest.fixture(scope="module")
def big_ledger() -> Iterator[Path]:
    import shutil

    db = _ledger_of(12000)
    yield db
    shutil.rmtree(db.parent, ignore_errors=True)


@pytest.fixture(scope="module")
def small_ledger() -> Iterator[Path]:
    import shutil

    db = _ledger_of(1500)
    yield db
    shutil.rmtree(db.parent, ignore_errors=True)


@pytest.fixture(scope="module")
def result(small_ledger: Path):  # type: ignore[no-untyped-def]
    led = open_ledger(small_ledger)
    try:
        yield reconcile_month(led, "2026-10")
    finally:
        led.close()


@pytest.fixture
def shared_dir_() -> Iterator[Path]:
    """A folder outside pytest's 0700 tmp tree, so uid 65534 can reach it."""
    import shutil

    folder = Path(tempfile.mkdtemp(prefix="recon-trust-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module", autouse=True)
def _warm_imports(small_ledger: Path) -> None:
    """The child as uid 65534 cannot read the interpreter's stdlib under /root: import everything
    the CLI's reconcile path needs first, by running it once here (no outputs)."""
    import contextlib
    import http.cookiejar  # noqa: F401 - httpx imports it lazily
    import io

    from recon_app.cli.main import main

    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["--db", str(small_ledger), "reconcile", "--month", "2026-10"]) == 0


def _db_size(db: Path) -> int:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


# ---- disk full ------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["xlsx", "csv", "json"])
def test_disk_full_is_a_clear_error_and_leaves_nothing(
    result, shared_dir_: Path, kind: str
) -> None:  # type: ignore[no-untyped-def]
    target = shared_dir_ / f"r.{kind}"
    got = in_child(lambda: EXPORTS[kind](result, target) and None, fsize=64 * 1024)
    assert got.get("input_error"), got
    assert str(target) in got["message"] and "Traceback" not in got["message"]
    assert list(shared_dir_.iterdir()) == []  # no partial report, no temp file


def test_disk_full_old_report_is_kept(result, shared_dir_: Path) -> None:  # type: ignore[no-untyped-def]
    target = shared_dir_ / "r.xlsx"
    target.write_bytes(b"last month's good report")
    got = in_child(lambda: export_xlsx(result, target) and None, fsize=64 * 1024)
    assert got.get("input_error"), got
    assert target.read_bytes() == b"last month's good report"
    assert [p.name for p in shared_dir_.iterdir()] == ["r.xlsx"]


def test_disk_full_through_the_cli_exits_2(big_ledger: Path, shared_dir_: Path) -> None:
    from recon_app.cli.main import main

    # Room for the ledger's own small writes (WAL, shm, the recon run row), not for the report.
    limit = _db_size(big_ledger) + 256 * 1024
    out = shared_dir_ / "r.csv"
    got = in_child(
        lambda: main(
            ["--db", str(big_ledger), "reconcile", "--month", "2026-10", "--csv", str(out)]
        ),
        fsize=limit,
    )
    assert got.get("value") == 2, got
    assert (
        "오류:" in got["stderr"] and str(out) in got["stderr"] and "Traceback" not in got["stderr"]
    )
    assert list(shared_dir_.iterdir()) == []


# ---- read-only folder -----------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["xlsx", "csv", "json"])
def test_read_only_folder_as_non_root(result, shared_dir_: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    target = shared_dir_ / f"r.{kind}"
    got = in_child(lambda: EXPORTS[kind](result, target) and None, uid=NOBODY)
    assert got.get("input_error") and "쓸 수 없습니다" in got["message"], got
    assert list(shared_dir_.iterdir()) == []


def test_read_only_folder_through_the_cli_exits_2(small_ledger: Path, shared_dir_: Path) -> None:
    from recon_app.cli.main import main

    out = shared_dir_ / "r.xlsx"
    got = in_child(
        lambda: main(
            ["--db", str(small_ledger), "reconcile", "--month", "2026-10", "--xlsx", str(out)]
        ),
        uid=NOBODY,
    )
    assert got.get("value") == 2, got
    assert "쓸 수 없습니다" in got["stderr"] and "Traceback" not in got["stderr"]
    assert list(shared_dir_.iterdir()) == []


# ---- "locked by Excel" ----------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["xlsx", "csv", "json"])
def test_target_is_a_folder(result, shared_dir_: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    target = shared_dir_ / f"r.{kind}"
    target.mkdir()
    with pytest.raises(InputError) as err:
        EXPORTS[kind](result, target)
    assert str(target) in str(err.value)
    assert [p.name for p in shared_dir_.iterdir()] == [target.name] and list(target.iterdir()) == []


@pytest.mark.parametrize("kind", ["xlsx", "csv", "json"])
def test_existing_report_that_cannot_be_replaced(result, shared_dir_: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    """Stands for a report open in Excel on Windows: the folder is writable, the old file is not
    replaceable (sticky folder, file owned by someone else)."""
    shared_dir_.chmod(0o1777)
    target = shared_dir_ / f"r.{kind}"
    target.write_bytes(b"open in Excel")
    got = in_child(lambda: EXPORTS[kind](result, target) and None, uid=NOBODY)
    assert got.get("input_error") and "열려 있습니다" in got["message"], got
    assert target.read_bytes() == b"open in Excel"
    assert [p.name for p in shared_dir_.iterdir()] == [target.name]
