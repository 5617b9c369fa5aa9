"""`recon-app vat` and `recon-app vouchers`: the accountant's VAT reference and ERP vouchers."""

from __future__ import annotations

import argparse
from pathlib import Path

from recon_app.cli.common import ledger_from
from recon_app.domain.display import format_count, format_won
from recon_app.domain.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from recon_app.adapters.vouchers.layouts import FORMATS

    p = sub.add_parser(
        "vat",
        help="부가세 신고 참고자료 (신용카드매출전표등 발행금액 집계표 구분)",
        description="기간의 매출(공급대가)을 카드·현금영수증·전자지급수단·기타로 나누고 월별·PG별로 "
        "보여 주며, 같은 기간 PG 수수료와 그 부가세를 함께 냅니다. 취소는 취소한 달에 뺍니다.",
    )
    p.add_argument("--period", required=True, metavar="2026H2|2026Q4|2026")
    p.add_argument("--store", default="default", metavar="NAME")
    p.add_argument("--mapping", type=Path, metavar="FILE.toml", help="회계 매핑 파일")
    p.add_argument("--xlsx", type=Path, metavar="OUT.xlsx")
    p.add_argument("--json", type=Path, metavar="OUT.json")
    p.set_defaults(func=run_vat)

    p = sub.add_parser(
        "vouchers",
        help="회계 프로그램(더존·세무사랑)에 올릴 전표 파일",
        description="한 달의 매출(일자·결제수단별), 취소, PG 수수료와 부가세, 정산 입금을 전표로 "
        "씁니다. 계정과목·거래처는 매핑 파일(--init-mapping 으로 만듦)에서 옵니다. "
        "양식은 공개 자료로 확인한 중간 확신 수준이라 매핑 파일에서 열을 바꿀 수 있습니다.",
    )
    p.add_argument("--month", metavar="YYYY-MM")
    p.add_argument("--store", default="default", metavar="NAME")
    p.add_argument("--format", choices=FORMATS, default="douzone-general")
    p.add_argument("--mapping", type=Path, metavar="FILE.toml", help="회계 매핑 파일")
    p.add_argument("--out", type=Path, metavar="OUT.xlsx|OUT.csv")
    p.add_argument(
        "--init-mapping", type=Path, metavar="FILE.toml", help="기본 매핑 파일을 써서 고칠 수 있게"
    )
    p.add_argument(
        "--payouts",
        type=Path,
        metavar="FILE.csv",
        help="PG 지급 내역 CSV (pg, paid_out_on, gross, fee, fee_vat, amount): 수수료를 지급 건별로, "
        "입금을 보통예금으로 씁니다 (없으면 규칙상 예상 수수료, 입금 전표 없음)",
    )
    p.set_defaults(func=run_vouchers)
    register_pack(sub)
    register_batch(sub)


def run_vat(args: argparse.Namespace) -> int:
    from recon_app.domain.accounting import CATEGORY_LABELS
    from recon_app.services.accounting_map import mapping_or_default
    from recon_app.services.vat import export_vat_json, export_vat_xlsx, vat_report

    mapping = mapping_or_default(args.mapping)
    ledger = ledger_from(args)
    try:
        report = vat_report(ledger, args.period, args.store, mapping)
    finally:
        ledger.close()
    form = report.summary_form()
    print(f"부가세 참고자료 — {report.period.description}, 상점 '{report.store}'")
    print(f"  ⑤ 합계 {format_won(form['total'])}원")
    for key in ("card", "cash_receipt", "epay"):
        print(f"  {CATEGORY_LABELS[key]} {format_won(form[key])}원")
    print(f"  집계표 밖 기타 매출 {format_won(form['other_sales'])}원")
    fee = sum(f.fee for f in report.fee_lines)
    fee_vat = sum(f.fee_vat for f in report.fee_lines)
    print(
        f"  PG 수수료 {format_won(fee)}원, 수수료 부가세 {format_won(fee_vat)}원 ({report.fee_source})"
    )
    check = report.cross_check
    if check and check.get("ok"):
        print(
            f"  PortOne V2 부가세 내역 합계 {format_won(check['portone_total'])}원 "
            f"(Recon과 차이 {format_won(check['difference'])}원)"
        )
    for note in report.notes:
        print(f"  * {note}")
    if args.xlsx:
        print(f"저장함: {export_vat_xlsx(report, args.xlsx)}")
    if args.json:
        print(f"저장함: {export_vat_json(report, args.json)}")
    return 0


