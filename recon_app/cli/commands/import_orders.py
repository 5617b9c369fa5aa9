"""`recon-app import-orders FILE`: import a shop's order export (CSV/XLSX) into the ledger.

The XLSX password is never taken from argv (it would land in shell history and `ps`): ``--password``
prompts for it, or it comes from the RECON_XLSX_PASSWORD environment variable.
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from recon_app.cli.common import ProgressLine, ledger_from
from recon_app.domain.errors import InputError
from recon_app.services.importing import ImportOptions, import_orders


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "import-orders",
        help="쇼핑몰 주문 내역(CSV/XLSX)을 원장으로 가져오기",
        description="쇼핑몰에서 내려받은 주문 내역 파일을 원장에 가져옵니다. 같은 파일을 다시 가져오면 "
        "아무것도 바뀌지 않고, 고친 파일은 바뀐 주문만 갱신합니다.",
    )
    p.add_argument("file", metavar="FILE", help="주문 내역 파일 (CSV: UTF-8/CP949, 쉼표/탭; XLSX)")
    p.add_argument("--store", default="default", help="상점 이름 (기본: default)")
    p.add_argument("--sheet", help="XLSX에서 읽을 시트 이름 (기본: 첫 시트)")
    p.add_argument(
        "--password",
        action="store_true",
        help="암호가 걸린 XLSX: 암호를 입력 창으로 묻습니다 (또는 환경 변수 RECON_XLSX_PASSWORD)",
    )
    p.add_argument(
        "--skip-bad-rows", action="store_true", help="잘못된 행은 건너뛰고 나머지를 가져오기"
    )
    p.add_argument(
        "--status-map",
        action="append",
        default=[],
        metavar="WORD=STATUS",
        help="주문상태 단어를 paid, awaiting_payment, cancelled, partially_refunded 중 하나로 "
        "지정 (여러 번 쓸 수 있음)",
    )
    p.set_defaults(func=run)


def parse_status_map(items: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in items:
        word, sep, status = item.rpartition("=")
        if not sep or not word.strip() or not status.strip():
            raise InputError(
                f"--status-map '{item}'은(는) WORD=STATUS 형식이어야 합니다.",
                hint="예: --status-map '배송보류=paid'",
            )
        mapping[word.strip()] = status.strip()
    return mapping


def run(args: argparse.Namespace) -> int:
    password = None
    if args.password:
        try:
            password = getpass.getpass("XLSX 암호: ")
        except (EOFError, OSError):
            raise InputError(
                "암호를 입력받을 수 없습니다 (터미널이 아닙니다).",
                hint="환경 변수 RECON_XLSX_PASSWORD 에 암호를 넣어 실행하세요.",
            ) from None
    options = ImportOptions(
        store=args.store,
        sheet=args.sheet,
        password=password,
        skip_bad_rows=args.skip_bad_rows,
        status_map=parse_status_map(args.status_map),
    )
    ledger = ledger_from(args)
    line = ProgressLine()
    try:
        result = import_orders(ledger, Path(args.file), options, progress=line)
    finally:
        line.finish()
        ledger.close()
    for text in result.summary_lines():
        print(text)
    return 0
