"""Shared helpers for the trust tests: the sandbox's truth vs the ledger, subprocess launches.

The comparison is exact and total: the same set of imp_uids, every ledger column the API fills
(status, amount, cancel_amount, times, names...) equal to what the sandbox would send now, the
same cancel history entry by entry, no duplicates, and ``PRAGMA integrity_check`` ok.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from recon_app.adapters.portone import schema
from recon_app.domain.timeutil import KST
from recon_app.sandbox.store import SandboxStore

ROOT = Path(__file__).resolve().parents[2]
SOAK_RUNS = int(os.environ.get("RECON_SOAK_RUNS", "200"))


def kst(*args: int) -> int:
    return int(datetime(*args, tzinfo=KST).timestamp())


OCT_LO, OCT_HI = kst(2026, 10, 1), kst(2026, 11, 1) - 1


def truth_of(store: SandboxStore) -> dict[str, tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
    """Every sandbox payment as the ledger must hold it: (payment row, cancel rows)."""
    out = {}
    for p in store.payments():
        parsed = schema.parse_payment(p)
        out[p["imp_uid"]] = (
            tuple(parsed.row[f] for f in schema.PAYMENT_FIELDS),
            list(parsed.cancels),
        )
    return out


def ledger_payments(
    path: Path, store: str = "default"
) -> dict[str, tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
    db = sqlite3.connect(path)
    try:
        cols = ", ".join(f"p.{c}" for c in schema.PAYMENT_FIELDS)
        rows = db.execute(
            f"SELECT {cols} FROM payments p JOIN stores s ON s.id = p.store_id WHERE s.name=?",
            (store,),
        ).fetchall()
        cancels: dict[str, list[tuple[Any, ...]]] = {}
        ccols = ", ".join("c." + f for f in schema.CANCEL_FIELDS)
        for rec in db.execute(
            f"SELECT c.imp_uid, {ccols} FROM payment_cancels c JOIN stores s "
            "ON s.id = c.store_id WHERE s.name=? ORDER BY c.imp_uid, c.seq",
            (store,),
        ):
            cancels.setdefault(rec[0], []).append(tuple(rec[1:]))
    finally:
        db.close()
    sandbox_idx = schema.PAYMENT_FIELDS.index("sandbox")
    out = {}
    for r in rows:
        r = tuple(bool(v) if i == sandbox_idx else v for i, v in enumerate(r))
        out[r[0]] = (r, cancels.get(r[0], []))
    return out


def assert_intact(path: Path) -> None:
    """The file is a sound SQLite database without duplicate payments or orders."""
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert (
            db.execute(
                "SELECT COUNT(*) FROM (SELECT store_id, imp_uid FROM payments "
                "GROUP BY 1, 2 HAVING COUNT(*) > 1)"
            ).fetchone()[0]
            == 0
        )
        assert (
            db.execute(
                "SELECT COUNT(*) FROM (SELECT store_id, order_id FROM orders "
                "GROUP BY 1, 2 HAVING COUNT(*) > 1)"
            ).fetchone()[0]
            == 0
        )
        assert (
            db.execute(
                "SELECT COUNT(*) FROM (SELECT store_id, imp_uid, seq FROM payment_cancels "
                "GROUP BY 1, 2, 3 HAVING COUNT(*) > 1)"
            ).fetchone()[0]
            == 0
        )
    finally:
        db.close()


def diff_ledger_truth(path: Path, store: SandboxStore, name: str = "default") -> list[str]:
    """Human-readable differences between the ledger and the sandbox (empty = equal)."""
    truth = truth_of(store)
    mine = ledger_payments(path, name)
    problems = []
    missing = sorted(set(truth) - set(mine))
    extra = sorted(set(mine) - set(truth))
    if missing:
        problems.append(f"{len(missing)} missing, e.g. {missing[:3]}")
    if extra:
        problems.append(f"{len(extra)} not in the sandbox, e.g. {extra[:3]}")
    cols = schema.PAYMENT_FIELDS
    for uid in sorted(set(truth) & set(mine)):
        (t_row, t_cancels), (m_row, m_cancels) = truth[uid], mine[uid]
        if t_row != m_row:
            fields = [
                f"{c}: ledger {m!r} vs truth {t!r}" for c, m, t in zip(cols, m_row, t_row) if m != t
            ]
            problems.append(f"{uid} differs: {'; '.join(fields)}")
        elif t_cancels != m_cancels:
            problems.append(f"{uid} cancel history: ledger {m_cancels} vs truth {t_cancels}")
        if len(problems) > 8:
            break
    return problems


def assert_ledger_equals_truth(path: Path, store: SandboxStore, name: str = "default") -> int:
    assert_intact(path)
    problems = diff_ledger_truth(path, store, name)
    assert not problems, "\n".join(problems)
    return len(store)


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "recon_app", *args]


def cli_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    env.update(extra)
    return env


def count(path: Path, sql: str) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute(sql).fetchone()[0])
    finally:
        db.close()
