"""SIGKILL a real `python -m recon_app` process at random points of sync, import and reconcile.

Each round launches the CLI against a temp ledger and kills it in the middle of the work. The CI
variants park the process at a point picked at random from a list (parked_cli.py: inside a write
transaction, between sync windows, before a report file is renamed into place) and kill it
there, so every round is a real kill mid-work and the test asserts it. The soak waits until the
process has the ledger (or its input) open, sleeps a random fraction of the job's measured
duration and sends SIGKILL, so it also hits points no list names (a kill that comes too late is
counted as a finished run, not as a kill). After every kill the ledger
must be a sound SQLite file (integrity_check, no duplicates) holding only correct data; after
the final, uninterrupted run it must equal a clean run exactly.

tests/cli/test_sync_cli.py already kills one sync at a fixed point and resumes it, and
tests/services/test_importing.py kills one import mid-upsert; these add random points, repeated
kills on the same ledger, and reconcile/report writing. CI: a couple of kills per job; soak
(``--soak``): many.
"""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from trust_support import (
    assert_intact,
    cli,
    cli_env,
    count,
    diff_ledger_truth,
    kst,
    ledger_payments,
    truth_of,
)

from recon_app.domain.timeutil import format_kst
from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore

SOAK_KILLS = int(os.environ.get("RECON_SOAK_KILLS", "25"))

STATUS_WORD = {
    "paid": "결제완료",
    "ready": "입금대기",
    "cancelled": "주문취소",
    "failed": "주문취소",
}


def _opened(pid: int, path: Path) -> bool:
    """Whether process ``pid`` has ``path`` (or its -wal/-journal) open right now."""
    prefix = str(path)
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}").startswith(prefix):
                return True
        except OSError:
            continue
    return False


def run_and_kill(argv: list[str], env: dict[str, str], watch: Path, delay: float) -> bool:
    """Start ``argv``; once it has ``watch`` open, wait ``delay`` s and SIGKILL it.
    Returns True if it was killed, False if it finished first (then it must have succeeded)."""
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while not _opened(proc.pid, watch):
            if proc.poll() is not None:
                break
            assert time.monotonic() < deadline, "the process never opened " + str(watch)
            time.sleep(0.005)
        end = time.monotonic() + delay
        while proc.poll() is None and time.monotonic() < end:
            time.sleep(0.005)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            return True
        _out, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, err.decode(errors="replace")
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


PARKED_CLI = Path(__file__).with_name("parked_cli.py")

#: (function, k): park before the k-th call. Each is a point in the middle of the job's work.
PARK_POINTS = {
    "sync": [
        *(("recon_app.storage.payments_repo:upsert_payments", k) for k in (1, 2, 4, 6)),
        *(("recon_app.storage.payments_repo:save_progress", k) for k in (1, 3, 5)),
    ],
    "import": [
        ("recon_app.storage.orders_repo:upsert_orders", 1),  # batch row written, no orders yet
        ("recon_app.storage.orders_repo:finish_batch", 1),  # all orders written, not committed
    ],
    "reconcile": [
        ("recon_app.storage.recon_repo:record_run", 1),
        *(("os:replace", k) for k in (1, 2, 3)),  # a report written to its temp file, not renamed
    ],
}


