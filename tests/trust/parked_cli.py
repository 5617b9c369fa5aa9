"""Run the CLI with one function wrapped so that its k-th call parks the process for good.

    python parked_cli.py MODULE:FUNCTION K MARKER_FILE CLI_ARGS...

Before the k-th call of ``MODULE.FUNCTION`` the process writes ``MARKER_FILE`` and then sleeps
until it is killed. The kill tests wait for the marker and send SIGKILL, so the kill lands at a
known point in the middle of the work (inside a write transaction, between two windows, before
a report file is renamed into place) instead of wherever a random delay happens to fall. The
app's code is unchanged: only the one module attribute is replaced in this child process.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path
from typing import Any


def park_at(target: str, k: int, marker: Path) -> None:
    module_name, name = target.split(":")
    module = importlib.import_module(module_name)
    original = getattr(module, name)
    calls = 0

    def parked(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == k:
            marker.write_text(f"parked before call {k} of {target}", encoding="utf-8")
            while True:
                time.sleep(60)
        return original(*args, **kwargs)

    setattr(module, name, parked)


if __name__ == "__main__":
    target, k, marker, *cli_args = sys.argv[1:]
    park_at(target, int(k), Path(marker))
    from recon_app.cli.main import main

    sys.exit(main(cli_args))
