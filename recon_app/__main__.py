"""``python -m recon_app``: the CLI with a command, the desktop app without one."""

from __future__ import annotations

import sys


def run() -> int:
    from recon_app.cli.main import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
