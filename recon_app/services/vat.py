"""부가세 신고 참고자료: a period's sales split as the 신용카드매출전표등 발행금액 집계표 wants them,
by month and PG, with the PG fees of the period and their VAT (the deductible 매입세액 of the
PGs' fee invoices).

Sales are VAT included (공급대가), on the day of payment; a cancel counts in the month it happened
(not in the month of the sale), as the card companies report it. Which column a payment method
belongs to comes from the mapping file (domain/accounting.py explains the defaults). The ledger
holds no tax-free amounts, so every sale is shown as 과세 and the 면세 row stays 0 (a note says
so). PG fees are the expected fees from the fee rules (per payment, on what it kept); the
settlement reports of issue 12 will replace them with the PGs' actual fees.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from recon_app.adapters.report.atomic import write_atomic
from recon_app.adapters.report.xlsx import Column, Sheet, Table, write_workbook
from recon_app.domain.accounting import (
    CARD,
    CASH_RECEIPT,
    CATEGORIES,
    CATEGORY_LABELS,
    EPAY,
    OTHER,
    Period,
    classify,
    parse_period,
    split_vat,
)
from recon_app.domain.display import format_won
from recon_app.domain.errors import InputError, ReconError
from recon_app.domain.fees import FeeSchedule
from recon_app.domain.timeutil import month_bounds, to_kst
from recon_app.services.accounting_map import AccountingMap
from recon_app.services.fee_rules import load_fee_schedule
from recon_app.storage import accounting_repo
from recon_app.storage.db import Ledger
from recon_app.storage.stores import DEFAULT_STORE, store_id

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class VatLine:
    month: str
    pg: str
    category: str
    sales: int
    cancels: int

    @property
    def net(self) -> int:
        return self.sales - self.cancels


@dataclass(frozen=True)
class FeeVatLine:
    month: str
    pg: str
    fee: int
    fee_vat: int


@dataclass(frozen=True)
class VatReport:
    period: Period
    store: str
    lines: tuple[VatLine, ...]
    fee_lines: tuple[FeeVatLine, ...]
    fee_source: str
    notes: tuple[str, ...] = field(default=())
    #: PortOne V2's own VAT totals beside Recon's (stores that sync from V2), or None.
    cross_check: dict[str, Any] | None = None

    def net_by_category(self) -> dict[str, int]:
        out = dict.fromkeys(CATEGORIES, 0)
        for line in self.lines:
            out[line.category] += line.net
        return out

    def summary_form(self) -> dict[str, int]:
        """§2 of the 집계표: ⑤ 합계 = ⑥ + ⑦ + ⑧, all 과세 매출분 (VAT included)."""
        net = self.net_by_category()
        return {
            "total": net[CARD] + net[CASH_RECEIPT] + net[EPAY],
            CARD: net[CARD],
            CASH_RECEIPT: net[CASH_RECEIPT],
            EPAY: net[EPAY],
            "other_sales": net[OTHER],
        }

    def to_dict(self) -> dict[str, Any]:
        form = self.summary_form()
        supply, vat = split_vat(sum(self.net_by_category().values()))
        return {
            "period": self.period.label,
            "description": self.period.description,
            "store": self.store,
            "summary_form": {"taxable": form, "tax_free": dict.fromkeys(form, 0)},
            "sales_total": sum(self.net_by_category().values()),
            "sales_supply": supply,
            "sales_vat": vat,
            "lines": [
                {
                    "month": x.month,
                    "pg": x.pg,
                    "category": x.category,
                    "sales": x.sales,
                    "cancels": x.cancels,
                    "net": x.net,
                }
                for x in self.lines
            ],
            "fees": [
                {"month": f.month, "pg": f.pg, "fee": f.fee, "fee_vat": f.fee_vat}
                for f in self.fee_lines
            ],
            "fee_total": sum(f.fee for f in self.fee_lines),
            "fee_vat_total": sum(f.fee_vat for f in self.fee_lines),
            "fee_source": self.fee_source,
            "notes": list(self.notes),
            "portone_v2_cross_check": self.cross_check,
        }


def vat_report(
    ledger: Ledger,
    period: str,
    store: str = DEFAULT_STORE,
    mapping: AccountingMap | None = None,
    fees: FeeSchedule | None = None,
    *,
    cross_check: bool = True,
    transport: Any = None,
) -> VatReport:
    try:
        parsed = parse_period(period)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    mapping = mapping or AccountingMap()
    fees = fees or load_fee_schedule(ledger)
    start, _ = month_bounds(parsed.first)
    _, end = month_bounds(parsed.last)
    with ledger.read() as conn:
        sid = store_id(conn, store, create=False)
        if sid is None:
            raise InputError(
                f"상점 '{store}'이(가) 원장에 없습니다.",
                hint="'recon-app stores'로 상점 이름을 확인하세요.",
            )
        sales = accounting_repo.sales(conn, sid, start, end)
        cancels = accounting_repo.cancels(conn, sid, start, end)
        connection = accounting_repo.store_connection(conn, store)
    amounts: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    fee_sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for s in sales:
        key = (_month(s["at"]), s["pg_provider"] or "", classify(s["pay_method"], mapping.methods))
        amounts[key][0] += int(s["amount"])
        kept = int(s["amount"]) - int(s["cancel_amount"])
        fee = fees.compute(kept, s["pg_provider"], s["pay_method"])
        sums = fee_sums[(key[0], key[1])]
        sums[0] += fee.fee
        sums[1] += fee.fee_vat
    for c in cancels:
        key = (_month(c["at"]), c["pg_provider"] or "", classify(c["pay_method"], mapping.methods))
        amounts[key][1] += int(c["amount"])
    lines = tuple(VatLine(m, pg, cat, a[0], a[1]) for (m, pg, cat), a in sorted(amounts.items()))
    fee_lines = tuple(FeeVatLine(m, pg, f[0], f[1]) for (m, pg), f in sorted(fee_sums.items()))
    notes = (
        "매출은 공급대가(부가세 포함)이며 결제일 기준, 취소는 취소한 달에 뺐습니다.",
        "원장에 면세 금액 자료가 없어 모든 매출을 과세로 보았습니다 (면세 매출분 0).",
        "계좌이체·가상계좌의 현금영수증 발급 여부는 원장에 없어 매핑 파일의 [methods]를 따릅니다 "
        f"(지금: trans={mapping.methods.get('trans', OTHER)}, vbank={mapping.methods.get('vbank', OTHER)}).",
        f"PG 수수료는 수수료 규칙({fees.source})으로 계산한 예상 수수료입니다; PG 세금계산서와 맞춰 보세요.",
        "참고자료입니다: 신고 전 홈택스 카드매출·현금영수증 자료와 대조하세요.",
    )
    report = VatReport(parsed, store, lines, fee_lines, fees.source, notes)
    if cross_check and connection is not None and connection[0] == "portone-v2":
        found = portone_v2_cross_check(report, connection[1], transport=transport)
        note = found.get("note")
        report = replace(report, cross_check=found, notes=report.notes + ((note,) if note else ()))
    return report


def portone_v2_cross_check(
    report: VatReport, api_base: str | None, *, transport: Any = None
) -> dict[str, Any]:
    """PortOne V2's transaction VAT report for the period beside Recon's total. The endpoint
    is unstable: whatever goes wrong (credentials, network, a changed answer) becomes a note."""
    from recon_app.adapters.portone.client import ClientOptions
    from recon_app.adapters.portone_v2.client import DEFAULT_API_BASE, PortOneV2Client
    from recon_app.adapters.portone_v2.vat_report import fetch_transaction_vat_report
    from recon_app.services.credentials import load_v2_credentials_with_source

    first = date.fromisoformat(report.period.first + "-01")
    last_start = date.fromisoformat(report.period.last + "-01")
    last = date(last_start.year + last_start.month // 12, last_start.month % 12 + 1, 1)
    last -= timedelta(days=1)
    ours = sum(report.net_by_category().values())
    try:
        creds, _source = load_v2_credentials_with_source(report.store)
        options = ClientOptions(max_attempts=2, read_timeout=20.0)
        with PortOneV2Client(
            api_base or DEFAULT_API_BASE,
            creds.api_secret,
            options,
            store_id=creds.store_id,
            transport=transport,
        ) as client:
            v2 = fetch_transaction_vat_report(client, first, last)
    except ReconError as exc:  # unstable endpoint: a note, never an error (issue 14)
        return _not_checked(exc.message)
    except Exception as exc:  # not even a surprise may cost the accountant the VAT reference
        log.exception("PortOne V2 vat-report cross-check failed")
        return _not_checked(type(exc).__name__)
    diff = ours - v2.total
    return {
        "ok": True,
        "from": first.isoformat(),
        "until": last.isoformat(),
        "portone_total": v2.total,
        "portone_supply": v2.supply,
        "portone_vat": v2.vat,
        "portone_tax_free": v2.tax_free,
        "recon_total": ours,
        "difference": diff,
        "by_method": [
            {"method": i.method, "total": i.total, "supply": i.supply, "vat": i.vat}
            for i in v2.items
        ],
        "note": None
        if diff == 0
        else f"PortOne V2 부가세 내역 합계 {format_won(v2.total)}원과 Recon 합계 "
        f"{format_won(ours)}원이 {format_won(abs(diff))}원 다릅니다 (PortOne 쪽은 불안정 API).",
    }


def _not_checked(message: str) -> dict[str, Any]:
    return {
        "ok": False,
        "note": "PortOne V2 부가세 내역(불안정 API)과 대조하지 못했습니다: "
        f"{message}. 위 수치는 Recon 원장 기준 그대로입니다.",
    }


def _month(ts: int) -> str:
    return to_kst(int(ts)).strftime("%Y-%m")


# -- outputs ---------------------------------------------------------------------------------------
def export_vat_json(report: VatReport, path: Path) -> Path:
    text = json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
    return write_atomic(Path(path), _writer(text), "JSON 파일")


def vat_sheets(report: VatReport) -> list[Sheet]:
    form = report.summary_form()
    form_cols = (
        Column("row", "구분"),
        Column("total", "⑤ 합계", "money"),
        Column(CARD, "⑥ 신용·직불·기명식 선불카드", "money"),
        Column(CASH_RECEIPT, "⑦ 현금영수증", "money"),
        Column(EPAY, "⑧ 직불전자지급수단 및 기명식선불전자지급수단", "money"),
    )
    keys = ("total", CARD, CASH_RECEIPT, EPAY)
    form_data: dict[str, list[Any]] = {"row": ["합계", "과세 매출분", "면세 매출분", "봉사료"]}
    for k in keys:
        form_data[k] = [form[k], form[k], 0, 0]
    other = Table(
        (Column("item", "항목"), Column("value", "금액", "money")),
        {
            "item": ["집계표 밖 기타 매출 (현금영수증 없는 이체 등)", "매출 합계 (공급대가)"],
            "value": [form["other_sales"], sum(report.net_by_category().values())],
        },
        title="기타",
    )
    line_cols = (
        Column("month", "월"),
        Column("pg", "PG사"),
        Column("category", "구분"),
        Column("sales", "매출 (공급대가)", "money"),
        Column("cancels", "취소", "money"),
        Column("net", "순매출", "money"),
    )
    line_data: dict[str, list[Any]] = {c.key: [] for c in line_cols}
    for x in report.lines:
        line_data["month"].append(x.month)
        line_data["pg"].append(x.pg)
        line_data["category"].append(CATEGORY_LABELS[x.category])
        line_data["sales"].append(x.sales)
        line_data["cancels"].append(x.cancels)
        line_data["net"].append(x.net)
    fee_cols = (
        Column("month", "월"),
        Column("pg", "PG사"),
        Column("fee", "수수료 (공급가액)", "money"),
        Column("fee_vat", "수수료 부가세 (매입세액)", "money"),
    )
    fee_data: dict[str, list[Any]] = {
        "month": [f.month for f in report.fee_lines] + ["합계"],
        "pg": [f.pg for f in report.fee_lines] + [None],
        "fee": [f.fee for f in report.fee_lines] + [sum(f.fee for f in report.fee_lines)],
        "fee_vat": [f.fee_vat for f in report.fee_lines]
        + [sum(f.fee_vat for f in report.fee_lines)],
    }
    title = f"신용카드매출전표등 발행금액 집계표 참고 — {report.period.description}, 상점 '{report.store}'"
    form_tables = [Table(form_cols, form_data, title=title), other]
    check = report.cross_check
    if check and check.get("ok"):
        form_tables.append(
            Table(
                (Column("item", "항목"), Column("value", "금액", "money")),
                {
                    "item": [
                        "PortOne V2 거래일 기준 합계",
                        "PortOne V2 공급가액",
                        "PortOne V2 부가세",
                        "PortOne V2 면세",
                        "Recon 합계",
                        "차이 (Recon − PortOne)",
                    ],
                    "value": [
                        check["portone_total"],
                        check["portone_supply"],
                        check["portone_vat"],
                        check["portone_tax_free"],
                        check["recon_total"],
                        check["difference"],
                    ],
                },
                title="PortOne V2 부가세 내역과 대조 (불안정 API, 참고)",
            )
        )
    return [
        Sheet("집계표", form_tables, autofilter=False),
        Sheet("월별·PG별", [Table(line_cols, line_data)]),
        Sheet("PG 수수료", [Table(fee_cols, fee_data)]),
        Sheet(
            "안내",
            [Table((Column("note", "안내"),), {"note": list(report.notes)})],
            autofilter=False,
        ),
    ]


def export_vat_xlsx(report: VatReport, path: Path) -> Path:
    return write_workbook(Path(path), vat_sheets(report))


def _writer(text: str) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    return write
