"""Bringing a ledger file to the current schema with Alembic, safely.

Why Alembic: the ledger is to live on PostgreSQL too (issue 15), and a maintained migration tool
that speaks both dialects beats growing hand-written SQLite steps. The revisions live in
``storage/alembic/versions`` (inside the package, so they ship with the app) and are run here
programmatically: no ``alembic.ini`` and no ``env.py`` at run time.

The guarantees ``upgrade`` keeps (tests/storage/test_migrations.py, tests/trust):

* a file that is not SQLite, is damaged, belongs to another program, or was written by a newer
  Recon (an Alembic revision this build does not know) is refused **untouched**;
* before any migration of an existing ledger a consistent copy is written beside it
  (``<file>.v<N>.bak``, SQLite's online backup API);
* all revisions run in one transaction (SQLite DDL is transactional), so a failed or killed
  migration leaves the file at its old revision;
* the write lock is taken (``BEGIN IMMEDIATE``) before the revision is read again, so processes
  that open one new file at once create the schema exactly once.

Ledgers of the pre-Alembic scheme (``meta.schema_version = '1'``, no ``alembic_version`` table)
are stamped at revision ``0001`` (the same schema) and upgraded from there. ``meta.schema_version``
is kept equal to the current revision's ordinal, so that a pre-Alembic Recon refuses a ledger it
cannot read instead of writing into it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, create_engine, delete, event, insert
from sqlalchemy.pool import NullPool

from recon_app.domain.errors import LedgerError
from recon_app.storage.tables import meta

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

#: The folder holding ``versions/``; a module attribute so that tests can point at a copy with
#: an extra (or a broken) revision.
SCRIPTS_DIR = Path(__file__).with_name("alembic")
#: What the pre-Alembic ``migrations.py`` stamped its one schema as.
LEGACY_REVISIONS = {1: "0001"}

_SQLITE_MAGIC = b"SQLite format 3\x00"


def _config() -> Config:
    from alembic.config import Config  # ~160 ms of imports: only when a migration is due

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS_DIR))
    return config


def scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def shipped_revisions() -> list[str]:
    """The revision ids in order, from the file names (``NNNN_what.py``), without importing
    Alembic: opening an up-to-date ledger is the common case and must stay quick. A test checks
    that this agrees with Alembic's own revision chain."""
    names = sorted(p.name for p in (SCRIPTS_DIR / "versions").glob("[0-9]*_*.py"))
    return [name.split("_", 1)[0] for name in names]


def ordinal(revision: str | None) -> int:
    """Revision ids are zero-padded ordinals ("0002" -> 2); an empty file is 0."""
    return 0 if revision is None else int(revision)


def head() -> str:
    return shipped_revisions()[-1]


def current_version() -> int:
    return ordinal(head())


CURRENT_VERSION = current_version()


