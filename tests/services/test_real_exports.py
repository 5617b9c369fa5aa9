"""Real shop exports (tests/data/orders/make_real_fixtures.py, sources in docs/order-exports.md)
import with no flag and reconcile to hand-checked statuses.

Each case: the file, the layout it must be recognised as, the orders it must give (amount,
status, refund; None = no refund value) and the PG payments put beside it with the statuses
and differences reconciliation must then show, all worked out by hand from the rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ledger_builders import add_payments, kst, payment
from sqlalchemy import select

from recon_app.services.importing import ImportOptions, import_orders, preview_orders
from recon_app.services.reconciling import reconcile_month
from recon_app.storage.tables import orders as orders_table

DATA = Path(__file__).resolve().parents[1] / "data" / "orders"

CASES: dict[str, dict[str, Any]] = {
    "smartstore_baljubalsong.xlsx": {
        "layout": "스마트스토어 발주발송관리(상품주문별)",
        "header_row": 2,
        "orders": {
            # 12,000 + 8,000, both lines shipping
            "2026100112345001": (20_000, "paid", None),
            # 15,000 delivered + 5,000 cancelled (취소완료): the cancelled line is the refund
            "2026100212345002": (20_000, "partially_refunded", 5_000),
            "2026100312345003": (9_000, "cancelled", 9_000),  # its only line cancelled
            "2026100412345004": (7_000, "awaiting_payment", None),
            # 10,000 returned (반품완료) + 30,000 purchase confirmed
            "2026100512345005": (40_000, "partially_refunded", 10_000),
            # 주문상태 취소 but 주문세부상태 취소요청: only asked, the money has not moved
            "2026100612345006": (11_000, "paid", None),
        },
        "payments": [
            payment("ss1", "2026100112345001", 20_000),
            payment("ss2", "2026100212345002", 20_000, "cancelled", cancel_amount=5_000),
            payment("ss3", "2026100312345003", 9_000, "cancelled", cancel_amount=9_000),
            payment("ss5", "2026100512345005", 40_000),  # the return was not refunded at the PG
            payment("ss6", "2026100612345006", 11_000),
        ],
        "recon": {
            "2026100112345001": ("matched", 0),
            "2026100212345002": ("matched", 0),
            "2026100312345003": ("matched", 0),
            "2026100412345004": ("pending", 0),
            "2026100512345005": ("refund_missing", 10_000),  # PG 40,000 − shop 30,000
            "2026100612345006": ("matched", 0),
        },
    },
    "cafe24_27col_cp949.csv": {
        "layout": "카페24 주문 엑셀(기본 양식)",
        "header_row": 1,
        "orders": {
            "20261001-0000011": (33_000, "paid", None),  # 2 items, total on the first row
            "20261002-0000012": (22_000, "cancelled", 22_000),  # 취소구분 취소, 22,000 back
            "20261003-0000013": (22_000, "cancelled", 0),  # 입금전 + 취소, 실제 환불금액 0
            # 반품 of one item: 환불금액 20,000 asked, 실제 환불금액 18,000 paid back (wins)
            "20261004-0000014": (45_000, "partially_refunded", 18_000),
            "20261005-0000015": (9_000, "awaiting_payment", None),  # 입금전
        },
        "payments": [
            payment("c1", "20261001-0000011", 33_000),
            payment("c2", "20261002-0000012", 22_000, "cancelled", cancel_amount=22_000),
            payment("c4", "20261004-0000014", 45_000, "cancelled", cancel_amount=18_000),
        ],
        "recon": {
            "20261001-0000011": ("matched", 0),
            "20261002-0000012": ("matched", 0),
            "20261003-0000013": ("cancelled_unpaid", 0),  # nothing paid, nothing owed
            "20261004-0000014": ("matched", 0),
            "20261005-0000015": ("pending", 0),
        },
    },
    "cafe24_custom.csv": {
        "layout": None,  # the user's own columns: read by header names alone
        "header_row": 1,
        "orders": {
            "20261006-0000021": (15_000, "paid", 0),  # 상품 준비중
            "20261007-0000022": (22_000, "cancelled", 0),  # 입금전 취소 - 관리자
            "20261008-0000023": (40_000, "paid", 0),  # second row's blanks: same as above
            "20261009-0000024": (30_000, "cancelled", 0),  # 취소 완료 - 환불전
        },
        "payments": [
            payment("k1", "20261006-0000021", 15_000),
            payment("k3", "20261008-0000023", 40_000),
            payment("k4", "20261009-0000024", 30_000),  # cancelled at the shop, not at the PG
        ],
        "recon": {
            "20261006-0000021": ("matched", 0),
            "20261007-0000022": ("cancelled_unpaid", 0),
            "20261008-0000023": ("matched", 0),
            "20261009-0000024": ("refund_missing", 30_000),
        },
    },
    "godomall5_orders.xlsx": {
        "layout": "고도몰5 주문통합리스트 엑셀",
        "header_row": 1,
        "orders": {
            "2610011230000001": (21_000, "paid", 0),  # 결제완료 + 상품준비중 items
            "2610021230000002": (13_000, "awaiting_payment", 0),  # 입금대기
            "2610031230000003": (17_000, "cancelled", 17_000),  # 환불완료
            # one item 배송완료, one 환불완료, 총 환불금액 20,000 (per-item statuses)
            "2610041230000004": (50_000, "partially_refunded", 20_000),
            "2610051230000005": (9_000, "cancelled", 0),  # 자동취소 before payment
            "2610061230000006": (50_000, "paid", 0),  # 배송완료
        },
        "payments": [
            payment("g1", "2610011230000001", 21_000),
            payment("g3", "2610031230000003", 17_000, "cancelled", cancel_amount=17_000),
            payment("g4", "2610041230000004", 50_000, "cancelled", cancel_amount=20_000),
            payment("g6", "2610061230000006", 45_000),
        ],
        "recon": {
            "2610011230000001": ("matched", 0),
            "2610021230000002": ("pending", 0),
            "2610031230000003": ("matched", 0),
            "2610041230000004": ("matched", 0),
            "2610051230000005": ("cancelled_unpaid", 0),  # nothing paid, nothing owed
            "2610061230000006": ("amount_mismatch", -5_000),  # PG 45,000 − shop 50,000
        },
    },
    "imweb_basic.xlsx": {
        "layout": "아임웹 주문 엑셀(기본 양식)",
        "header_row": 1,
        "orders": {
            "202610015551234": (33_000, "paid", None),  # 거래종료, 2 items, total repeated
            "202610025552345": (12_000, "awaiting_payment", None),  # 결제대기
            "202610035553456": (18_000, "cancelled", None),  # 거래취소
        },
        "payments": [
            payment("i1", "202610015551234", 33_000),
            payment("i3", "202610035553456", 18_000, "cancelled", cancel_amount=18_000),
        ],
        "recon": {
            "202610015551234": ("matched", 0),
            "202610025552345": ("pending", 0),
            "202610035553456": ("matched", 0),
        },
    },
    "shopify_orders_export.csv": {
        "layout": "Shopify orders_export.csv",
        "header_row": 1,
        "orders": {
            "#1001": (33_000, "paid", 0),  # 2 line items, order fields on the first only
            "#1002": (22_000, "cancelled", 0),  # voided, Refunded Amount 0.00
            "#1003": (55_000, "partially_refunded", 5_000),
            "#1004": (8_000, "awaiting_payment", 0),  # pending
            "#1005": (30_000, "cancelled", 30_000),  # refunded
        },
        "payments": [
            payment("s1", "#1001", 33_000),
            payment("s3", "#1003", 55_000, "cancelled", cancel_amount=5_000),
            payment("s5", "#1005", 30_000, "cancelled", cancel_amount=30_000),
        ],
        "recon": {
            "#1001": ("matched", 0),
            "#1002": ("cancelled_unpaid", 0),
            "#1003": ("matched", 0),
            "#1004": ("pending", 0),
            "#1005": ("matched", 0),
        },
    },
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_real_export_imports_with_no_flag_and_reconciles(ledger, name: str) -> None:  # type: ignore[no-untyped-def]
    case = CASES[name]
    path = DATA / name
    preview = preview_orders(path)
    assert preview.problems == [] and preview.unknown_statuses == []
    assert preview.layout == case["layout"] and preview.header_row == case["header_row"]

    report = import_orders(ledger, path, ImportOptions())
    assert report.skipped == [] and report.orders == len(case["orders"])
    with ledger.read() as conn:
        stored = {
            r.order_id: (r.amount, r.status, r.refunded_amount)
            for r in conn.execute(select(orders_table))
        }
    assert stored == case["orders"]

    add_payments(ledger, [dict(p, paid_at=kst("2026-10-10 12:00")) for p in case["payments"]])
    result = reconcile_month(ledger, "2026-10")
    rows = {r["row_key"]: (r["status"], r["difference"]) for r in result.rows.to_dict("records")}
    assert rows == case["recon"]


def test_skip_bad_rows_never_drops_a_per_line_order_silently(ledger, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    head = "주문번호,상품주문번호,주문일시,주문상태,주문세부상태,최종 상품별 총 주문금액\n"
    src = tmp_path / "lines.csv"
    src.write_text(
        head
        + "A,A1,2026-10-01 10:00:00,배송중,배송중,1000\n"
        + "A,A2,2026-10-01 10:00:00,배송중,배송중,천원\n"
        + "B,B1,2026-10-01 11:00:00,배송중,배송중,400\n",
        encoding="utf-8",
    )
    report = import_orders(ledger, src, ImportOptions(skip_bad_rows=True))
    assert report.orders == 1  # only B: A's sum cannot be known
    assert sorted((p.row, p.value) for p in report.skipped) == [(2, "A"), (3, "천원")]
    text = "\n".join(report.summary_lines())
    assert "원장에 없는 결제" in text and "다른 줄(3행)이 잘못되어 이 주문 전체를" in text
