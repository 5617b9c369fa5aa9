"""The ledger file: created at the current Alembic revision, upgraded in place with a backup
(pre-Alembic files included), damaged, foreign and newer files refused untouched."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, insert, inspect, select

from recon_app.domain.errors import LedgerError
from recon_app.storage import migrations
from recon_app.storage.db import open_ledger
from recon_app.storage.stores import store_id
from recon_app.storage.tables import metadata, stores

LEGACY_V1 = Path(__file__).parents[1] / "data" / "ledgers" / "legacy_v1_schema.sql"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _schema(path: Path) -> dict[str, object]:
    """Tables -> columns (name, type, nullable, default), unique constraints and indexes."""
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    try:
        insp = inspect(engine)
        return {
            name: (
                [
                    (c["name"], str(c["type"]), c["nullable"], c["default"])
                    for c in insp.get_columns(name)
                ],
                sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(name)),
                sorted((i["name"], tuple(i["column_names"])) for i in insp.get_indexes(name)),
            )
            for name in insp.get_table_names()
            if name != "alembic_version"
        }
    finally:
        engine.dispose()


def _versions(path: Path) -> tuple[str, str]:
    with sqlite3.connect(path) as raw:
        alembic = raw.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        legacy = raw.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]
    return alembic, legacy


def _legacy_v1_ledger(path: Path) -> None:
    """A ledger as the pre-Alembic Recon wrote it, holding one store."""
    with sqlite3.connect(path) as raw:
        raw.executescript(LEGACY_V1.read_text(encoding="utf-8"))
        raw.execute("INSERT INTO stores(name, created_at) VALUES('shop', 1)")


def _scripts_with(tmp_path: Path, monkeypatch, body: str) -> str:  # type: ignore[no-untyped-def]
    """Point the migrator at a copy of the shipped revisions plus one more after the head."""
    copy = tmp_path / "scripts"
    shutil.copytree(migrations.SCRIPTS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    down = migrations.head()
    (copy / "versions" / "0900_test.py").write_text(
        "import sqlalchemy as sa\nfrom alembic import op\n"
        f"revision = '0900'\ndown_revision = {down!r}\nbranch_labels = None\ndepends_on = None\n"
        f"def upgrade():\n{body}\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(migrations, "SCRIPTS_DIR", copy)
    return down


def test_new_file_has_current_schema_equal_to_tables(ledger_path: Path) -> None:
    led = open_ledger(ledger_path)
    try:
        insp = inspect(led.engine)
        assert set(insp.get_table_names()) == set(metadata.tables) | {"alembic_version"}
        for name, table in metadata.tables.items():
            on_disk = {c["name"]: (str(c["type"]), c["nullable"]) for c in insp.get_columns(name)}
            declared = {c.name: (str(c.type), c.nullable) for c in table.columns}
            assert on_disk == declared, name
            assert {tuple(u["column_names"]) for u in insp.get_unique_constraints(name)} == {
                tuple(c.name for c in uc.columns)
                for uc in table.constraints
                if uc.__class__.__name__ == "UniqueConstraint"
            } | {(c.name,) for c in table.columns if c.unique}, name
        assert _versions(ledger_path) == (migrations.head(), str(migrations.CURRENT_VERSION))
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


def test_ledger_at_an_unknown_newer_revision_is_refused_untouched(ledger_path: Path) -> None:
    open_ledger(ledger_path).close()
    with sqlite3.connect(ledger_path) as raw:
        raw.execute("UPDATE alembic_version SET version_num='9999'")
    before = _digest(ledger_path)
    with pytest.raises(LedgerError, match="더 새로운"):
        open_ledger(ledger_path)
    assert _digest(ledger_path) == before
    assert not list(ledger_path.parent.glob("*.bak"))


def test_pre_alembic_ledger_of_a_newer_version_is_refused_untouched(ledger_path: Path) -> None:
    _legacy_v1_ledger(ledger_path)
    with sqlite3.connect(ledger_path) as raw:
        raw.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
    before = _digest(ledger_path)
    with pytest.raises(LedgerError, match="더 새로운"):
        open_ledger(ledger_path)
    assert _digest(ledger_path) == before


def test_pre_alembic_ledger_is_upgraded_in_place_after_a_backup(
    ledger_path: Path, tmp_path: Path
) -> None:
    _legacy_v1_ledger(ledger_path)
    open_ledger(ledger_path).close()
    backups = list(ledger_path.parent.glob("*.v1.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as raw:
        assert raw.execute("SELECT name FROM stores").fetchall() == [("shop",)]
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "alembic_version" not in tables  # the copy is the file as it was
    assert _versions(ledger_path) == (migrations.head(), str(migrations.CURRENT_VERSION))
    fresh = tmp_path / "fresh.sqlite3"
    open_ledger(fresh).close()
    assert _schema(ledger_path) == _schema(fresh)
    with sqlite3.connect(ledger_path) as raw:
        assert raw.execute("SELECT name FROM stores").fetchall() == [("shop",)]


def test_migration_takes_backup_and_applies_next_revision(
    ledger_path: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    led = open_ledger(ledger_path)
    with led.write() as conn:
        store_id(conn, "shop")
    led.close()
    _scripts_with(
        tmp_path,
        monkeypatch,
        "    with op.batch_alter_table('stores') as batch:\n"
        "        batch.add_column(sa.Column('note', sa.Text))",
    )
    assert migrations.upgrade(ledger_path) == migrations.CURRENT_VERSION
    backups = list(ledger_path.parent.glob(f"*.v{migrations.CURRENT_VERSION}.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as raw:
        assert raw.execute("SELECT name FROM stores").fetchall() == [("shop",)]
    with sqlite3.connect(ledger_path) as raw:
        cols = [r[1] for r in raw.execute("PRAGMA table_info(stores)")]
        assert "note" in cols
        assert raw.execute("SELECT name FROM stores").fetchall() == [("shop",)]
    assert _versions(ledger_path) == ("0900", "900")


def test_failed_migration_leaves_file_at_old_revision(
    ledger_path: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    open_ledger(ledger_path).close()
    old = _scripts_with(
        tmp_path,
        monkeypatch,
        "    with op.batch_alter_table('stores') as batch:\n"
        "        batch.add_column(sa.Column('half_done', sa.Text))\n"
        "    raise RuntimeError('power cut')",
    )
    with pytest.raises(RuntimeError):
        migrations.upgrade(ledger_path)
    with sqlite3.connect(ledger_path) as raw:
        cols = [r[1] for r in raw.execute("PRAGMA table_info(stores)")]
        assert "half_done" not in cols
    assert _versions(ledger_path) == (old, str(migrations.CURRENT_VERSION))


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


#: Run in each racing process: report the revision read before taking the write lock (the
#: test's barrier), then the revision found under the lock (what upgrade returns).
_RACER = """
import sys
from pathlib import Path
from recon_app.storage import migrations
from recon_app.storage.db import open_ledger

