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
from recon_app.services.importing import FIELDS, ImportOptions, import_orders
from recon_app.services.order_layouts import BUILTIN_LAYOUTS, check_layout, save_layout


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
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=HEADER",
        help="필드를 파일의 열 머리글로 직접 지정 (여러 번 쓸 수 있음). 필드: "
        + ", ".join(FIELDS)
        + ". 예: --map amount='총 결제금액'",
    )
    p.add_argument(
        "--layout",
        metavar="NAME",
        help="알려진 양식 이름 (" + ", ".join(BUILTIN_LAYOUTS) + ") 또는 --save-layout 으로 "
        "저장한 양식. 보통은 머리글로 자동 감지되므로 필요 없습니다",
    )
    p.add_argument(
        "--save-layout",
        metavar="NAME",
        help="이번 --map/--status-map 지정을 이 이름의 양식으로 저장 (데스크톱 앱과 함께 씀)",
    )
    p.set_defaults(func=run)


def parse_column_map(items: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in items:
        name, sep, header = item.partition("=")
        name, header = name.strip(), header.strip()
        if not sep or not name or not header:
            raise InputError(
                f"--map '{item}'은(는) FIELD=HEADER 형식이어야 합니다.",
                hint="예: --map amount='총 결제금액' (필드: " + ", ".join(FIELDS) + ")",
            )
        if name not in FIELDS:
            raise InputError(
                f"--map '{item}'의 필드 '{name}'을(를) 알 수 없습니다.",
                hint="다음 중 하나를 쓰세요: " + ", ".join(FIELDS) + ".",
            )
        mapping[name] = header
    return mapping


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
        column_map=parse_column_map(args.map),
        layout=args.layout,
    )

    if args.save_layout:  # a name or mapping that cannot be saved is refused before importing
        check_layout(args.save_layout, options.column_map)
    ledger = ledger_from(args)
    line = ProgressLine()
    try:
        result = import_orders(ledger, Path(args.file), options, progress=line)
    finally:
        line.finish()
        ledger.close()
    for text in result.summary_lines():
        print(text)
    if args.save_layout:  # after the import: the mapping has just been shown to work
        saved = save_layout(args.save_layout, options.column_map, options.status_map)
        print(f"열 양식 '{args.save_layout.strip()}'을(를) 저장했습니다: {saved}")
    return 0
