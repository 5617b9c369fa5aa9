"""`recon-app import-payments FILE`: PortOne V1 payment JSON saved to a file → the ledger."""

from __future__ import annotations

import argparse
from pathlib import Path

from recon_app.cli.common import ledger_from


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "import-payments",
        help="PortOne 결제 JSON 파일을 원장에 반영",
        description='PortOne V1 결제 JSON(결제 배열, {"list": [...]}, API 응답 '
        "{code, message, response: 목록·페이지·결제 하나}, 또는 그런 응답들의 배열)을 동기화와 "
        "같은 검사를 거쳐 원장에 반영합니다. 잘못된 결제가 하나라도 있거나 같은 imp_uid가 서로 "
        "다른 내용으로 두 번 있으면 아무것도 저장하지 않습니다. 원화가 아닌 결제는 통화와 함께 "
        "보관하고 원화 대사에는 넣지 않습니다.",
    )
    p.add_argument("file", metavar="FILE", help="결제 JSON 파일")
    p.add_argument("--store", default="default", metavar="NAME", help="상점 이름 (기본: default)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from recon_app.services.payments_import import import_payments_file

    ledger = ledger_from(args)
    try:
        report = import_payments_file(ledger, Path(args.file), args.store)
    finally:
        ledger.close()
    for line in report.summary_lines():
        print(line)
    return 0
