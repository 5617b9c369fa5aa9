"""`recon-app sandbox` (being built; see the open issues)."""

from __future__ import annotations

import argparse

from recon_app.domain.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("sandbox", help="(준비 중)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    raise InputError("'sandbox' 명령은 아직 준비 중입니다.")
