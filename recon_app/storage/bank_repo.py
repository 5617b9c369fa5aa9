"""Bank accounts, their transactions, PG sender names and saved payout rules (issue 13)."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, delete, insert, select

from recon_app.storage.db import raw
from recon_app.storage.tables import (
    bank_accounts,
    payout_closed_days,
    payout_rules,
    pg_senders,
)


# -- accounts --------------------------------------------------------------------------------------
def account_id(
    conn: Connection,
    store_id: int,
    name: str,
    *,
    bank: str | None = None,
    number_masked: str | None = None,
    create: bool = True,
) -> int | None:
    found = conn.execute(
        select(bank_accounts.c.id).where(
            bank_accounts.c.store_id == store_id, bank_accounts.c.name == name
        )
    ).scalar_one_or_none()
    if found is not None or not create:
        return found
    key = conn.execute(
        insert(bank_accounts).values(
            store_id=store_id,
            name=name,
            bank=bank,
            number_masked=number_masked,
            created_at=int(time.time()),
        )
    ).inserted_primary_key
    assert key is not None
    return int(key[0])


def list_accounts(conn: Connection, store_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(bank_accounts).where(bank_accounts.c.store_id == store_id).order_by("name")
    ).mappings()
    return [dict(r) for r in rows]


# -- transactions ---------------------------------------------------------------------------------
def begin_batch(conn: Connection, store_id: int, file_name: str, file_sha256: str, now: int) -> int:
    cur = raw(conn).execute(
        "INSERT INTO import_batches(store_id, kind, file_name, file_sha256, imported_at, rows_read, "
        "records, inserted, updated, unchanged, rows_folded, rows_skipped, report_json) "
        "VALUES (?, 'bank', ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, '{}')",
        (store_id, file_name, file_sha256, now),
    )
    return int(cur.lastrowid or 0)


def finish_batch(
    conn: Connection,
    batch_id: int,
    *,
    rows_read: int,
    records: int,
    inserted: int,
    unchanged: int,
    rows_skipped: int,
    report: dict[str, Any],
) -> None:
    raw(conn).execute(
        "UPDATE import_batches SET rows_read=?, records=?, inserted=?, updated=0, unchanged=?, "
        "rows_folded=0, rows_skipped=?, report_json=? WHERE id=?",
        (
            rows_read,
            records,
            inserted,
            unchanged,
            rows_skipped,
            json.dumps(report, ensure_ascii=False),
            batch_id,
        ),
    )


def insert_transactions(
    conn: Connection, account: int, frame: pd.DataFrame, batch_id: int | None
) -> int:
    """Insert the lines of ``frame`` (occurred_at, deposit, withdrawal, text, balance,
    has_balance, dedup_key) that the account does not hold yet; returns how many were new."""
    dbapi = raw(conn)
    before = dbapi.total_changes
    balance = frame["balance"].to_numpy(np.int64)
    has = frame["has_balance"].to_numpy(bool)
    rows = zip(
        frame["occurred_at"].to_numpy(np.int64).tolist(),
        frame["deposit"].to_numpy(np.int64).tolist(),
        frame["withdrawal"].to_numpy(np.int64).tolist(),
        frame["text"].tolist(),
        [int(b) if h else None for b, h in zip(balance.tolist(), has.tolist())],
        frame["dedup_key"].tolist(),
    )
    dbapi.executemany(
        "INSERT INTO bank_transactions(account_id, occurred_at, deposit, withdrawal, text, "
        "balance, dedup_key, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(account_id, dedup_key) DO NOTHING",
        ((account, *r, batch_id) for r in rows),
    )
    return int(dbapi.total_changes - before)


def deposits(conn: Connection, store_id: int, start: int, end: int) -> pd.DataFrame:
    """Deposits (deposit > 0) of every account of the store with occurred_at in [start, end)."""
    cur = raw(conn).execute(
        "SELECT t.id, a.name, t.occurred_at, t.deposit, t.text, t.balance "
        "FROM bank_transactions t JOIN bank_accounts a ON a.id = t.account_id "
        "WHERE a.store_id = ? AND t.deposit > 0 AND t.occurred_at >= ? AND t.occurred_at < ? "
        "ORDER BY t.occurred_at, t.id",
        (store_id, start, end),
    )
    rows = cur.fetchall()
    return pd.DataFrame(
        {
            "deposit_id": np.array([r[0] for r in rows], dtype=np.int64),
            "account": pd.Series([r[1] for r in rows], dtype=object),
            "occurred_at": np.array([r[2] for r in rows], dtype=np.int64),
            "amount": np.array([r[3] for r in rows], dtype=np.int64),
            "text": pd.Series([r[4] for r in rows], dtype=object),
        }
    )


def count_transactions(conn: Connection, account: int) -> int:
    return int(
        raw(conn)
        .execute("SELECT COUNT(*) FROM bank_transactions WHERE account_id = ?", (account,))
        .fetchone()[0]
    )


# -- PG sender names -------------------------------------------------------------------------------
def read_senders(conn: Connection, store_id: int) -> dict[str, list[str]]:
    rows = conn.execute(
        select(pg_senders.c.pg, pg_senders.c.name)
        .where(pg_senders.c.store_id == store_id)
        .order_by(pg_senders.c.pg, pg_senders.c.id)
    ).all()
    out: dict[str, list[str]] = {}
    for pg, name in rows:
        out.setdefault(pg, []).append(name)
    return out


def replace_senders(conn: Connection, store_id: int, pg: str, names: Sequence[str]) -> None:
    conn.execute(delete(pg_senders).where(pg_senders.c.store_id == store_id, pg_senders.c.pg == pg))
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        conn.execute(insert(pg_senders).values(store_id=store_id, pg=pg, name=name))


# -- saved payout rules ----------------------------------------------------------------------------
def read_payout_rules(conn: Connection) -> tuple[list[dict[str, Any]], list[date]]:
    rules = [dict(r) for r in conn.execute(select(payout_rules).order_by("id")).mappings()]
    days = [date.fromisoformat(d) for d in conn.execute(select(payout_closed_days.c.day)).scalars()]
    return rules, sorted(days)


def replace_payout_rules(
    conn: Connection, rules: Sequence[dict[str, Any]], closed_days: Sequence[date]
) -> None:
    conn.execute(delete(payout_rules))
    conn.execute(delete(payout_closed_days))
    for rule in rules:
        conn.execute(insert(payout_rules).values(**rule))
    for day in sorted(set(closed_days)):
        conn.execute(insert(payout_closed_days).values(day=day.isoformat()))


# -- payout forecast inputs -----------------------------------------------------------------------
def payout_inputs(
    conn: Connection, store_id: int, start: int, end: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(payments, cancels) behind the payouts of a period: captured payments paid in
    [start, end) or with a cancel in it, and those payments' cancel history."""
    dbapi = raw(conn)
    cur = dbapi.execute(
        "SELECT imp_uid, merchant_uid, pg_provider, pay_method, amount, cancel_amount, paid_at, "
        "cancelled_at FROM payments WHERE store_id = ? AND paid_at > 0 "
        "AND status IN ('paid', 'cancelled') AND ((paid_at >= ? AND paid_at < ?) "
        "OR (cancel_amount > 0 AND cancelled_at >= ? AND cancelled_at < ?)) "
        "UNION SELECT p.imp_uid, p.merchant_uid, p.pg_provider, p.pay_method, p.amount, "
        "p.cancel_amount, p.paid_at, p.cancelled_at FROM payments p JOIN payment_cancels c "
        "ON c.store_id = p.store_id AND c.imp_uid = p.imp_uid WHERE p.store_id = ? "
        "AND p.paid_at > 0 AND p.status IN ('paid', 'cancelled') "
        "AND c.cancelled_at >= ? AND c.cancelled_at < ?",
        (store_id, start, end, start, end, store_id, start, end),
    )
    rows = cur.fetchall()
    payments = pd.DataFrame(
        {
            "imp_uid": pd.Series([r[0] for r in rows], dtype=object),
            "merchant_uid": pd.Series([r[1] for r in rows], dtype=object),
            "pg_provider": pd.Series([r[2] for r in rows], dtype=object),
            "pay_method": pd.Series([r[3] for r in rows], dtype=object),
            "amount": np.array([r[4] for r in rows], dtype=np.int64),
            "cancel_amount": np.array([r[5] for r in rows], dtype=np.int64),
            "paid_at": np.array([r[6] for r in rows], dtype=np.int64),
            "cancelled_at": np.array([r[7] for r in rows], dtype=np.int64),
        }
    )
    uids = json.dumps(sorted(set(payments["imp_uid"].tolist())))
    crow = dbapi.execute(
        "SELECT imp_uid, amount, cancelled_at FROM payment_cancels "
        "WHERE store_id = ? AND imp_uid IN (SELECT value FROM json_each(?))",
        (store_id, uids),
    ).fetchall()
    cancels = pd.DataFrame(
        {
            "imp_uid": pd.Series([r[0] for r in crow], dtype=object),
            "amount": np.array([r[1] for r in crow], dtype=np.int64),
            "cancelled_at": np.array([r[2] for r in crow], dtype=np.int64),
        }
    )
    return payments, cancels
