"""Opening the ledger: engine, pragmas and explicit transactions.

pysqlite's own transaction handling defers BEGIN and commits around DDL, which breaks "one import
is one transaction". We switch it off (``isolation_level=None``) and emit BEGIN ourselves, as the
SQLAlchemy docs recommend ("Serializable isolation / Savepoints / Transactional DDL" for pysqlite).
Writers take ``BEGIN IMMEDIATE`` so two app instances queue on the write lock (busy_timeout)
instead of failing half-way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from recon_app.domain.errors import LedgerError
from recon_app.paths import default_ledger_path
from recon_app.storage import migrations

BUSY_TIMEOUT_MS = 15_000


class Ledger:
    """One ledger file. Thread-safe: each ``read()``/``write()`` uses its own connection."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction: all or nothing, committed on normal exit."""
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(recon_immediate=True)
                with conn.begin():
                    yield conn
        except OperationalError as exc:
            raise _translate(exc, self.path) from None

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction: a consistent snapshot (WAL) that never blocks writers."""
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except OperationalError as exc:
            raise _translate(exc, self.path) from None

    def close(self) -> None:
        self.engine.dispose()


def _translate(exc: OperationalError, path: Path) -> Exception:
    text = str(exc.orig)
    if "locked" in text or "busy" in text:
        return LedgerError(
            f"원장 '{path}'을(를) 다른 Recon 창이나 프로그램이 쓰고 있습니다.",
            hint="다른 작업이 끝난 뒤 다시 시도하세요.",
        )
    if "readonly" in text or "read-only" in text:
        return LedgerError(
            f"원장 '{path}'에 쓸 수 없습니다 (읽기 전용).", hint="쓰기 권한을 확인하세요."
        )
    if "disk" in text and "full" in text:
        return LedgerError(
            "디스크가 가득 찼습니다. 원장은 바뀌지 않았습니다.", hint="공간을 확보하세요."
        )
    return exc


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we emit BEGIN ourselves, see module docstring
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")  # readers never block the writer; crash-safe
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def _on_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get("recon_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def open_ledger(path: Path | None = None) -> Ledger:
    """Open (creating or migrating as needed) the ledger at ``path`` or the default location."""
    path = Path(path) if path is not None else default_ledger_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LedgerError(
            f"원장 폴더 '{path.parent}'을(를) 만들 수 없습니다: {exc.strerror}"
        ) from None
    try:
        migrations.upgrade(path)
    except sqlite3.OperationalError as exc:
        raise LedgerError(f"원장 '{path}'을(를) 열 수 없습니다: {exc}") from None
    # NullPool: a file database needs no pool, and a pooled connection must never be handed to
    # another thread mid-transaction (cf. TagStudio's NOTE in library.py).
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return Ledger(path, engine)


def raw(conn: Connection) -> sqlite3.Connection:
    """The DBAPI connection inside ``conn``'s transaction, for bulk ``executemany`` (5x faster
    than SQLAlchemy's executemany, see ENVIRONMENT.md), committed or rolled back with it."""
    driver = conn.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver
