"""Writes the broken order exports in this folder (run it, commit its outputs).

    .venv/bin/python tests/data/bad/make_corpus.py

Each file is small and broken in one way a real export (or a careless edit) can be. What the
importer must say about each is the table in tests/adapters/orders/test_bad_corpus.py.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from datetime import datetime
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
PASSWORD = "corpus-pw"
HEAD = "주문번호,주문일시,결제금액,주문상태,환불금액\n"
GOOD = "A-1,2026-10-01 13:45:00,12000,결제완료,\n"


def csv(name: str, text: str, encoding: str = "utf-8") -> None:
    (HERE / name).write_bytes(text.encode(encoding))


def raw(name: str, data: bytes) -> None:
    (HERE / name).write_bytes(data)


def xlsx(rows: list[list[object]], sheet: str = "주문") -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet(sheet)
    fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                ws.write_datetime(r, c, value, fmt)
            elif isinstance(value, str):
                ws.write_string(r, c, value)
            else:
                ws.write(r, c, value)
    wb.close()
    return buf.getvalue()


GOOD_XLSX_ROWS: list[list[object]] = [
    ["주문번호", "주문일시", "결제금액", "주문상태"],
    ["A-1", datetime(2026, 10, 1, 13, 45), 12000, "결제완료"],
]


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """Copy a zip, replacing members (max compression, so a bomb stays small)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
    return out.getvalue()


def encrypt(plain: bytes, password: str) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt(password, out)
    return out.getvalue()


