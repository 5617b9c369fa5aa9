"""What a support person asks first: versions, paths, the ledger's schema, the keyring, free disk.

``app_facts`` is what ``recon-app --version`` and Help → About show; ``doctor_facts`` adds the
environment. Nothing here opens the ledger for writing or creates it (the ledger file is read in
SQLite's read-only mode), and no value of a credential is ever read: only whether one is there.
The Qt part (Qt version, platform plugin, Korean fonts) is probed by the GUI layer and handed in,
since no layer below the GUI may import Qt.
"""

from __future__ import annotations

import os
import platform
import shutil
import sqlite3
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

from recon_app import __version__
from recon_app.logs import log_file
from recon_app.paths import default_ledger_path, resource_path, resources_root, user_data_dir

Facts = list[tuple[str, str]]

#: The environment variables the app reads credentials from (names only are ever shown).
CREDENTIAL_ENV = ("PORTONE_IMP_KEY", "PORTONE_IMP_SECRET")


def app_facts(ledger_path: Path | None = None) -> Facts:
    """Version and where the app keeps its files."""
    return [
        ("Recon", __version__),
        ("원장 (ledger)", str(ledger_path or default_ledger_path())),
        ("데이터 폴더 (data folder)", str(user_data_dir())),
        ("로그 파일 (log file)", str(log_file())),
    ]


def format_facts(facts: Facts) -> str:
    """Two aligned columns; Hangul takes two terminal cells, so pad by display width."""
    width = max((_cells(k) for k, _ in facts), default=0)
    return "\n".join(f"{k}{' ' * (width - _cells(k))}  {v}" for k, v in facts)


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def doctor_facts(
    ledger_path: Path | None = None,
    qt_probe: Callable[[], Facts] | None = None,
    environ: dict[str, str] | None = None,
) -> Facts:
    env = os.environ if environ is None else environ
    ledger = Path(ledger_path) if ledger_path else default_ledger_path()
    facts = app_facts(ledger)
    facts += [
        ("Python", f"{platform.python_version()} ({sys.executable})"),
        ("OS", f"{platform.platform()} ({sys.platform})"),
        ("실행 형태 (build)", "PyInstaller bundle" if getattr(sys, "frozen", False) else "Python"),
        ("리소스 (resources)", f"{resources_root()} ({_resources_state()})"),
    ]
    facts += _library_versions()
    facts += [
        ("원장 스키마 (ledger schema)", _ledger_schema(ledger)),
        ("키체인 (keyring backend)", _keyring_backend()),
        (
            "환경변수 자격증명 (credential env)",
            ", ".join(f"{name}={'set' if env.get(name) else 'unset'}" for name in CREDENTIAL_ENV),
        ),
        ("남은 디스크 (free disk)", _free_disk(ledger)),
    ]
    if qt_probe is None:
        facts.append(("Qt", "not probed"))
    else:
        try:
            facts += qt_probe()
        except Exception as exc:  # noqa: BLE001 - doctor reports a broken Qt, it does not crash on it
            facts.append(("Qt", f"error: {type(exc).__name__}: {exc}"))
    return facts


def _resources_state() -> str:
    wanted = [("fees.default.toml",), ("i18n", "recon_ko.qm"), ("demo",)]
    missing = ["/".join(p) for p in wanted if not resource_path(*p).exists()]
    return "ok" if not missing else "missing: " + ", ".join(missing)


def _library_versions() -> Facts:
    from importlib import metadata

    out: Facts = []
    for dist in ("pandas", "numpy", "SQLAlchemy", "httpx", "keyring", "platformdirs"):
        try:
            out.append((dist, metadata.version(dist)))
        except metadata.PackageNotFoundError:
            out.append((dist, "not installed"))
    out.append(("SQLite", sqlite3.sqlite_version))
    return out


def _ledger_schema(path: Path) -> str:
    """The stored schema version, read without creating, migrating or locking the file."""
    from recon_app.storage import migrations

    expected = getattr(migrations, "CURRENT_VERSION", "?")
    if not path.exists():
        return f"no ledger file yet (this version writes schema {expected})"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
    except sqlite3.Error as exc:
        return f"cannot open: {exc}"
    try:
        found = []
        for label, query in (
            ("schema", "SELECT value FROM meta WHERE key='schema_version'"),
            ("alembic", "SELECT version_num FROM alembic_version"),
        ):
            try:
                row = conn.execute(query).fetchone()
            except sqlite3.Error:
                continue
            if row:
                found.append(f"{label} {row[0]}")
        stored = ", ".join(found) or "no version stored"
        return f"{stored} (this version writes schema {expected})"
    finally:
        conn.close()


def _keyring_backend() -> str:
    try:
        import keyring

        backend = keyring.get_keyring()
    except Exception as exc:  # noqa: BLE001 - a broken keyring config is a finding, not a crash
        return f"error: {type(exc).__name__}"
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    from recon_app.services.credentials import keyring_available

    return name + ("" if keyring_available() else " (none usable: credentials from env only)")


def _free_disk(path: Path) -> str:
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        usage = shutil.disk_usage(folder)
    except OSError as exc:
        return f"unknown ({exc.strerror})"
    return f"{usage.free / 1e9:,.1f} GB free of {usage.total / 1e9:,.1f} GB on {folder}"
