"""`recon-app reconcile`: reconcile a month and print a Korean summary; optionally write reports.

Exit 0 on success (exceptions found are a result, not an error), 2 on bad input.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from recon_app.cli.common import ProgressLine, ledger_from
from recon_app.domain.errors import InputError


def add_month_arguments(p: argparse.ArgumentParser, *, outputs_required: bool = False) -> None:
    p.add_argument("--month", required=True, metavar="YYYY-MM", help="대사할 달 (KST, 주문일 기준)")
    p.add_argument("--store", default="default", metavar="NAME", help="상점 이름 (기본: default)")
    p.add_argument(
        "--fees",
        type=Path,
        metavar="FILE",
        help="수수료 규칙 TOML 파일 (기본: 원장에 저장된 규칙, 없으면 기본 규칙)",
    )
    p.add_argument("--json", type=Path, metavar="OUT.json", help="결과를 JSON으로 저장")
    p.add_argument(
        "--xlsx",
        type=Path,
        metavar="OUT.xlsx",
        help="엑셀 보고서로 저장 (요약·대사결과·예외·수수료)",
    )
    p.add_argument("--csv", type=Path, metavar="OUT.csv", help="대사결과를 CSV로 저장")
    p.add_argument(
        "--mask-personal", action="store_true", help="보고서의 구매자 이름을 가립니다 (홍*동)"
    )


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "reconcile",
        help="한 달의 주문과 PG 결제를 대사하고 요약 출력",
        description="원장의 주문(주문일 기준 한 달, KST)과 PortOne 결제를 맞춰 보고, 상태별 건수·금액, "
        "PG 결제·취소, 수수료·부가세·정산 예정액과 확인할 예외를 보여 줍니다.",
    )
    add_month_arguments(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    result = reconcile_from_args(args)
    for line in result.summary_lines():
        print(line)
    for written in write_outputs(args, result):
        print(f"저장함: {written}")
    return 0


def reconcile_from_args(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from recon_app.domain.fees import load_schedule
    from recon_app.services.reconciling import reconcile_month

    for flag in ("json", "xlsx", "csv"):
        path = getattr(args, flag, None)
        if path is not None:
            check_output_path(flag, path)
    fees = load_schedule(args.fees) if args.fees else None
    ledger = ledger_from(args)
    progress = ProgressLine()
    try:
        return reconcile_month(ledger, args.month, store=args.store, fees=fees, progress=progress)
    finally:
        progress.finish()
        ledger.close()


def check_output_path(flag: str, path: Path) -> None:
    """Refuse an output path that cannot be written *before* the month is reconciled (a million
    rows take a while; finding out afterwards that the folder does not exist wastes it)."""
    if path.is_dir():
        raise InputError(
            f"--{flag} '{path}'은(는) 폴더입니다.",
            hint=f"파일 이름을 주세요 (예: 2026-10.{flag}).",
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.exists():
        raise InputError(
            f"--{flag} '{path}'의 폴더 '{folder}'이(가) 없습니다.",
            hint="있는 폴더를 고르거나 폴더를 먼저 만드세요. 대사는 하지 않았습니다.",
        )
    if not folder.is_dir():
        raise InputError(
            f"--{flag} '{path}'의 '{folder}'은(는) 폴더가 아닙니다.",
            hint="저장할 파일의 경로를 확인하세요.",
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(
            f"--{flag} '{path}'의 폴더 '{folder}'에 쓸 수 없습니다 (쓰기 권한이 없습니다).",
            hint="쓸 수 있는 폴더를 고르세요. 대사는 하지 않았습니다.",
        )


def write_outputs(args: argparse.Namespace, result) -> list[Path]:  # type: ignore[no-untyped-def]
    from recon_app.services.exporting import export_csv, export_json, export_xlsx

    written = []
    if args.json:
        written.append(export_json(result, args.json))
    if args.csv:
        written.append(export_csv(result, args.csv, mask_personal=args.mask_personal))
    if args.xlsx:
        progress = ProgressLine(sys.stderr)
        try:
            written.append(
                export_xlsx(result, args.xlsx, mask_personal=args.mask_personal, progress=progress)
            )
        finally:
            progress.finish()
    return written