def main() -> None:
    for old in HERE.iterdir():
        if old.name != "make_corpus.py" and old.is_file():
            old.unlink()
    rnd = random.Random(7)
    # --- not a table at all
    csv("empty.csv", "")
    csv("whitespace_only.csv", "\n  \n\t\n")
    raw("binary_junk.csv", bytes(rnd.randrange(256) for _ in range(4096)))
    raw("utf16_without_bom.csv", (HEAD + GOOD).encode("utf-16-le"))
    raw(
        "unknown_encoding.csv",
        HEAD.encode("cp949")
        + b"A-1,2026-10-01,\x81\x20\xff\xfe,\xc8\x00x\n".replace(b"\x00", b"\x7f"),
    )
    raw(
        "bom_but_cp949_body.csv",
        b"\xef\xbb\xbf" + (HEAD + "A-1,2026-10-01 13:45:00,12000,결제완료,\n").encode("cp949"),
    )
    csv(
        "html_saved_as_xls.xls",
        "<html><body><table><tr><td>주문 내역</td></tr></table></body></html>\n",
    )
    # --- header problems
    csv("only_headers.csv", HEAD)
    csv("only_headers_and_blank_rows.csv", HEAD + ",,,,\n\n,,,,\n")
    csv("missing_amount_column.csv", "주문번호,주문일시,주문상태,메모\nA-1,2026-10-01,결제완료,x\n")
    csv("no_known_headers.csv", "a,b,c,d\n1,2,3,4\n")
    csv(
        "duplicate_order_id_headers.csv",
        "주문번호,주문일시,주문번호,결제금액,주문상태\nA,2026-10-01,A,1,결제완료\n",
    )
    csv(
        "two_amount_columns.csv",
        "주문번호,주문일시,결제금액,실결제금액,주문상태\nA,2026-10-01,1,1,결제완료\n",
    )
    csv(
        "two_order_date_columns.csv",
        "주문번호,주문일시,주문일,결제금액,주문상태\nA,2026-10-01,2026-10-01,1,결제완료\n",
    )
    csv("header_below_row_10.csv", "안내\n" * 10 + HEAD + GOOD)
    # --- CSV structure
    csv("ragged_extra_fields.csv", HEAD + GOOD * 60 + "A-9,2026-10-01 13:45:00,1,결제완료,,x,y,z\n")
    csv("unclosed_quote.csv", HEAD + GOOD + 'A-2,2026-10-01 13:45:00,"12000,결제완료,\n' + GOOD)
    # --- cells
    csv("million_char_cell.csv", HEAD + "X" * 1_000_000 + ",2026-10-01 13:45:00,12000,결제완료,\n")
    csv("long_order_id.csv", HEAD + "A" * 500 + ",2026-10-01 13:45:00,12000,결제완료,\n")
    csv("huge_amount_cell.csv", HEAD + "A-1,2026-10-01 13:45:00," + "9" * 50_000 + ",결제완료,\n")
    csv("formula_amount.csv", HEAD + 'A-1,2026-10-01 13:45:00,"=SUM(C2:C3)",결제완료,\n')
    csv(
        "hyperlink_amount.csv",
        HEAD + 'A-1,2026-10-01 13:45:00,"=HYPERLINK(""http://x"",""1000"")",결제완료,\n',
    )
    csv("amount_with_letters.csv", HEAD + 'A-1,2026-10-01 13:45:00,"12,000원x",결제완료,\n')
    csv("amount_bad_commas.csv", HEAD + 'A-1,2026-10-01 13:45:00,"1,2,3",결제완료,\n')
    csv("amount_with_fraction.csv", HEAD + "A-1,2026-10-01 13:45:00,12000.5,결제완료,\n")
    csv("amount_scientific.csv", HEAD + "A-1,2026-10-01 13:45:00,1.2E+04,결제완료,\n")
    csv("amount_too_many_digits.csv", HEAD + "A-1,2026-10-01 13:45:00,1234567890123456,결제완료,\n")
    csv("negative_amount.csv", HEAD + 'A-1,2026-10-01 13:45:00,"-3,000",결제완료,\n')
    csv("date_before_2000.csv", HEAD + "A-1,1999-12-31 23:59:59,1000,결제완료,\n")
    csv("date_after_2099.csv", HEAD + "A-1,2100-01-01 00:00:00,1000,결제완료,\n")
    csv("date_feb_30.csv", HEAD + "A-1,2026-02-30 10:00:00,1000,결제완료,\n")
    csv("date_hour_25.csv", HEAD + "A-1,2026-10-01 25:00:00,1000,결제완료,\n")
    csv("date_words.csv", HEAD + "A-1,어제 오후,1000,결제완료,\n")
    csv("date_serial_out_of_range.csv", HEAD + "A-1,999999,1000,결제완료,\n")
    csv("empty_status_cell.csv", HEAD + "A-1,2026-10-01 13:45:00,1000,,\n")
    csv("empty_order_id_cell.csv", HEAD + ",2026-10-01 13:45:00,1000,결제완료,\n")
    # A word of no clear meaning (no suggestion), and one whose meaning is a cancellation.
    csv("unknown_status.csv", HEAD + "A-1,2026-10-01 13:45:00,1000,정산보류,\n")
    csv("unknown_cancel_status.csv", HEAD + "A-1,2026-10-01 13:45:00,1000,취소됨,\n")
    csv("partial_refund_without_refund.csv", HEAD + "A-1,2026-10-01 13:45:00,1000,부분환불,\n")
    csv("refund_exceeds_amount.csv", HEAD + 'A-1,2026-10-01 13:45:00,1000,주문취소,"2,000"\n')
    csv("refund_with_letters.csv", HEAD + "A-1,2026-10-01 13:45:00,1000,주문취소,전액\n")
    csv("folded_rows_disagree.csv", HEAD + GOOD + "A-1,2026-10-01 13:45:00,13000,결제완료,\n")
    csv(
        "bad_row_in_cp949.tsv",
        (HEAD + GOOD + "A-2,2026-10-01 13:45:00,12천원,결제완료,\n").replace(",", "\t"),
        "cp949",
    )
    csv("control_chars_in_amount.csv", HEAD + "A-1,2026-10-01 13:45:00,12\x07000,결제완료,\n")
    # --- workbooks
    good = xlsx(GOOD_XLSX_ROWS)
    raw("truncated.xlsx", good[: len(good) // 2])
    raw("zip_header_then_junk.xlsx", b"PK\x03\x04" + bytes(rnd.randrange(256) for _ in range(2048)))
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    raw("docx_renamed.xlsx", docx.getvalue())
    raw(
        "ole_header_then_junk.xlsx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rnd.randrange(256) for _ in range(4096)),
    )
    raw("encrypted.xlsx", encrypt(good, PASSWORD))
    row = b'<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAA</t></is></c></row>'
    bomb = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + row * 400_000
        + b"</sheetData></worksheet>"
    )
    raw("zip_bomb.xlsx", rezip(good, {"xl/worksheets/sheet1.xml": bomb}))
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    raw(
        "huge_dimension.xlsx",
        rezip(
            good,
            {
                "xl/worksheets/sheet1.xml": re.sub(
                    rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:XFD1048576"/>', sheet
                )
            },
        ),
    )
    raw("empty_sheet.xlsx", xlsx([]))
    raw(
        "xlsx_formula_text_amount.xlsx",
        xlsx([GOOD_XLSX_ROWS[0], ["A-1", datetime(2026, 10, 1), "=1+1", "결제완료"]]),
    )
    raw(
        "xlsx_date_1990.xlsx",
        xlsx([GOOD_XLSX_ROWS[0], ["A-1", datetime(1990, 1, 1), 1000, "결제완료"]]),
    )
    raw(
        "xlsx_bool_amount.xlsx",
        xlsx([GOOD_XLSX_ROWS[0], ["A-1", datetime(2026, 10, 1), True, "결제완료"]]),
    )
    raw("xlsx_only_headers.xlsx", xlsx([GOOD_XLSX_ROWS[0]]))
    raw("xlsx_for_missing_sheet.xlsx", good)
    csv("csv_with_sheet_option.csv", HEAD + GOOD)


if __name__ == "__main__":
    main()
