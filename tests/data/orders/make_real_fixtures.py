"""Writes the order exports built on the platforms' real header rows and row shapes.

    .venv/bin/python tests/data/orders/make_real_fixtures.py

Where each header row comes from is in docs/order-exports.md. The orders in them (and the
payments tests/adapters/orders/test_real_layouts.py puts beside them) are small and hand-checked:
each file imports with no flag, and reconciles to the statuses written in that test.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent

# -- Naver SmartStore 발주발송관리 -------------------------------------------------------------
# A title row above the header (header on row 2), one row per 상품주문번호 with its own 주문상태,
# 주문세부상태 and 최종 상품별 총 주문금액, and no order total.
SMARTSTORE_HEADER = [
    "상품주문번호", "주문번호", "배송방법(구매자 요청)", "배송방법", "택배사", "송장번호",
    "발송일", "판매채널", "구매자명", "구매자ID", "수취인명", "주문상태", "주문세부상태",
    "결제위치", "결제일", "상품번호", "상품명", "상품종류", "반품안심케어", "옵션정보",
    "옵션관리코드", "수량", "옵션가격", "상품가격", "최종 상품별 할인액", "판매자 부담 할인액",
    "최종 상품별 총 주문금액", "최초 상품별 총 주문금액", "사은품", "발주확인일", "발송기한",
    "발송처리일", "송장출력일", "배송비 형태", "배송비 묶음번호", "배송비 유형", "배송비 합계",
    "제주/도서 추가배송비", "배송비 할인액", "판매자 상품코드", "판매자 내부코드1",
    "판매자 내부코드2", "수취인연락처1", "수취인연락처2", "통합배송지", "기본배송지",
    "상세배송지", "구매자연락처", "우편번호", "배송메세지", "출고지", "결제수단",
    "네이버페이 주문관리 수수료", "매출연동 수수료", "정산예정금액", "매출연동수수료 유입경로",
    "개인통관고유부호", "주문일시", "배송완료일", "구독신청회차", "구독진행회차", "배송희망일",
]  # fmt: skip
# (주문번호, 상품주문번호, 주문상태, 주문세부상태, 최종 상품별 총 주문금액, 주문일시)
SMARTSTORE_LINES = [
    ("2026100112345001", "2026100112345101", "배송중", "배송중", 12000, "2026-10-01 10:00:00"),
    ("2026100112345001", "2026100112345102", "배송중", "배송중", 8000, "2026-10-01 10:00:00"),
    ("2026100212345002", "2026100212345201", "배송완료", "배송완료", 15000, "2026-10-02 11:00:00"),
    ("2026100212345002", "2026100212345202", "취소", "취소완료", 5000, "2026-10-02 11:00:00"),
    ("2026100312345003", "2026100312345301", "취소", "취소완료", 9000, "2026-10-03 12:00:00"),
    ("2026100412345004", "2026100412345401", "결제대기", "결제대기", 7000, "2026-10-04 13:00:00"),
    ("2026100512345005", "2026100512345501", "반품", "반품완료", 10000, "2026-10-05 14:00:00"),
    ("2026100512345005", "2026100512345502", "구매확정", "구매확정", 30000, "2026-10-05 14:00:00"),
    ("2026100612345006", "2026100612345601", "취소", "취소요청", 11000, "2026-10-06 15:00:00"),
]


def smartstore_xlsx(path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("발주발송관리")
    when = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    money = wb.add_format({"num_format": "#,##0"})
    col = {h: i for i, h in enumerate(SMARTSTORE_HEADER)}
    ws.write_string(0, 0, "발주발송관리 - 상품주문별 목록 (개인정보 취급에 주의하세요)")
    ws.write_row(1, 0, SMARTSTORE_HEADER)
    for r, (oid, poid, status, detail, line, at) in enumerate(SMARTSTORE_LINES, start=2):
        ts = datetime.strptime(at, "%Y-%m-%d %H:%M:%S")
        ws.write_string(r, col["상품명"], "양말 3켤레")
        ws.write_number(r, col["수량"], 1)
        ws.write_string(r, col["상품주문번호"], poid)
        ws.write_string(r, col["주문번호"], oid)
        ws.write_string(r, col["판매채널"], "스마트스토어")
        ws.write_string(r, col["구매자명"], "김하나")
        ws.write_string(r, col["수취인명"], "김하나")
        ws.write_string(r, col["주문상태"], status)
        ws.write_string(r, col["주문세부상태"], detail)
        ws.write_string(r, col["결제위치"], "MOBILE")
        ws.write_datetime(r, col["결제일"], ts, when)
        ws.write_number(r, col["상품가격"], line, money)
        ws.write_number(r, col["최종 상품별 총 주문금액"], line, money)
        ws.write_number(r, col["최초 상품별 총 주문금액"], line, money)
        ws.write_number(r, col["정산예정금액"], line - line // 20, money)
        ws.write_string(r, col["결제수단"], "신용카드")
        ws.write_datetime(r, col["주문일시"], ts, when)
    wb.close()


# -- Cafe24 주문 엑셀, 27 columns, no 주문상태 ------------------------------------------------
# One row per item; order-level money (총 배송비, 총 결제금액, 환불금액, 실제 환불금액) on the
# order's first row only; status from 결제구분/취소구분 and the refund columns.
CAFE24_HEADER = [
    "주문번호", "주문일시", "결제일시(입금확인일)", "주문자명", "주문자 휴대전화", "수령인",
    "수령인 휴대전화", "수령인 주소(전체)", "배송메시지", "품목별 주문번호",
    "주문상품명(옵션포함)", "수량", "판매가", "옵션+판매가", "총 상품구매금액(KRW)",
    "총 배송비(KRW)", "주문서 쿠폰 할인금액", "사용한 적립금액(최종)", "총 결제금액(KRW)",
    "결제수단", "결제구분", "취소구분", "환불금액", "실제 환불금액", "환불완료일", "주문경로",
    "공급사명",
]  # fmt: skip
# (주문번호, 주문일시, 품목 금액, 결제구분, 취소구분, 환불금액, 실제 환불금액, first row?)
CAFE24_ITEMS = [
    ("20261001-0000011", "2026-10-01 09:10:00", 18000, "결제완료", "", "", "", 33000),
    ("20261001-0000011", "2026-10-01 09:10:00", 15000, "결제완료", "", None, None, None),
    ("20261002-0000012", "2026-10-02 10:20:00", 22000, "결제완료", "취소", "22000", "22000", 22000),
    ("20261003-0000013", "2026-10-03 11:30:00", 22000, "입금전", "취소", "0", "0", 22000),
    ("20261004-0000014", "2026-10-04 12:40:00", 25000, "결제완료", "", "20000", "18000", 45000),
    ("20261004-0000014", "2026-10-04 12:40:00", 20000, "결제완료", "반품", None, None, None),
    ("20261005-0000015", "2026-10-05 13:50:00", 9000, "입금전", "", "", "", 9000),
]


def _csv(rows: list[list[str]]) -> str:
    def cell(v: str) -> str:
        return f'"{v}"' if ("," in v or '"' in v) else v

    return "".join(",".join(cell(v) for v in r) + "\r\n" for r in rows)


def cafe24_27() -> bytes:
    col = {h: i for i, h in enumerate(CAFE24_HEADER)}
    rows = [CAFE24_HEADER]
    for n, (oid, at, price, pay, kind, refund, real, total) in enumerate(CAFE24_ITEMS, 1):
        row = [""] * len(CAFE24_HEADER)
        first = total is not None
        row[col["주문번호"]] = oid
        row[col["주문일시"]] = at
        row[col["결제일시(입금확인일)"]] = at if pay == "결제완료" else ""
        row[col["주문자명"]] = "이두리"
        row[col["품목별 주문번호"]] = f"{oid}-{n:02d}"
        row[col["주문상품명(옵션포함)"]] = "머그컵(색상=파랑)"
        row[col["수량"]] = "1"
        row[col["판매가"]] = f"{price:,}"
        row[col["옵션+판매가"]] = f"{price:,}"
        row[col["결제수단"]] = "카드" if pay == "결제완료" else "무통장입금"
        row[col["결제구분"]] = pay
        row[col["취소구분"]] = kind
        row[col["주문경로"]] = "PC쇼핑몰"
        if first:
            row[col["총 상품구매금액(KRW)"]] = f"{total:,}"
            row[col["총 배송비(KRW)"]] = "0"
            row[col["총 결제금액(KRW)"]] = f"{total:,}"
            row[col["환불금액"]] = refund or ""
            row[col["실제 환불금액"]] = real or ""
        rows.append(row)
    return _csv(rows).encode("cp949")


# -- Cafe24, a custom layout (the columns a user picked, with 주문 상태) ------------------------
CAFE24_CUSTOM_HEADER = [
    "주문번호", "주문일시", "주문자명", "주문 상태", "주문상품명(옵션포함)", "수량",
    "총 결제금액(KRW)", "실제 환불금액", "결제수단",
]  # fmt: skip
CAFE24_CUSTOM_ROWS = [
    ["20261006-0000021", "2026-10-06 10:00:00", "박세나", "상품 준비중", "모자", "1",
     "15,000", "0", "카드"],
    ["20261007-0000022", "2026-10-07 11:00:00", "최다섯", "입금전 취소 - 관리자", "장갑", "1",
     "22,000", "0", "무통장입금"],
    ["20261008-0000023", "2026-10-08 12:00:00", "김하나", "배송 완료", "셔츠", "1",
     "40,000", "0", "카드"],
    ["20261008-0000023", "2026-10-08 12:00:00", "김하나", "배송 완료", "바지", "1", "", "", "카드"],
    ["20261009-0000024", "2026-10-09 13:00:00", "이두리", "취소 완료 - 환불전", "코트", "1",
     "30,000", "0", "카드"],
]  # fmt: skip


def cafe24_custom() -> bytes:
    return _csv([CAFE24_CUSTOM_HEADER, *CAFE24_CUSTOM_ROWS]).encode("utf-8")


# -- Godomall5 주문통합리스트, Excel download ----------------------------------------------------
# The fields of Godomall5's Excel download form (ExcelForm::setExcelFormOrder, in the form's
# order); a shop's form picks some of them, this one 28. One row per 상품주문번호 with its own
# 주문상태; the order's own fields (orderFl) only on its first row, as merged cells read.
GODOMALL_HEADER = [
    "주문 번호", "주문 유형", "회원명", "주문 상품명", "주문 품목 개수", "주문 채널",
    "총 결제 금액", "총 품목 금액", "총 배송 금액", "결제방법", "입금계좌", "입금자", "입금일자",
    "주문일자", "주문자 이름", "주문자 핸드폰 번호", "수취인 이름", "수취인 전체주소",
    "상품주문번호", "주문상태", "상품코드", "상품명", "옵션정보", "상품수량", "판매가", "송장 번호",
    "총 환불금액", "총 환불 배송비",
]  # fmt: skip
# (주문 번호, 주문일자, 총 결제 금액, 총 환불금액, [(상품주문번호, 주문상태, 판매가)])
GODOMALL_ORDERS = [
    ("2610011230000001", "2026-10-01 12:30:00", 21000, 0,
     [("1001", "결제완료", 12000), ("1002", "상품준비중", 9000)]),
    ("2610021230000002", "2026-10-02 12:30:00", 13000, 0, [("1003", "입금대기", 13000)]),
    ("2610031230000003", "2026-10-03 12:30:00", 17000, 17000, [("1004", "환불완료", 17000)]),
    ("2610041230000004", "2026-10-04 12:30:00", 50000, 20000,
     [("1005", "배송완료", 30000), ("1006", "환불완료", 20000)]),
    ("2610051230000005", "2026-10-05 12:30:00", 9000, 0, [("1007", "자동취소", 9000)]),
    ("2610061230000006", "2026-10-06 12:30:00", 50000, 0, [("1008", "배송완료", 50000)]),
]  # fmt: skip


def godomall_xlsx(path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("주문통합리스트")
    money = wb.add_format({"num_format": "#,##0"})
    col = {h: i for i, h in enumerate(GODOMALL_HEADER)}
    ws.write_row(0, 0, GODOMALL_HEADER)
    r = 1
    for oid, at, total, refund, items in GODOMALL_ORDERS:
        waiting = items[0][1] in ("입금대기", "자동취소")
        for n, (goods_no, status, price) in enumerate(items):
            if n == 0:
                ws.write_string(r, col["주문 번호"], oid)
                ws.write_string(r, col["주문 유형"], "PC쇼핑몰")
                ws.write_string(r, col["주문 상품명"], "텀블러 외")
                ws.write_number(r, col["주문 품목 개수"], len(items))
                ws.write_string(r, col["주문 채널"], "쇼핑몰")
                ws.write_number(r, col["총 결제 금액"], total, money)
                ws.write_number(r, col["총 품목 금액"], total, money)
                ws.write_number(r, col["총 배송 금액"], 0, money)
                ws.write_string(r, col["결제방법"], "무통장 입금" if waiting else "신용카드")
                ws.write_string(r, col["입금일자"], "" if waiting else at)
                ws.write_string(r, col["주문일자"], at)
                ws.write_string(r, col["주문자 이름"], "박세나")
                ws.write_string(r, col["수취인 이름"], "박세나")
                ws.write_number(r, col["총 환불금액"], refund, money)
                ws.write_number(r, col["총 환불 배송비"], 0, money)
            else:  # the first row's order cells are merged down over this one
                ws.write_string(r, col["주문 번호"], oid)
            ws.write_string(r, col["상품주문번호"], goods_no)
            ws.write_string(r, col["주문상태"], status)
            ws.write_string(r, col["상품명"], "텀블러")
            ws.write_number(r, col["상품수량"], 1)
            ws.write_number(r, col["판매가"], price, money)
            r += 1
    wb.close()


# -- Shopify orders_export.csv -----------------------------------------------------------------
SHOPIFY_HEADER = [
    "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at",
    "Accepts Marketing", "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code",
    "Discount Amount", "Shipping Method", "Created at", "Lineitem quantity", "Lineitem name",
    "Lineitem price", "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping",
    "Lineitem taxable", "Lineitem fulfillment status", "Billing Name", "Billing Street",
    "Billing Address1", "Billing Address2", "Billing Company", "Billing City", "Billing Zip",
    "Billing Province", "Billing Country", "Billing Phone", "Shipping Name", "Shipping Street",
    "Shipping Address1", "Shipping Address2", "Shipping Company", "Shipping City",
    "Shipping Zip", "Shipping Province", "Shipping Country", "Shipping Phone", "Notes",
    "Note Attributes", "Cancelled at", "Payment Method", "Payment Reference",
    "Refunded Amount", "Vendor", "Outstanding Balance", "Employee", "Location", "Device ID",
    "Id", "Tags", "Risk Level", "Source", "Lineitem discount", "Tax 1 Name", "Tax 1 Value",
    "Tax 2 Name", "Tax 2 Value", "Tax 3 Name", "Tax 3 Value", "Tax 4 Name", "Tax 4 Value",
    "Tax 5 Name", "Tax 5 Value", "Phone", "Receipt Number", "Duties", "Billing Province Name",
    "Shipping Province Name", "Payment ID", "Payment Terms Name", "Next Payment Due At",
    "Payment References",
]  # fmt: skip
# (Name, Financial Status, Total, Refunded Amount, Created at, [line items])
SHOPIFY_ORDERS = [
    ("#1001", "paid", "33000.00", "0.00", "2026-10-01 13:45:00 +0900", ["셔츠", "양말"]),
    ("#1002", "voided", "22000.00", "0.00", "2026-10-02 09:00:00 +0900", ["모자"]),
    ("#1003", "partially_refunded", "55000.00", "5000.00", "2026-10-03 18:30:00 +0900",
     ["셔츠", "바지"]),
    ("#1004", "pending", "8000.00", "0.00", "2026-10-04 00:05:00 +0900", ["장갑"]),
    ("#1005", "refunded", "30000.00", "30000.00", "2026-10-05 12:10:00 +0900", ["코트"]),
]  # fmt: skip


def shopify_csv() -> bytes:
    col = {h: i for i, h in enumerate(SHOPIFY_HEADER)}
    rows = [SHOPIFY_HEADER]
    for name, status, total, refunded, created, items in SHOPIFY_ORDERS:
        for i, item in enumerate(items):
            row = [""] * len(SHOPIFY_HEADER)
            row[col["Name"]] = name
            row[col["Email"]] = "buyer@example.com"
            row[col["Created at"]] = created
            row[col["Lineitem quantity"]] = "1"
            row[col["Lineitem name"]] = item
            row[col["Lineitem price"]] = "0.00"
            row[col["Lineitem requires shipping"]] = "true"
            row[col["Lineitem taxable"]] = "false"
            row[col["Lineitem fulfillment status"]] = "pending"
            if i == 0:  # Shopify writes the order's own fields on its first line only
                row[col["Financial Status"]] = status
                if status in ("paid", "partially_refunded", "refunded"):
                    row[col["Paid at"]] = created
                row[col["Fulfillment Status"]] = "unfulfilled"
                row[col["Currency"]] = "KRW"
                row[col["Subtotal"]] = total
                row[col["Shipping"]] = "0.00"
                row[col["Taxes"]] = "0.00"
                row[col["Total"]] = total
                row[col["Billing Name"]] = "Kim Hana"
                row[col["Payment Method"]] = "PortOne"
                row[col["Refunded Amount"]] = refunded
                row[col["Outstanding Balance"]] = "0.00"
                row[col["Id"]] = "5" + name[1:].zfill(12)
                row[col["Source"]] = "web"
            rows.append(row)
    return _csv(rows).encode("utf-8")


# -- imweb 주문 엑셀 '기본 양식' ------------------------------------------------------------------
# One row per item (주문섹션품목번호); order-level money (최종주문금액, 총 합계 배송비) repeated.
IMWEB_HEADER = [
    "판매채널", "주문번호", "주문상태", "총 품목합계금액", "총 합계 할인금액", "총 합계 배송비",
    "총 합계 포인트 사용액", "최종주문금액", "주문자 이름", "주문자 이메일", "주문자 번호",
    "배송방식", "배송비결제방식", "배송송장번호", "주문섹션번호", "주문섹션품목번호", "구매수량",
    "상품명", "옵션명", "판매가", "품목등급할인금액", "품목포인트사용금액", "품목쿠폰할인금액",
    "품목실결제가", "수령자명", "수령자 전화번호", "배송지 국가코드", "배송지 우편번호", "주소",
    "상세주소", "배송메모", "택배사명", "취소사유", "반품사유", "취소상세사유", "반품 상세사유",
    "주문일", "상품고유번호",
]  # fmt: skip
# (주문번호, 주문상태, 최종주문금액, 주문일, [(상품명, 품목실결제가)])
IMWEB_ORDERS = [
    ("202610015551234", "거래종료", 33000, "2026-10-01 09:30:00", [("텀블러", 18000), ("컵", 15000)]),
    ("202610025552345", "결제대기", 12000, "2026-10-02 10:30:00", [("수건", 12000)]),
    ("202610035553456", "거래취소", 18000, "2026-10-03 11:30:00", [("타월", 18000)]),
]  # fmt: skip


def imweb_xlsx(path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("기본 양식")
    col = {h: i for i, h in enumerate(IMWEB_HEADER)}
    ws.write_row(0, 0, IMWEB_HEADER)
    r = 1
    for oid, status, total, at, items in IMWEB_ORDERS:
        for n, (name, paid) in enumerate(items, start=1):
            ws.write_string(r, col["판매채널"], "자사몰")
            ws.write_string(r, col["주문번호"], oid)
            ws.write_string(r, col["주문상태"], status)
            for money in ("총 품목합계금액", "최종주문금액"):
                ws.write_number(r, col[money], total)
            for zero in ("총 합계 할인금액", "총 합계 배송비", "총 합계 포인트 사용액"):
                ws.write_number(r, col[zero], 0)
            ws.write_string(r, col["주문자 이름"], "최다섯")
            ws.write_string(r, col["주문섹션번호"], f"{oid}-S1")
            ws.write_string(r, col["주문섹션품목번호"], f"{oid}-S1-{n}")
            ws.write_number(r, col["구매수량"], 1)
            ws.write_string(r, col["상품명"], name)
            ws.write_number(r, col["판매가"], paid)
            ws.write_number(r, col["품목실결제가"], paid)
            if status == "거래취소":
                ws.write_string(r, col["취소사유"], "단순 변심")
            ws.write_string(r, col["주문일"], at)
            r += 1
    wb.close()


def main() -> None:
    smartstore_xlsx(HERE / "smartstore_baljubalsong.xlsx")
    (HERE / "cafe24_27col_cp949.csv").write_bytes(cafe24_27())
    (HERE / "cafe24_custom.csv").write_bytes(cafe24_custom())
    godomall_xlsx(HERE / "godomall5_orders.xlsx")
    (HERE / "shopify_orders_export.csv").write_bytes(shopify_csv())
    imweb_xlsx(HERE / "imweb_basic.xlsx")


if __name__ == "__main__":
    main()
