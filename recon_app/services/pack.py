"""A client's month for the file: one folder and a zip with the Excel report (+ JSON), the VAT
reference of the month, the vouchers in each ERP format, the audit trail, and a one-page PDF.

A closed month is packed with its frozen figures (reconcile_month answers them) and its
post-close changes; the PDF says who closed it and when.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from recon_app.adapters.pdf.summary import PdfSummary, write_summary_pdf
from recon_app.adapters.report.atomic import atomic_path
from recon_app.adapters.report.csv_writer import write_csv
from recon_app.adapters.report.xlsx import Column
from recon_app.adapters.vouchers.layouts import FORMATS
from recon_app.domain.accounting import CARD, CASH_RECEIPT, EPAY
from recon_app.domain.display import format_count, format_won
from recon_app.domain.progress import ProgressFn, report
from recon_app.domain.statuses import label_of
from recon_app.domain.timeutil import format_kst
from recon_app.services.accounting_map import AccountingMap
from recon_app.services.audit import entries
from recon_app.services.exporting import export_json, export_xlsx
from recon_app.services.post_close import signed_won
from recon_app.services.reconciling import ReconResult, reconcile_month
from recon_app.services.vat import VatReport, export_vat_xlsx, vat_report
from recon_app.services.vouchers import month_vouchers, write_voucher_file
from recon_app.storage.db import Ledger
from recon_app.storage.stores import DEFAULT_STORE

AUDIT_COLUMNS = (
    Column("at", "일시"),
    Column("user", "사용자"),
    Column("label", "작업"),
    Column("store", "상점"),
    Column("month", "월"),
    Column("detail", "내용"),
)


@dataclass(frozen=True)
class PackResult:
    folder: Path
    zip: Path
    files: tuple[Path, ...]
    result: ReconResult
    vat: VatReport


def safe_name(text: str) -> str:
    """A folder/file name from a store or client name (Hangul kept, path characters not)."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", text).strip(" .")
    return cleaned[:60] or "store"


def pack_month(
    ledger: Ledger,
    month: str,
    out_dir: Path,
    store: str = DEFAULT_STORE,
    mapping: AccountingMap | None = None,
    formats: tuple[str, ...] = FORMATS,
    progress: ProgressFn | None = None,
    name: str | None = None,
) -> PackResult:
    mapping = mapping or AccountingMap()
    result = reconcile_month(ledger, month, store)
    month = result.month
    folder = Path(out_dir) / f"{safe_name(name or store)}-{month}"
    folder.mkdir(parents=True, exist_ok=True)
    steps = 5 + len(formats)
    report(progress, 1, steps, "엑셀 보고서")
    files = [
        export_xlsx(result, folder / f"report-{month}.xlsx"),
        export_json(result, folder / f"report-{month}.json"),
    ]
    report(progress, 2, steps, "부가세 참고자료")
    vat = vat_report(ledger, month, store, mapping)
    files.append(export_vat_xlsx(vat, folder / f"vat-{month}.xlsx"))
    vouchers = month_vouchers(ledger, month, store, mapping)
    for i, fmt in enumerate(formats):
        report(progress, 3 + i, steps, f"전표 {fmt}")
        files.append(
            write_voucher_file(vouchers, fmt, folder / f"vouchers-{fmt}-{month}.xlsx", mapping)
        )
    report(progress, steps - 2, steps, "감사 기록")
    trail = entries(ledger, month=month, store=store)
    files.append(
        write_csv(
            folder / f"audit-{month}.csv",
            AUDIT_COLUMNS,
            {
                "at": [format_kst(e["at"]) for e in trail],
                "user": [e["user"] for e in trail],
                "label": [e["label"] for e in trail],
                "store": [e["store"] or "" for e in trail],
                "month": [e["month"] or "" for e in trail],
                "detail": [
                    ", ".join(f"{k}={v}" for k, v in e["detail"].items() if v not in (None, ""))
                    for e in trail
                ],
            },
        )
    )
    report(progress, steps - 1, steps, "PDF 요약")
    files.append(write_summary_pdf(folder / f"summary-{month}.pdf", summary_document(result, vat)))
    archive = Path(out_dir) / f"{folder.name}.zip"
    with (
        atomic_path(archive, "묶음 파일") as tmp,
        zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf,
    ):
        for path in files:
            zf.write(path, f"{folder.name}/{path.name}")
    report(progress, steps, steps, "묶음 완료")
    return PackResult(folder, archive, tuple(files), result, vat)


