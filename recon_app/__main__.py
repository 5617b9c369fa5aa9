"""Entry point for ``recon-app``, ``python -m recon_app`` and the PyInstaller build.

No command (or ``gui``, ``--demo``, ``--smoke-test``) opens the desktop app; anything else is a
CLI command. The CLI is imported without Qt, so headless use never loads PySide6.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

_GUI_FLAGS = {"--demo", "--smoke-test", "--lang"}


def wants_gui(argv: Sequence[str]) -> bool:
    """True when no CLI command is named (``--db PATH`` alone still opens the app)."""
    rest = list(argv)
    if rest[:1] == ["--db"]:
        rest = rest[2:]
    elif rest and rest[0].startswith("--db="):
        rest = rest[1:]
    if not rest:
        return "--help" not in argv
    return rest[0] == "gui" or rest[0].split("=")[0] in _GUI_FLAGS


def run(argv: Sequence[str] | None = None) -> int:
    from recon_app.console import make_console_safe

    make_console_safe()
    args = list(sys.argv[1:] if argv is None else argv)
    if wants_gui(args):
        from recon_app.gui.app import main as gui_main

        return gui_main([a for a in args if a != "gui"])
    from recon_app.cli.commands import doctor
    from recon_app.cli.main import main as cli_main

    doctor.qt_probe = _qt_probe  # the composition root wires the GUI layer's half of `doctor`
    return cli_main(args)


def _qt_probe() -> list[tuple[str, str]]:
    from recon_app.gui.diagnostics import qt_facts

    return qt_facts()


if __name__ == "__main__":
    sys.exit(run())