def park_and_kill(argv: list[str], env: dict[str, str], point: tuple[str, int], tmp: Path) -> bool:
    """Run ``argv`` parked at ``point`` (see parked_cli.py), SIGKILL it there; True once killed."""
    target, k = point
    marker = tmp / f"parked-{time.monotonic_ns()}"
    parked = [sys.executable, str(PARKED_CLI), target, str(k), str(marker), *argv[3:]]
    proc = subprocess.Popen(parked, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while not marker.exists():
            if proc.poll() is not None:
                _out, err = proc.communicate(timeout=30)
                raise AssertionError(
                    f"finished (exit {proc.returncode}) before reaching {point}: "
                    + err.decode(errors="replace")[-2000:]
                )
            assert time.monotonic() < deadline, f"never reached {point}"
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        return proc.returncode == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def kill_once(
    job: str,
    argv: list[str],
    env: dict[str, str],
    rng: random.Random,
    tmp: Path,
    *,
    watch: Path,
    delay: float,
    park: bool,
) -> bool:
    if park:
        return park_and_kill(argv, env, rng.choice(PARK_POINTS[job]), tmp)
    return run_and_kill(argv, env, watch, delay)


def finish(argv: list[str], env: dict[str, str], in_process: bool = False) -> None:
    """The re-run after the kills. ``in_process``: the same CLI entry point (``main``) in this
    interpreter, for CI speed — interpreter start-up costs seconds on a busy machine; the soak
    always restarts a real process."""
    if in_process:
        import contextlib
        import io

        from recon_app.cli.main import main

        err = io.StringIO()
        saved = {k: os.environ.get(k) for k in ("PORTONE_IMP_KEY", "PORTONE_IMP_SECRET")}
        os.environ.update({k: env[k] for k in saved if k in env})
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                code = main(argv[3:])  # drop "python -m recon_app"
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        assert code == 0 and "Traceback" not in err.getvalue(), err.getvalue()
        return
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


# ---- data -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shop() -> SandboxStore:
    """October of a busy shop; some sales refunded in November."""
    store = SandboxStore.generate(
        n_payments=4000, seed=23, start=kst(2026, 10, 1), end=kst(2026, 11, 1)
    )
    for p in store.payments()[:300:7]:
        if p["status"] == "paid" and p["amount"] - p["cancel_amount"] > 10:
            store.cancel(
                p["imp_uid"], amount=(p["amount"] - p["cancel_amount"]) // 2, at=kst(2026, 11, 12)
            )
    return store


def write_orders(store: SandboxStore, path: Path, copies: int = 1) -> int:
    """The shop's order export (one order per payment's merchant_uid), UTF-8 CSV."""
    seen = set()
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "주문번호",
                "주문일시",
                "결제금액",
                "주문상태",
                "환불금액",
                "결제수단",
                "주문자명",
                "상품명",
            ]
        )
        for c in range(copies):
            for p in store.payments():
                oid = p["merchant_uid"] + (f"-{c}" if c else "")
                if oid in seen:
                    continue
                seen.add(oid)
                w.writerow(
                    [
                        oid,
                        format_kst(p["started_at"]),
                        f"{p['amount']:,}",
                        STATUS_WORD[p["status"]],
                        "",
                        "카드",
                        p["buyer_name"] or "손님",
                        p["name"] or "상품",
                    ]
                )
    return len(seen)


# ---- sync -----------------------------------------------------------------------------------
def _sync_argv(db: Path, server: SandboxServer) -> list[str]:
    return cli(
        "--db",
        str(db),
        "sync",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
        "--api-base",
        server.base_url,
        "--window-days",
        "3",
        "--page-size",
        "100",
        "--concurrency",
        "2",
    )


def sync_rounds(
    tmp: Path,
    store: SandboxStore,
    kills: int,
    rng: random.Random,
    in_process: bool = False,
    park: bool = False,
) -> dict:
    db = tmp / "sync.sqlite3"
    truth = truth_of(store)
    with SandboxServer(store, port=0, latency=0.02) as server:
        env = cli_env(PORTONE_IMP_KEY=server.imp_key, PORTONE_IMP_SECRET=server.imp_secret)
        argv = _sync_argv(db, server)
        # 4000 payments / 100 per page at 20 ms, 2 at a time: ~1-3 s of work on a busy machine.
        killed = 0
        for _ in range(kills):
            killed += kill_once(
                "sync", argv, env, rng, tmp, watch=db, delay=rng.uniform(0.0, 3.0), park=park
            )
            if db.exists():
                assert_intact(db)
                mine = ledger_payments(db)
                # What was written is right (windows commit whole), even if not everything yet.
                wrong = [u for u, v in mine.items() if truth.get(u) != v]
                assert not wrong, wrong[:3]
        finish(argv, env, in_process)
    problems = diff_ledger_truth(db, store)
    assert not problems, problems
    assert_intact(db)
    runs = sqlite3.connect(db).execute("SELECT outcome FROM sync_runs ORDER BY id").fetchall()
    assert runs[-1] == ("ok",) and ("running",) not in runs
    return {"killed": killed}


