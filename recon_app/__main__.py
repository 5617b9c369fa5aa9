"""Entry point for ``recon-app``, ``python -m recon_app`` and the PyInstaller build.

No command (or ``gui``, ``--demo``, ``--smoke-test``) opens the desktop app; anything else is a
CLI command. The CLI is imported without Qt, so headless use never loads PySide6.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

_GUI_FLAGS = {"--demo", "--smoke-test", "--lang"}


def wants_gui(argv: Sequence[str]) -> bool:
    if not argv:
        return True
    if argv[0] == "gui":
        return True
    return argv[0] in _GUI_FLAGS or argv[0].split("=")[0] in _GUI_FLAGS


def run(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if wants_gui(args):
        from recon_app.gui.app import main as gui_main

        return gui_main(args[1:] if args and args[0] == "gui" else args)
    from recon_app.cli.main import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(run())