def run_vouchers(args: argparse.Namespace) -> int:
    from recon_app.adapters.vouchers.payouts_csv import read_payouts
    from recon_app.services.accounting_map import mapping_or_default, write_mapping_template
    from recon_app.services.vouchers import month_vouchers, write_voucher_file

    if args.init_mapping:
        print(f"저장함: {write_mapping_template(args.init_mapping)}")
        if not args.month:
            return 0
    if not args.month:
        raise InputError("--month 가 필요합니다.", hint="예: --month 2026-10")
    if args.out is not None and args.out.is_dir():
        raise InputError(
            f"--out '{args.out}'은(는) 폴더입니다.", hint="파일 이름을 주세요 (예: 전표.xlsx)."
        )
    mapping = mapping_or_default(args.mapping)
    payouts = read_payouts(args.payouts) if args.payouts else ()
    ledger = ledger_from(args)
    try:
        vouchers = month_vouchers(ledger, args.month, args.store, mapping, payouts)
    finally:
        ledger.close()
    debit = sum(v.debit_total for v in vouchers)
    credit = sum(v.credit_total for v in vouchers)
    print(
        f"{args.month} 전표 {format_count(len(vouchers))}장, 차변 합계 {format_won(debit)}원 = 대변 합계 {format_won(credit)}원"
    )
    if args.out:
        print(f"저장함: {write_voucher_file(vouchers, args.format, args.out, mapping)}")
    return 0


def register_pack(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "pack",
        help="한 달 자료를 폴더와 zip으로 묶습니다 (보고서·부가세·전표·감사기록·PDF 요약)",
    )
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument("--store", default="default", metavar="NAME")
    p.add_argument("--mapping", type=Path, metavar="FILE.toml", help="회계 매핑 파일")
    p.add_argument("--out", required=True, type=Path, metavar="DIR")
    p.set_defaults(func=run_pack)


def run_pack(args: argparse.Namespace) -> int:
    from recon_app.cli.common import ProgressLine
    from recon_app.services.accounting_map import mapping_or_default
    from recon_app.services.pack import pack_month

    mapping = mapping_or_default(args.mapping)
    if args.out.exists() and not args.out.is_dir():
        raise InputError(f"--out '{args.out}'은(는) 폴더가 아닙니다.")
    args.out.mkdir(parents=True, exist_ok=True)
    ledger = ledger_from(args)
    progress = ProgressLine()
    try:
        packed = pack_month(ledger, args.month, args.out, args.store, mapping, progress=progress)
    finally:
        progress.finish()
        ledger.close()
    for path in packed.files:
        print(f"저장함: {path}")
    print(f"묶음: {packed.zip}")
    return 0


def register_batch(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "batch",
        help="여러 고객의 한 달을 한 번에 (동기화·대사·부가세·전표·보고서·PDF)",
        description="고객 목록 TOML 파일([[client]] name, ledger, store, sync) 또는 원장 파일들이 든 "
        "폴더를 받아 고객마다 'pack'을 만듭니다. 실패한 고객이 있어도 끝까지 진행하고 마지막에 "
        "실패 목록을 보여 줍니다 (하나라도 실패하면 종료 코드 1).",
    )
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument("--clients", required=True, type=Path, metavar="FILE|DIR")
    p.add_argument("--out", required=True, type=Path, metavar="DIR")
    p.add_argument("--mapping", type=Path, metavar="FILE.toml", help="회계 매핑 파일 (기본)")
    p.add_argument(
        "--sync", action="store_true", help="모든 고객을 먼저 동기화 (기본: 목록의 sync 값)"
    )
    p.set_defaults(func=run_batch_cli)


def run_batch_cli(args: argparse.Namespace) -> int:
    import sys

    from recon_app.services.accounting_map import mapping_or_default
    from recon_app.services.batch import read_clients, run_batch

    clients = read_clients(args.clients)
    mapping = mapping_or_default(args.mapping)
    if args.out.exists() and not args.out.is_dir():
        raise InputError(f"--out '{args.out}'은(는) 폴더가 아닙니다.")

    def progress(done: int, total: int, message: str) -> None:
        print(f"[{done}/{total}] {message}", flush=True)

    report = run_batch(
        clients,
        args.month,
        args.out,
        sync=True if args.sync else None,
        mapping=mapping,
        progress=progress,
    )
    ok = len(report.outcomes) - len(report.failures)
    print(
        f"완료 {format_count(ok)}곳, 실패 {format_count(len(report.failures))}곳. 요약: {report.summary_file}"
    )
    if report.failures:
        print("실패한 고객:", file=sys.stderr)
        for f in report.failures:
            print(f"  {f.name}: {f.error}", file=sys.stderr)
        return 1
    return 0