def test_sync_killed_at_random_points_then_finished(tmp_path: Path, shop: SandboxStore) -> None:
    stats = sync_rounds(tmp_path, shop, kills=2, rng=random.Random(1), in_process=True, park=True)
    assert stats["killed"] == 2


# ---- import ---------------------------------------------------------------------------------
def import_rounds(
    tmp: Path,
    store: SandboxStore,
    kills: int,
    rng: random.Random,
    in_process: bool = False,
    park: bool = False,
) -> dict:
    from recon_app.services.importing import import_orders
    from recon_app.storage.db import open_ledger

    orders = tmp / "orders.csv"
    n = write_orders(store, orders, copies=4)  # ~16k rows: about a second of import
    ref = tmp / "ref.sqlite3"
    led = open_ledger(ref)
    t0 = time.monotonic()
    import_orders(led, orders)
    work = time.monotonic() - t0
    led.close()
    db = tmp / "import.sqlite3"
    argv = cli("--db", str(db), "import-orders", str(orders))
    env = cli_env()
    killed = 0
    for _ in range(kills):
        killed += kill_once(
            "import",
            argv,
            env,
            rng,
            tmp,
            watch=orders,
            delay=rng.uniform(0.0, work * 1.3),
            park=park,
        )
        if db.exists():
            assert_intact(db)
            # One import is one transaction: all of it or none of it. Every park point lies
            # inside that transaction, so a parked kill leaves none of it.
            committed = (0,) if park else (0, n)
            assert count(db, "SELECT COUNT(*) FROM orders") in committed
            assert count(db, "SELECT COUNT(*) FROM import_batches") in ((0,) if park else (0, 1))
    finish(argv, env, in_process)
    assert_intact(db)
    cols = "order_id, ordered_at, amount, status, refunded_amount, pay_method, buyer_name"
    got = sqlite3.connect(db).execute(f"SELECT {cols} FROM orders ORDER BY order_id").fetchall()
    want = sqlite3.connect(ref).execute(f"SELECT {cols} FROM orders ORDER BY order_id").fetchall()
    assert len(got) == n and got == want
    assert count(db, "SELECT COUNT(*) FROM import_batches") == 1
    return {"killed": killed}


def test_import_killed_at_random_points_then_finished(tmp_path: Path, shop: SandboxStore) -> None:
    stats = import_rounds(tmp_path, shop, kills=2, rng=random.Random(2), in_process=True, park=True)
    assert stats["killed"] == 2


# ---- reconcile and report files -------------------------------------------------------------
def _reconcile_ledger(tmp: Path, store: SandboxStore) -> Path:
    from recon_app.adapters.portone import schema
    from recon_app.services.importing import import_orders
    from recon_app.storage import payments_repo
    from recon_app.storage.db import open_ledger
    from recon_app.storage.stores import store_id

    orders = tmp / "orders.csv"
    write_orders(store, orders, copies=2)
    db = tmp / "recon.sqlite3"
    led = open_ledger(db)
    import_orders(led, orders)
    parsed = [schema.parse_payment(p) for p in store.payments()]
    with led.write() as conn:
        payments_repo.upsert_payments(
            conn,
            store_id(conn, "default"),
            [p.row for p in parsed],
            {p.row["imp_uid"]: p.cancels for p in parsed if p.cancels},
            payment_fields=schema.PAYMENT_FIELDS,
            cancel_fields=schema.CANCEL_FIELDS,
        )
    led.close()
    return db


