"""`recon-app demo`: the whole monthly job on the built-in demo store, headless, no credentials.

Starts the bundled PortOne sandbox on 127.0.0.1, syncs the demo store over real HTTP into a demo
ledger (``OUT/demo-ledger.sqlite3``, never the user's own ledger), imports the demo shop's CP949
order export, reconciles 2026-10 and writes the Excel report and JSON into ``OUT``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from recon_app.cli.common import ProgressLine


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "demo",
        help="내장 데모 상점으로 전체 작업 실행 (동기화→가져오기→대사→보고서)",
        description="내장 PortOne 샌드박스와 데모 주문 파일로 한 달 대사를 처음부터 끝까지 실행합니다. "
        "인증 정보가 필요 없고, 사용자 원장은 건드리지 않습니다.",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=Path("recon-demo"),
        metavar="DIR",
        help="보고서와 데모 원장을 쓸 폴더 (기본: ./recon-demo)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from recon_app.services.demo import run_demo

    progress = ProgressLine()
    try:
        demo = run_demo(args.out, progress=progress)
    finally:
        progress.finish()
    prepared = demo.prepared
    for line in (
        prepared.sync.summary_lines()
        + prepared.orders.summary_lines()
        + prepared.bank.summary_lines()
    ):
        print(line)
    print()
    for line in demo.result.summary_lines():
        print(line)
    print()
    for line in demo.payouts.summary_lines():
        print(line)
    print(f"저장함: {demo.xlsx}")
    print(f"저장함: {demo.json}")
    return 0
