"""`recon-app import-bank FILE`: import a bank statement (CSV/XLSX/XLS) into the ledger.

As with order files, the XLSX password never comes from argv: ``--password`` prompts for it, or
it comes from the RECON_XLSX_PASSWORD environment variable (카카오뱅크 and 토스뱅크 always encrypt).
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from recon_app.cli.common import ledger_from
from recon_app.domain.errors import InputError
from recon_app.services.bank_import import Layout, import_bank_statement


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "import-bank",
        help="은행 거래내역(CSV/XLSX/XLS)을 원장으로 가져오기",
        description="은행 사이트에서 내려받은 거래내역 파일을 원장에 가져옵니다. 기간이 겹치는 파일을 "
        "다시 가져오면 새 거래만 추가됩니다 (시각·금액·내용·잔액이 같으면 같은 거래).",
    )
    p.add_argument("file", metavar="FILE", help="거래내역 파일 (CSV, XLSX, XLS, HTML로 저장된 XLS)")
    p.add_argument("--store", default="default", help="상점 이름 (기본: default)")
    p.add_argument(
        "--account",
        metavar="NAME",
        help="계좌 이름 (기본: 파일의 계좌번호 뒷자리, 없으면 '기본 계좌')",
    )
    p.add_argument(
        "--password",
        action="store_true",
        help="암호가 걸린 XLSX: 암호를 입력 창으로 묻습니다 (또는 환경 변수 RECON_XLSX_PASSWORD)",
    )
    p.add_argument(
        "--header-row",
        type=int,
        metavar="N",
        help="머리글이 있는 행 번호 (기본: 위쪽 40행에서 열 이름으로 찾음)",
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="ROLE=HEADER",
        help="열 이름으로 못 찾는 열 지정: datetime, time, deposit, withdrawal, amount(부호 있는 "
        "금액), balance, text (여러 번 쓸 수 있음; 예: --map deposit=받은금액)",
    )
    p.set_defaults(func=run)


def parse_layout(header_row: int | None, items: list[str]) -> Layout | None:
    columns: dict[str, str] = {}
    for item in items:
        role, sep, header = item.partition("=")
        if not sep or not role.strip() or not header.strip():
            raise InputError(
                f"--map '{item}'은(는) ROLE=HEADER 형식이어야 합니다.",
                hint="예: --map deposit=받은금액",
            )
        columns[role.strip()] = header.strip()
    if header_row is None and not columns:
        return None
    return Layout(header_row=header_row, columns=columns)


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
    ledger = ledger_from(args)
    try:
        report = import_bank_statement(
            ledger,
            Path(args.file),
            store=args.store,
            account=args.account,
            password=password,
            layout=parse_layout(args.header_row, args.map),
        )
    finally:
        ledger.close()
    for text in report.summary_lines():
        print(text)
    return 0
