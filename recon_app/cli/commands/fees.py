"""`recon-app fees` (being built; see the open issues)."""

from __future__ import annotations

import argparse

from recon_app.domain.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("fees", help="(준비 중)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    raise InputError("'fees' 명령은 아직 준비 중입니다.")