def summary_document(result: ReconResult, vat: VatReport) -> PdfSummary:
    s = result.summary
    closed = result.closed
    state = (
        f"마감됨 — {closed['closed_by']}, {closed['closed_at']}"
        + (f", 메모: {closed['note']}" if closed["note"] else "")
        if closed
        else "마감 전"
    )
    kpis = [
        ("PG 결제 총액", f"{format_won(s.gross)}원"),
        ("PG 취소", f"{format_won(s.refunds)}원"),
        ("정산 대상", f"{format_won(s.kept)}원"),
        ("수수료 + 부가세", f"{format_won(s.fees + s.fee_vat)}원"),
        ("정산 예정액", f"{format_won(s.settlement)}원"),
        ("확인할 예외", f"{format_count(s.exceptions)}건 / {format_won(s.exception_amount)}원"),
    ]
    by_pg: dict[str, int] = {}
    for item in s.by_pg_method:
        pg = str(item["pg_provider"] or "(없음)")
        by_pg[pg] = by_pg.get(pg, 0) + int(item["kept"])
    bars = [(pg, v, f"{format_won(v)}원") for pg, v in sorted(by_pg.items(), key=lambda x: -x[1])]
    exc = result.exceptions()
    exc = exc.loc[~exc["resolved"].to_numpy(bool)].head(14)
    rows = [
        [
            str(r["row_key"]),
            label_of(str(r["status"])),
            f"{format_won(int(r['difference']))}원",
            str(r["reason"]),
        ]
        for r in exc.to_dict("records")
    ]
    form = vat.summary_form()
    notes = [
        f"부가세 참고 (이 달, 공급대가): 카드 {format_won(form[CARD])}원, 현금영수증 "
        f"{format_won(form[CASH_RECEIPT])}원, 전자지급수단 {format_won(form[EPAY])}원, "
        f"기타 {format_won(form['other_sales'])}원",
    ]
    if result.post_close_changes:
        total = sum(int(c["settlement_effect"]) for c in result.post_close_changes)
        where = "이 달" if closed else "이전 마감 월"
        notes.append(
            f"마감 후 변동 ({where}) {format_count(len(result.post_close_changes))}건, 정산 예정액 영향 "
            f"{signed_won(total)}원 — 엑셀 보고서의 '마감 후 변동' 시트"
        )
    if s.resolved:
        notes.append(
            f"해결 처리된 예외 {format_count(s.resolved)}건은 엑셀 보고서의 '예외' 시트에 메모와 함께 있습니다."
        )
    notes.append(f"수수료 규칙: {result.fees.source}. 수수료는 규칙으로 계산한 예상액입니다.")
    return PdfSummary(
        title=f"{result.store} · {result.month} 정산 대사 요약",
        subtitle=f"{state}. 주문 {format_count(s.orders)}건, 주문 없는 결제 {format_count(s.orphan_payments)}건.",
        kpis=kpis,
        chart_title="PG사별 정산 대상 (결제 - 취소)",
        bars=bars,
        table_title=f"확인할 예외 (차이가 큰 순, {format_count(s.exceptions)}건 중 {len(rows)}건)",
        table_header=["주문/결제번호", "상태", "차이", "사유"],
        table_rows=rows,
        notes=notes,
        footer=(f"입력 지문 {closed['fingerprint'][:16]}… · " if closed else "") + "Recon",
    )
