from __future__ import annotations

import sqlite3

from recon_app.adapters.portone import schema
from recon_app.storage import payments_repo as repo
from recon_app.storage.stores import store_id


def parsed(uid, **over):
    p = {
        "imp_uid": uid,
        "merchant_uid": "o-" + uid,
        "amount": 1000,
        "cancel_amount": 0,
        "currency": "KRW",
        "status": "paid",
        "paid_at": 1790000000,
        "started_at": 1789999000,
    }
    p.update(over)
    return schema.parse_payment(p)


def upsert(ledger, items, sid=None):
    with ledger.write() as conn:
        sid = sid or store_id(conn, "default")
        return repo.upsert_payments(
            conn,
            sid,
            [i.row for i in items],
            {i.row["imp_uid"]: i.cancels for i in items if i.cancels},
            payment_fields=schema.PAYMENT_FIELDS,
            cancel_fields=schema.CANCEL_FIELDS,
        )


def test_insert_update_unchanged_counts(ledger):
    assert upsert(ledger, [parsed("a"), parsed("b")]) == repo.UpsertCounts(2, 0, 0)
    assert upsert(ledger, [parsed("a"), parsed("b")]) == repo.UpsertCounts(0, 0, 2)
    hist = [
        {
            "amount": 400,
            "cancelled_at": 1790000500,
            "pg_tid": "c1",
            "reason": "r",
            "cancellation_id": "x",
        }
    ]
    counts = upsert(
        ledger, [parsed("a", cancel_amount=400, cancel_history=hist), parsed("b"), parsed("c")]
    )
    assert counts == repo.UpsertCounts(1, 1, 1)
    db = sqlite3.connect(ledger.path)
    assert db.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 3
    assert db.execute("SELECT cancel_amount FROM payments WHERE imp_uid='a'").fetchone()[0] == 400
    assert db.execute("SELECT seq, amount FROM payment_cancels WHERE imp_uid='a'").fetchall() == [
        (0, 400)
    ]


def test_cancel_history_replaced_not_appended(ledger):
    h1 = [{"amount": 100, "cancelled_at": 1790000100}]
    h2 = h1 + [{"amount": 900, "cancelled_at": 1790000200}]
    upsert(ledger, [parsed("a", cancel_amount=100, cancel_history=h1)])
    upsert(
        ledger,
        [
            parsed(
                "a",
                cancel_amount=1000,
                status="cancelled",
                cancelled_at=1790000200,
                cancel_history=h2,
            )
        ],
    )
    upsert(
        ledger,
        [
            parsed(
                "a",
                cancel_amount=1000,
                status="cancelled",
                cancelled_at=1790000200,
                cancel_history=h2,
            )
        ],
    )
    db = sqlite3.connect(ledger.path)
    assert db.execute("SELECT seq, amount FROM payment_cancels ORDER BY seq").fetchall() == [
        (0, 100),
        (1, 900),
    ]


def test_same_imp_uid_in_two_stores(ledger):
    with ledger.write() as conn:
        a, b = store_id(conn, "a"), store_id(conn, "b")
    upsert(ledger, [parsed("x")], a)
    upsert(ledger, [parsed("x", amount=5)], b)
    db = sqlite3.connect(ledger.path)
    assert db.execute("SELECT store_id, amount FROM payments ORDER BY store_id").fetchall() == [
        (a, 1000),
        (b, 5),
    ]


def test_failed_transaction_writes_nothing(ledger):
    try:
        with ledger.write() as conn:
            sid = store_id(conn, "default")
            repo.upsert_payments(
                conn,
                sid,
                [parsed("a").row],
                {},
                payment_fields=schema.PAYMENT_FIELDS,
                cancel_fields=schema.CANCEL_FIELDS,
            )
            raise RuntimeError("die mid-window")
    except RuntimeError:
        pass
    assert sqlite3.connect(ledger.path).execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 0


def test_runs_and_resume(ledger):
    with ledger.write() as conn:
        sid = store_id(conn, "default")
        run = repo.start_run(conn, sid, 100, 200, resume_state={"next_from": 100}, now=1000)
        repo.save_progress(
            conn,
            run,
            windows_total=3,
            windows_done=1,
            pages=4,
            payments_seen=10,
            inserted=10,
            updated=0,
            resume_state={"next_from": 150},
        )
    with ledger.read() as conn:
        found = repo.resumable_run(conn, sid, 100, 200, newer_than=0)
        assert found["id"] == run and found["resume_state"] == {"next_from": 150}
        assert repo.resumable_run(conn, sid, 100, 201, newer_than=0) is None
        assert repo.resumable_run(conn, sid, 100, 200, newer_than=2000) is None
    with ledger.write() as conn:
        run2 = repo.start_run(conn, sid, 100, 200, resume_state={"next_from": 150})
        repo.retire_run(conn, run, run2)
        repo.finish_run(conn, run2, "ok", keep_resume_state=False)
    with ledger.read() as conn:
        assert repo.resumable_run(conn, sid, 100, 200, newer_than=0) is None
        assert repo.last_run(conn, sid)["outcome"] == "ok"
    old = (
        sqlite3.connect(ledger.path)
        .execute("SELECT outcome, error, resume_state FROM sync_runs WHERE id=?", (run,))
        .fetchone()
    )
    assert old[0] == "failed" and "#" in old[1] and old[2] is None
