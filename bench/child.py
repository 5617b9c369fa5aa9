"""Run ONE measurement in this (fresh) process and print its JSON line: used by bench/run.py.

    python bench/child.py MODULE MODE N [--quick]

MODULE is a module of bench/stages (importing, reconciling, reporting, syncing, gui) and MODE
one of its measurements; see each module's ``measure``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import run_child


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("module")
    ap.add_argument("mode")
    ap.add_argument("n", type=int)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    base = {"module": args.module, "mode": args.mode, "n": args.n}

    def measure() -> dict:
        mod = importlib.import_module(f"bench.stages.{args.module}")
        return mod.measure(args.mode, args.n, args.quick)

    return run_child(measure, base)


if __name__ == "__main__":
    raise SystemExit(main())
