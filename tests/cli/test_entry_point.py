"""Which front end a command line opens."""

from __future__ import annotations

import pytest

from recon_app.__main__ import wants_gui


@pytest.mark.parametrize(
    "argv, gui",
    [
        ([], True),
        (["gui"], True),
        (["gui", "--demo"], True),
        (["--demo"], True),
        (["--smoke-test"], True),
        (["--db", "x.sqlite3"], True),
        (["--db=x.sqlite3"], True),
        (["--db", "x.sqlite3", "gui"], True),
        (["--db", "x.sqlite3", "reconcile", "--month", "2026-10"], False),
        (["demo"], False),
        (["sync", "--from", "2026-10-01"], False),
        (["--help"], False),
        (["--version"], False),
    ],
)
def test_wants_gui(argv: list[str], gui: bool) -> None:
    assert wants_gui(argv) is gui