real = migrations.read_revision
calls = []

def spy(conn, path):
    revision = real(conn, path)
    calls.append(revision)
    if len(calls) == 1:
        print("saw", revision, flush=True)
    return revision

migrations.read_revision = spy
print("found", migrations.upgrade(Path(sys.argv[1])), flush=True)
open_ledger(Path(sys.argv[1])).close()
"""


def test_two_processes_creating_one_new_ledger_at_once(tmp_path: Path) -> None:
    """Several processes open a ledger that does not exist yet. The test holds the write lock
    until every one of them has read the empty file (each says so: the barrier); each one that
    gets the lock after the first must find the schema the first created, not create it again."""
    path = tmp_path / "new.sqlite3"
    gate = sqlite3.connect(path, isolation_level=None)
    gate.execute("BEGIN IMMEDIATE")  # readers may still look; every writer must wait
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _RACER, str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    try:
        seen = [p.stdout.readline().strip() for p in procs]  # type: ignore[union-attr]
    finally:
        gate.execute("ROLLBACK")
        gate.close()
    assert seen == ["saw None"] * 3  # all three raced on the empty file
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [err for _, err in outputs]
    found = sorted(int(out.split()[-1]) for out, _ in outputs)
    current = migrations.CURRENT_VERSION
    assert found == [0, current, current]  # exactly one created the schema
    assert _versions(path) == (migrations.head(), str(current))


def test_revision_file_names_agree_with_alembics_chain() -> None:
    """upgrade() reads the shipped revisions from file names (no Alembic import on the quick
    path); they must be Alembic's own linear chain, oldest first."""
    chain = [s.revision for s in reversed(list(migrations.scripts().walk_revisions()))]
    assert migrations.shipped_revisions() == chain
    assert migrations.scripts().get_current_head() == migrations.head()
    assert [migrations.ordinal(r) for r in chain] == list(range(1, len(chain) + 1))


def test_rows_of_a_pre_provider_ledger_become_portone_v1(ledger_path: Path) -> None:
    _legacy_v1_ledger(ledger_path)
    with sqlite3.connect(ledger_path) as raw:
        raw.execute(
            "INSERT INTO payments(store_id, imp_uid, merchant_uid, status, currency, amount, "
            "cancel_amount, started_at, paid_at, failed_at, cancelled_at, sandbox, synced_at) "
            "VALUES(1, 'imp_1', 'A-1', 'paid', 'KRW', 1000, 0, 1, 1, 0, 0, 0, 1)"
        )
    open_ledger(ledger_path).close()
    with sqlite3.connect(ledger_path) as raw:
        assert raw.execute("SELECT name, provider, order_id_from FROM stores").fetchall() == [
            ("shop", "portone-v1", None)
        ]
        assert raw.execute("SELECT imp_uid, provider FROM payments").fetchall() == [
            ("imp_1", "portone-v1")
        ]
