"""The ledger file: created at the current version, migrated with a backup, damage refused."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, insert, inspect, select

from recon_app.domain.errors import LedgerError
from recon_app.storage import migrations
from recon_app.storage.db import open_ledger
from recon_app.storage.stores import store_id
from recon_app.storage.tables import metadata, stores


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_file_has_current_schema_equal_to_tables(ledger_path: Path) -> None:
    led = open_ledger(ledger_path)
    try:
        insp = inspect(led.engine)
        assert set(insp.get_table_names()) == set(metadata.tables)
        for name, table in metadata.tables.items():
            on_disk = {c["name"]: (str(c["type"]), c["nullable"]) for c in insp.get_columns(name)}
            declared = {c.name: (str(c.type), c.nullable) for c in table.columns}
            assert on_disk == declared, name
            assert {tuple(u["column_names"]) for u in insp.get_unique_constraints(name)} == {
                tuple(c.name for c in uc.columns)
                for uc in table.constraints
                if uc.__class__.__name__ == "UniqueConstraint"
            } | {(c.name,) for c in table.columns if c.unique}, name
        with sqlite3.connect(ledger_path) as raw:
            version = raw.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]
        assert int(version) == migrations.CURRENT_VERSION
    finally:
        led.close()


def test_reopening_changes_nothing_and_makes_no_backup(ledger_path: Path) -> None:
    open_ledger(ledger_path).close()
    open_ledger(ledger_path).close()
    assert not list(ledger_path.parent.glob("*.bak"))


def test_damaged_file_is_refused_and_never_overwritten(ledger_path: Path) -> None:
    ledger_path.write_bytes(b"PK\x03\x04 this is a zip, not a ledger" * 50)
    before = _digest(ledger_path)
    with pytest.raises(LedgerError, match="손상|SQLite"):
        open_ledger(ledger_path)
    assert _digest(ledger_path) == before


def test_truncated_ledger_is_refused(ledger_path: Path) -> None:
    led = open_ledger(ledger_path)
    with led.write() as conn:
        store_id(conn, "a")
    led.close()
    data = ledger_path.read_bytes()
    ledger_path.write_bytes(data[:100] + b"\x00" * 50 + data[150:2000])
    before = _digest(ledger_path)
    with pytest.raises(LedgerError):
        open_ledger(ledger_path)
    assert _digest(ledger_path) == before


def test_foreign_sqlite_database_is_refused(ledger_path: Path) -> None:
    with sqlite3.connect(ledger_path) as raw:
        raw.execute("CREATE TABLE photos(id INTEGER)")
    with pytest.raises(LedgerError, match="Recon 원장이 아닌"):
        open_ledger(ledger_path)


def test_newer_schema_is_refused(ledger_path: Path) -> None:
    open_ledger(ledger_path).close()
    with sqlite3.connect(ledger_path) as raw:
        raw.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
    with pytest.raises(LedgerError, match="더 새로운"):
        open_ledger(ledger_path)


def test_migration_takes_backup_and_applies_next_step(ledger_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    led = open_ledger(ledger_path)
    with led.write() as conn:
        store_id(conn, "shop")
    led.close()

    def v2(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE stores ADD COLUMN note TEXT")

    monkeypatch.setitem(migrations.STEPS, 2, v2)
    monkeypatch.setattr(migrations, "CURRENT_VERSION", 2)
    assert migrations.upgrade(ledger_path) == 1
    backups = list(ledger_path.parent.glob("*.v1.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as raw:
        assert raw.execute("SELECT name FROM stores").fetchall() == [("shop",)]
    with sqlite3.connect(ledger_path) as raw:
        cols = [r[1] for r in raw.execute("PRAGMA table_info(stores)")]
        assert "note" in cols
        assert raw.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "2"


def test_failed_migration_leaves_file_at_old_version(ledger_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    open_ledger(ledger_path).close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE stores ADD COLUMN half_done TEXT")
        raise RuntimeError("power cut")

    monkeypatch.setitem(migrations.STEPS, 2, broken)
    monkeypatch.setattr(migrations, "CURRENT_VERSION", 2)
    with pytest.raises(RuntimeError):
        migrations.upgrade(ledger_path)
    with sqlite3.connect(ledger_path) as raw:
        cols = [r[1] for r in raw.execute("PRAGMA table_info(stores)")]
        assert "half_done" not in cols
        assert raw.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "1"


def test_write_is_all_or_nothing(ledger) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ZeroDivisionError), ledger.write() as conn:
        conn.execute(insert(stores).values(name="x", created_at=1))
        1 / 0  # noqa: B018
    with ledger.read() as conn:
        assert conn.execute(select(func.count()).select_from(stores)).scalar_one() == 0


def test_two_ledgers_on_one_file_serialise_writes(ledger_path: Path) -> None:
    """Two app instances: both work safely, no write is lost."""
    a, b = open_ledger(ledger_path), open_ledger(ledger_path)
    errors: list[BaseException] = []

    def writer(led, prefix: str) -> None:  # type: ignore[no-untyped-def]
        try:
            for i in range(40):
                with led.write() as conn:
                    conn.execute(insert(stores).values(name=f"{prefix}{i}", created_at=i))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=writer, args=(a, "a")),
        threading.Thread(target=writer, args=(b, "b")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with a.read() as conn:
        assert conn.execute(select(func.count()).select_from(stores)).scalar_one() == 80
    with sqlite3.connect(ledger_path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    a.close()
    b.close()


def test_two_processes_creating_one_new_ledger_at_once(tmp_path: Path) -> None:
    """Several processes open a ledger that does not exist yet. The test holds the write lock
    until all of them have read "version 0" and queue for the lock; each one that gets the lock
    after the first must see the schema the first created, not create it again."""
    import subprocess
    import sys
    import time

    path = tmp_path / "new.sqlite3"
    gate = sqlite3.connect(path, isolation_level=None)
    gate.execute("BEGIN IMMEDIATE")  # readers may still look; every writer must wait
    code = (
        "import sys; from pathlib import Path; from recon_app.storage.db import open_ledger; "
        "open_ledger(Path(sys.argv[1])).close()"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(path)], stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    time.sleep(3)  # let them import, read the empty file and queue on BEGIN IMMEDIATE
    gate.execute("ROLLBACK")
    gate.close()
    errors = [p.communicate(timeout=60)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    with sqlite3.connect(path) as raw:
        version = raw.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]
    assert version == str(migrations.CURRENT_VERSION)
