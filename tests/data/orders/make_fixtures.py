"""Writes the good order-export fixtures in this folder (run it, commit its outputs).

    .venv/bin/python tests/data/orders/make_fixtures.py

Every file holds the same five orders (EXPECTED in tests/adapters/orders/expected.py), written
the way a different shop/tool writes them, so each test can compare against one truth. These are
*format* fixtures (encodings, separators, title rows, workbook cells, encryption) on the app's own
headers; the platforms' real layouts are written by make_real_fixtures.py (docs/order-exports.md).
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
PASSWORD = "recon-test-pw"

HEADER = [
    "주문번호",
    "주문일시",
    "결제금액",
    "주문상태",
    "환불금액",
    "결제수단",
    "주문자명",
    "상품명",
]
# O-1003 has two line items (one order): the order-level fields repeat.
ROWS = [
    ["O-1001", "2026-10-01 13:45:00", "12,000", "결제완료", "", "카드", "김하나", "양말"],
    ["O-1002", "2026-10-02 09:00:00", "30,000", "주문취소", "", "가상계좌", "이두리", "모자"],
    ["O-1003", "2026-10-03 18:30:00", "55,000", "부분환불", "5,000", "카드", "박세나", "셔츠"],
    ["O-1003", "2026-10-03 18:30:00", "55,000", "부분환불", "5,000", "카드", "박세나", "바지"],
    ["O-1004", "2026-10-04 00:05:00", "8,000", "입금대기", "", "무통장", "", "장갑"],
    ["O-1005", "2026-10-05 12:10:00", "99,000", "배송완료", "0", "카카오페이", "최다섯", "코트"],
]


def _csv(rows: list[list[str]], sep: str = ",") -> str:
    def cell(v: str) -> str:
        return f'"{v}"' if (sep in v or '"' in v) else v

    return "".join(sep.join(cell(v) for v in r) + "\r\n" for r in rows)


def cafe24_cp949() -> bytes:
    """CP949, a title block above the header, ￦ amounts, Korean 12-hour dates, both date columns."""
    header = [
        "주문일시",
        "결제일시(입금확인일)",
        "주문번호",
        "총 결제금액(KRW)",
        "주문상태",
        "실제 환불금액",
        "결제수단",
        "주문자명",
    ]
    times = [
        "2026. 10. 1. (목) 오후 1:45:00",
        "2026. 10. 2. (금) 오전 9:00:00",
        "2026. 10. 3. (토) 오후 6:30:00",
        "2026. 10. 3. (토) 오후 6:30:00",
        "2026. 10. 4. (일) 오전 12:05:00",
        "2026. 10. 5. (월) 오후 12:10:00",
    ]
    body = [
        [t, "2026-12-31 23:59:59", r[0], "￦" + r[2], r[3], r[4], r[5], r[6]]
        for t, r in zip(times, ROWS)
    ]
    title = [
        ["[주문 내역] 2026-10-01 ~ 2026-10-31"],
        ["※ 개인정보가 포함되어 있으니 취급에 주의하세요."],
        [""],
    ]
    return _csv(title + [header] + body).encode("cp949")


def shopify_utf8() -> bytes:
    header = [
        "Name",
        "Created at",
        "Paid at",
        "Financial Status",
        "Total",
        "Refunded Amount",
        "Payment Method",
        "Billing Name",
        "Lineitem name",
    ]
    status = {
        "결제완료": "paid",
        "주문취소": "voided",
        "부분환불": "partially_refunded",
        "입금대기": "pending",
        "배송완료": "paid",
    }
    body = []
    for r in ROWS:
        ts = datetime.strptime(r[1], "%Y-%m-%d %H:%M:%S")
        body.append(
            [
                r[0],
                ts.strftime("%Y-%m-%dT%H:%M:%S+09:00"),
                "",
                status[r[3]],
                r[2].replace(",", "") + ".00",
                r[4].replace(",", ""),
                r[5],
                r[6],
                r[7],
            ]
        )
    return _csv([header] + body).encode("utf-8")


def write_xlsx(path_or_buffer: object, *, datetime_cells: bool = True) -> None:
    """Two sheets: '안내' (notes, first) would be wrong; '주문' is the data. Dates as real datetime
    cells, or as bare serial numbers (a column that lost its date format)."""
    wb = xlsxwriter.Workbook(path_or_buffer, {"in_memory": True})
    first = wb.add_worksheet("주문")
    fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    money = wb.add_format({"num_format": "#,##0"})
    first.write_row(0, 0, ["스마트스토어 주문 내역"])
    first.write_row(1, 0, HEADER)
    for i, r in enumerate(ROWS, start=2):
        ts = datetime.strptime(r[1], "%Y-%m-%d %H:%M:%S")
        first.write_string(i, 0, r[0])
        if datetime_cells:
            first.write_datetime(i, 1, ts, fmt)
        else:
            serial = (ts - datetime(1899, 12, 30)).total_seconds() / 86400
            first.write_number(i, 1, serial)
        first.write_number(i, 2, int(r[2].replace(",", "")), money)
        first.write_string(i, 3, r[3])
        if r[4]:
            first.write_number(i, 4, int(r[4].replace(",", "")), money)
        for j in (5, 6, 7):
            if r[j]:
                first.write_string(i, j, r[j])
    notes = wb.add_worksheet("메모")
    notes.write_row(0, 0, ["이 시트는 주문이 아닙니다"])
    wb.close()


def xlsx_bytes(**kw: bool) -> bytes:
    buf = io.BytesIO()
    write_xlsx(buf, **kw)
    return buf.getvalue()


def encrypt(plain: bytes, password: str) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt(password, out)
    return out.getvalue()


def main() -> None:
    (HERE / "basic_utf8.csv").write_bytes(_csv([HEADER] + ROWS).encode("utf-8"))
    (HERE / "basic_utf8_bom.csv").write_bytes(
        b"\xef\xbb\xbf" + _csv([HEADER] + ROWS).encode("utf-8")
    )
    (HERE / "basic_cp949.csv").write_bytes(_csv([HEADER] + ROWS).encode("cp949"))
    (HERE / "basic_tab.tsv").write_bytes(_csv([HEADER] + ROWS, sep="\t").encode("cp949"))
    (HERE / "cafe24_title_block_cp949.csv").write_bytes(cafe24_cp949())
    (HERE / "shopify_utf8.csv").write_bytes(shopify_utf8())
    (HERE / "app_headers.xlsx").write_bytes(xlsx_bytes())
    (HERE / "app_headers_serials.xlsx").write_bytes(xlsx_bytes(datetime_cells=False))
    (HERE / "app_headers_encrypted.xlsx").write_bytes(encrypt(xlsx_bytes(), PASSWORD))


if __name__ == "__main__":
    main()
