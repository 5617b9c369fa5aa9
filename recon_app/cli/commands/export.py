"""`recon-app export`: like `reconcile`, for writing the month's report files (at least one)."""

from __future__ import annotations

import argparse

from recon_app.cli.commands.reconcile import add_month_arguments, reconcile_from_args, write_outputs
from recon_app.domain.display import format_count
from recon_app.domain.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "export",
        help="한 달의 대사 결과를 파일로 저장 (xlsx/json/csv)",
        description="reconcile과 같은 대사를 하고 결과를 파일로 씁니다. --xlsx, --json, --csv 중 "
        "하나 이상을 주세요.",
    )
    add_month_arguments(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not (args.xlsx or args.json or args.csv):
        raise InputError(
            "저장할 파일이 없습니다.",
            hint="--xlsx 보고서.xlsx, --json 결과.json, --csv 결과.csv 중 하나 이상을 주세요.",
        )
    result = reconcile_from_args(args)
    s = result.summary
    print(
        f"{result.month} 대사: {format_count(s.rows)}행, 확인할 예외 {format_count(s.exceptions)}건"
    )
    for written in write_outputs(args, result):
        print(f"저장함: {written}")
    return 0
