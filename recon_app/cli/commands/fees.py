"""`recon-app fees show | export FILE | import FILE | reset`: the PG fee rules in the ledger."""

from __future__ import annotations

import argparse
from pathlib import Path

from recon_app.cli.common import ledger_from


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "fees",
        help="PG 수수료 규칙 보기·저장",
        description="대사에 쓰는 수수료 규칙. 원장에 저장된 규칙이 있으면 그것을, 없으면 기본 규칙을 씁니다 "
        "(reconcile --fees 파일은 그 한 번만 대신합니다).",
    )
    fsub = p.add_subparsers(dest="fees_command", metavar="ACTION", required=True)
    show = fsub.add_parser("show", help="지금 쓰는 규칙 보기")
    show.set_defaults(func=run_show)
    exp = fsub.add_parser("export", help="지금 쓰는 규칙을 TOML 파일로 쓰기 (고쳐서 import)")
    exp.add_argument("file", type=Path, metavar="FILE")
    exp.set_defaults(func=run_export)
    imp = fsub.add_parser("import", help="TOML 파일의 규칙을 원장에 저장 (이후 대사에 사용)")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.set_defaults(func=run_import)
    reset = fsub.add_parser("reset", help="저장된 규칙을 지우고 기본 규칙으로 돌아가기")
    reset.set_defaults(func=run_reset)


def _print_schedule(schedule) -> None:  # type: ignore[no-untyped-def]
    print(f"수수료 규칙: {schedule.source}")
    print(f"  부가세율 {schedule.vat_rate}, 반올림 {schedule.rounding.value}")
    for rule in sorted(schedule.rules, key=lambda r: -r.specificity):
        extra = []
        if rule.vat_rate is not None:
            extra.append(f"부가세율 {rule.vat_rate}")
        if rule.rounding is not None:
            extra.append(f"반올림 {rule.rounding.value}")
        print("  " + rule.describe() + (f" ({', '.join(extra)})" if extra else ""))


def run_show(args: argparse.Namespace) -> int:
    from recon_app.services.fee_rules import load_fee_schedule

    ledger = ledger_from(args)
    try:
        _print_schedule(load_fee_schedule(ledger))
    finally:
        ledger.close()
    return 0


def run_export(args: argparse.Namespace) -> int:
    from recon_app.services.fee_rules import export_fee_file

    ledger = ledger_from(args)
    try:
        print(f"저장함: {export_fee_file(ledger, args.file)}")
    finally:
        ledger.close()
    return 0


def run_import(args: argparse.Namespace) -> int:
    from recon_app.services.fee_rules import import_fee_file

    ledger = ledger_from(args)
    try:
        schedule = import_fee_file(ledger, args.file)
    finally:
        ledger.close()
    print(
        f"'{args.file}'의 규칙 {len(schedule.rules)}개를 원장에 저장했습니다. 이후 대사에 사용합니다."
    )
    _print_schedule(schedule)
    return 0


def run_reset(args: argparse.Namespace) -> int:
    from recon_app.services.fee_rules import reset_fee_schedule

    ledger = ledger_from(args)
    try:
        reset_fee_schedule(ledger)
    finally:
        ledger.close()
    print("저장된 수수료 규칙을 지웠습니다. 기본 규칙을 씁니다.")
    return 0