def _outputs_state(out: Path) -> dict[str, object]:
    """Each report file: absent, or complete (never a half-written file under the real name)."""
    state: dict[str, object] = {}
    for name in ("r.xlsx", "r.csv", "r.json"):
        f = out / name
        if not f.exists():
            continue
        if name.endswith(".xlsx"):
            with zipfile.ZipFile(f) as z:
                assert z.testzip() is None
                state[name] = sorted(z.namelist())
        elif name.endswith(".csv"):
            with open(f, encoding="utf-8-sig", newline="") as fh:
                state[name] = sum(1 for _ in csv.reader(fh))
        else:
            state[name] = len(json.loads(f.read_text(encoding="utf-8"))["rows"])
    return state


def reconcile_rounds(
    tmp: Path,
    store: SandboxStore,
    kills: int,
    rng: random.Random,
    in_process: bool = False,
    park: bool = False,
) -> dict:
    from recon_app.services.exporting import export_csv, export_json, export_xlsx
    from recon_app.services.reconciling import reconcile_month
    from recon_app.storage.db import open_ledger

    db = _reconcile_ledger(tmp, SandboxStore(store.payments()[:1500]))
    ref_dir, out = tmp / "ref", tmp / "out"
    ref_dir.mkdir()
    out.mkdir()
    led = open_ledger(db)
    t0 = time.monotonic()
    result = reconcile_month(led, "2026-10")
    export_xlsx(result, ref_dir / "r.xlsx")
    export_csv(result, ref_dir / "r.csv")
    export_json(result, ref_dir / "r.json")
    work = time.monotonic() - t0
    led.close()
    runs_before = count(db, "SELECT COUNT(*) FROM recon_runs")
    ref_state = _outputs_state(ref_dir)
    argv = cli(
        "--db",
        str(db),
        "reconcile",
        "--month",
        "2026-10",
        "--xlsx",
        str(out / "r.xlsx"),
        "--csv",
        str(out / "r.csv"),
        "--json",
        str(out / "r.json"),
    )
    env = cli_env()
    killed = 0
    for _ in range(kills):
        killed += kill_once(
            "reconcile",
            argv,
            env,
            rng,
            tmp,
            watch=db,
            delay=rng.uniform(0.0, work * 1.5),
            park=park,
        )
        assert_intact(db)
        state = _outputs_state(out)
        assert all(state[k] == ref_state[k] for k in state), (state, ref_state)
    finish(argv, env, in_process)
    assert _outputs_state(out) == ref_state
    assert (out / "r.csv").read_bytes() == (ref_dir / "r.csv").read_bytes()
    assert (
        json.loads((out / "r.json").read_text())["rows"]
        == json.loads((ref_dir / "r.json").read_text())["rows"]
    )
    assert_intact(db)
    assert count(db, "SELECT COUNT(*) FROM recon_runs") >= runs_before + 1
    # A killed writer cannot remove its temp file; say how many were left (the report names it).
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".~")]
    return {"killed": killed, "temp_files_left": len(leftovers)}


def test_reconcile_killed_at_random_points_then_finished(
    tmp_path: Path, shop: SandboxStore
) -> None:
    stats = reconcile_rounds(
        tmp_path, shop, kills=2, rng=random.Random(3), in_process=True, park=True
    )
    assert stats["killed"] == 2


# ---- soak -----------------------------------------------------------------------------------
@pytest.mark.soak
@pytest.mark.parametrize("job", ["sync", "import", "reconcile"])
def test_kill_soak(job: str, tmp_path_factory: pytest.TempPathFactory, shop: SandboxStore) -> None:
    rounds = {"sync": sync_rounds, "import": import_rounds, "reconcile": reconcile_rounds}[job]
    rng = random.Random(f"soak-{job}")
    killed = leftovers = 0
    t0 = time.monotonic()
    # Rounds of 5 kills on one ledger, then a finishing run, until SOAK_KILLS kills are done.
    i = 0
    while killed < SOAK_KILLS:
        stats = rounds(tmp_path_factory.mktemp(f"{job}-{i}"), shop, 5, rng)
        killed += stats["killed"]
        leftovers += stats.get("temp_files_left", 0)
        i += 1
    print(
        f"\nSOAK kill {job}: {killed} kills in {i} rounds, {time.monotonic() - t0:.0f} s, "
        f"temp files left by killed report writers: {leftovers}"
    )
