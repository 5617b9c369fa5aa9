"""`recon-app doctor`: what a support person needs, in one paste (no secret in it).

Versions (Recon, Python, libraries, SQLite, Qt), paths (ledger, data folder, log), the ledger's
schema version, the keyring backend, Korean fonts, free disk. The CLI may not import Qt (layers
contract), so the Qt half is a probe the entry point (recon_app/__main__.py) hands in as
:data:`qt_probe`; run without it (``python -m recon_app.cli.main doctor``) the report says
"not probed".
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

#: Set by the composition root to the GUI layer's probe; None = report without Qt facts.
qt_probe: Callable[[], list[tuple[str, str]]] | None = None


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "doctor",
        help="지원 요청용 진단 정보 (버전·경로·키체인·글꼴·디스크; 비밀값 없음)",
        description="문의할 때 붙여 넣을 진단 정보를 출력합니다. 키·시크릿 값은 출력하지 않습니다.",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from recon_app.services.diagnostics import doctor_facts, format_facts

    print(format_facts(doctor_facts(Path(args.db) if args.db else None, qt_probe)))
    return 0