def check_file(path: Path) -> None:
    """Refuse a file that is not a SQLite database before anything opens it for writing."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != _SQLITE_MAGIC:
        raise LedgerError(
            f"원장 파일 '{path}'이(가) SQLite 데이터베이스가 아니거나 손상되었습니다.",
            hint="파일을 건드리지 않았습니다. 백업본(.bak)이 있으면 그것을 --db 로 지정하거나, "
            "다른 경로를 지정해 새 원장을 만드세요.",
        )


def read_revision(conn: sqlite3.Connection, path: Path) -> str | None:
    """None for an empty file; the ledger's Alembic revision otherwise (legacy files mapped).

    Damage, a foreign database and a missing version raise LedgerError; nothing is written.
    """
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return None
        if "meta" not in tables:
            raise LedgerError(
                f"'{path}'은(는) Recon 원장이 아닌 다른 SQLite 데이터베이스입니다.",
                hint="파일을 건드리지 않았습니다. 다른 경로를 --db 로 지정하세요.",
            )
        ok = conn.execute("PRAGMA quick_check").fetchone()
        if ok is None or ok[0] != "ok":
            raise LedgerError(
                f"원장 파일 '{path}'이(가) 손상되었습니다 (무결성 검사: {ok[0] if ok else '?'}).",
                hint="파일을 건드리지 않았습니다. 백업본(.bak)을 --db 로 지정하세요.",
            )
        if "alembic_version" in tables:
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            if len(rows) == 1:
                return str(rows[0][0])
            raise LedgerError(f"원장 파일 '{path}'의 스키마 버전 기록이 손상되었습니다.")
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise LedgerError(
            f"원장 파일 '{path}'이(가) 손상되어 읽을 수 없습니다: {exc}",
            hint="파일을 건드리지 않았습니다. 백업본(.bak)을 쓰거나 새 경로를 지정하세요.",
        ) from None
    if row is None:
        raise LedgerError(f"원장 파일 '{path}'에 스키마 버전이 없습니다.")
    legacy = int(row[0])
    # A pre-Alembic file claiming a version we never shipped that way is from a newer build.
    return LEGACY_REVISIONS.get(legacy, f"legacy-{legacy}")


def refuse_unknown(revision: str | None, path: Path, known: set[str]) -> None:
    if revision is not None and revision not in known:
        raise LedgerError(
            f"원장 '{path}'은(는) 더 새로운 Recon(스키마 {revision})으로 만들어졌습니다 "
            f"(이 앱은 {head()}까지 압니다).",
            hint="Recon을 최신 버전으로 업데이트하세요. 파일은 바뀌지 않았습니다.",
        )


def backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Consistent copy via SQLite's online backup API (safe with WAL and other readers)."""
    target = path.with_name(f"{path.name}.v{version}.bak")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.v{version}.{n}.bak")
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return target


def upgrade(path: Path) -> int:
    """Bring the ledger at ``path`` to the head revision; return the ordinal it had before."""
    check_file(path)
    existed = path.exists() and path.stat().st_size > 0
    known = set(shipped_revisions())
    target = head()
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        revision = read_revision(conn, path)
        refuse_unknown(revision, path, known)
        if revision == target and _stamped(conn):
            return ordinal(revision)
        if existed and revision is not None:
            backup(conn, path, ordinal(revision))
    finally:
        conn.close()
    with _locked(path) as locked:
        # Read again under the write lock: another process (a second app window, a CLI run)
        # may have created or upgraded the file while we waited for it.
        raw = _driver(locked)
        revision = read_revision(raw, path)
        refuse_unknown(revision, path, known)
        if revision != target or not _stamped(raw):
            _run_revisions(locked, revision)
        return ordinal(revision)


@contextmanager
def _locked(path: Path) -> Iterator[Connection]:
    """One connection in a ``BEGIN IMMEDIATE`` transaction, committed on normal exit."""
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)

    def on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see storage/db.py)
        dbapi_conn.execute("PRAGMA busy_timeout=30000")

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", lambda c: c.exec_driver_sql("BEGIN IMMEDIATE"))
    try:
        with engine.connect() as conn, conn.begin():
            yield conn
    finally:
        engine.dispose()


def _driver(conn: Connection) -> sqlite3.Connection:
    driver = conn.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver


def _run_revisions(conn: Connection, revision: str | None) -> None:
    """Every missing revision, inside ``conn``'s transaction (Alembic sees it as external and
    opens none of its own, so all revisions commit or roll back together)."""
    from alembic.runtime.environment import EnvironmentContext

    script = scripts()
    target = script.get_current_head()
    assert target is not None

    def steps(rev: Any, _context: Any) -> Any:
        return script._upgrade_revs(target, rev)

    with EnvironmentContext(_config(), script, fn=steps, destination_rev=target) as environment:
        environment.configure(connection=conn, render_as_batch=True)
        if revision is not None and not _stamped(_driver(conn)):
            environment.get_context().stamp(script, revision)  # a pre-Alembic ledger
        environment.run_migrations()
    conn.execute(delete(meta).where(meta.c.key == "schema_version"))
    conn.execute(insert(meta).values(key="schema_version", value=str(ordinal(target))))


def _stamped(conn: sqlite3.Connection) -> bool:
    """Whether Alembic's version table exists (pre-Alembic ledgers have none)."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
    ).fetchone()
    return found is not None
