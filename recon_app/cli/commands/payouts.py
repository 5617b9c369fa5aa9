"""`recon-app payouts --month YYYY-MM`: expected PG payouts of a month against bank deposits.

Exit 0 when the report is made (missing or short deposits are a result, not an error), 2 on bad
input.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from recon_app.cli.common import ledger_from
from recon_app.domain.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "payouts",
        help="PG 지급 예정액과 은행 입금 맞춰 보기 (입금 대사)",
        description="수수료 파일의 지급 규칙([[payout]])으로 PG별·지급일별 지급 예정액을 계산하고, "
        "가져온 은행 거래내역의 입금과 맞춰 봅니다. 상태: matched(입금 확인), short/over(금액 다름), "
        "missing(기준일 전 예정인데 입금 없음), scheduled(입금 예정).",
    )
    p.add_argument("--month", required=True, metavar="YYYY-MM", help="지급일 기준 달")
    p.add_argument("--store", default="default", metavar="NAME", help="상점 이름 (기본: default)")
    p.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="기준일: 이 날 전에 지급 예정인데 입금이 없으면 missing (기본: 오늘)",
    )
    p.add_argument(
        "--fees",
        type=Path,
        metavar="FILE",
        help="수수료·지급 규칙 TOML 파일 (기본: 원장에 저장된 규칙, 없으면 기본 규칙)",
    )
    p.add_argument("--json", type=Path, metavar="OUT.json", help="결과를 JSON으로 저장")
    p.add_argument("--xlsx", type=Path, metavar="OUT.xlsx", help="엑셀(요약·입금 대사)로 저장")
    p.set_defaults(func=run)


def parse_as_of(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"--as-of '{text}'을(를) 날짜로 읽을 수 없습니다.",
            hint="YYYY-MM-DD 형식으로 적으세요 (예: 2026-11-30).",
        ) from None


def run(args: argparse.Namespace) -> int:
    from recon_app.domain.fees import load_schedule
    from recon_app.services.payout_report import export_payouts_json, export_payouts_xlsx
    from recon_app.services.payouts import payouts_month

    for flag in ("json", "xlsx"):
        path = getattr(args, flag)
        if path is not None and path.is_dir():
            raise InputError(
                f"--{flag} '{path}'은(는) 폴더입니다.",
                hint=f"파일 이름을 주세요 (예: payouts.{flag}).",
            )
    as_of = parse_as_of(args.as_of)
    fees = load_schedule(args.fees) if args.fees else None
    ledger = ledger_from(args)
    try:
        report = payouts_month(ledger, args.month, args.store, fees=fees, as_of=as_of)
    finally:
        ledger.close()
    for line in report.summary_lines():
        print(line)
    if args.json:
        print(f"저장함: {export_payouts_json(report, args.json)}")
    if args.xlsx:
        print(f"저장함: {export_payouts_xlsx(report, args.xlsx)}")
    return 0
