"""Test-wide isolation: no test reads or writes the user's data dir, keychain or display."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHARED = Path(__file__).resolve().parents[2] / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--soak", action="store_true", help="run the long soak variants")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--soak"):
        return
    skip = pytest.mark.skip(reason="soak run: pass --soak")
    for item in items:
        if "soak" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    data = tmp_path_factory.mktemp("recon-data")
    monkeypatch.setenv("RECON_DATA_DIR", str(data))
    monkeypatch.delenv("PORTONE_IMP_KEY", raising=False)
    monkeypatch.delenv("PORTONE_IMP_SECRET", raising=False)
    monkeypatch.delenv("PORTONE_API_SECRET", raising=False)
    monkeypatch.delenv("PORTONE_STORE_ID", raising=False)
    monkeypatch.delenv("TOSS_SECRET_KEY", raising=False)
    monkeypatch.delenv("RECON_XLSX_PASSWORD", raising=False)
    yield


@pytest.fixture(autouse=True)
def _memory_keyring() -> Iterator[None]:
    """An explicit in-memory keyring backend (the machine has none; see ENVIRONMENT.md)."""
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.store: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.store.pop((service, username), None)

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def ledger_path(tmp_path: Path) -> Path:
    """A ledger file on disk (real SQLite, not :memory:)."""
    return tmp_path / "ledger.sqlite3"


@pytest.fixture
def ledger(ledger_path: Path):  # type: ignore[no-untyped-def]
    from recon_app.storage.db import open_ledger

    led = open_ledger(ledger_path)
    yield led
    led.close()


@pytest.fixture
def shared_dir() -> Path:
    """``../shared`` beside the checkout (CI lays it there too)."""
    if not SHARED.is_dir():
        pytest.fail(f"../shared not found at {SHARED}")
    return SHARED
