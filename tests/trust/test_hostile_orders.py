"""Broken order exports the 58-file corpus (tests/data/bad) does not have yet.

The corpus is checked against the issue's list first (``COVERAGE``): a case listed there must
keep its file. The cases missing from it — mixed encodings in one file, a BOM in the middle
(two exports glued together, or a BOM inside a cell) and merged header cells in XLSX — are
built here and go through the real import service against a ledger that already holds orders:
each is refused with a message naming the file (and row/column/value where there is one), and
the ledger stays byte-for-byte the same; a merged *group* header above the real header imports.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
import pytest

from recon_app.domain.errors import InputError
from recon_app.services.importing import import_orders
from recon_app.storage.db import Ledger

TESTS = Path(__file__).resolve().parents[1]
BAD = TESTS / "data" / "bad"
GOOD = TESTS / "data" / "orders" / "basic_utf8.csv"

#: The issue's list of broken inputs -> the corpus files that cover each.
COVERAGE = {
    "wrong encoding": ["unknown_encoding.csv", "utf16_without_bom.csv"],
    "missing columns": ["missing_amount_column.csv", "no_known_headers.csv"],
    "duplicate headers": ["duplicate_order_id_headers.csv", "two_amount_columns.csv"],
    "empty file": ["empty.csv", "whitespace_only.csv"],
    "only headers": ["only_headers.csv", "xlsx_only_headers.xlsx"],
    "binary junk named .csv": ["binary_junk.csv"],
    "truncated XLSX": ["truncated.xlsx"],
    "XLSX zip bomb": ["zip_bomb.xlsx", "huge_dimension.xlsx"],
    "1M-character cell": ["million_char_cell.csv"],
    "formulas in cells": [
        "formula_amount.csv",
        "hyperlink_amount.csv",
        "xlsx_formula_text_amount.xlsx",
    ],
    "amounts with letters": ["amount_with_letters.csv"],
    "dates out of range": ["date_before_2000.csv", "date_after_2099.csv"],
    "negative order amounts": ["negative_amount.csv"],
    "wrong password": [
        "encrypted.xlsx"
    ],  # with ImportOptions(password="not-it") in the corpus test
}

HEADER = "주문번호,주문일시,결제금액,주문상태,주문자명\n"


def test_corpus_still_covers_the_issue_list() -> None:
    missing = [
        f"{case}: {name}"
        for case, names in COVERAGE.items()
        for name in names
        if not (BAD / name).is_file()
    ]
    assert not missing


def _dump(path: Path) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return [
            (t, *r)
            for t in ("stores", "orders", "import_batches", "payments")
            for r in con.execute(f"SELECT * FROM {t} ORDER BY 1")
        ]
    finally:
        con.close()


def _mixed_utf8_with_cp949_row(path: Path) -> None:
    path.write_bytes(
        (HEADER + "A-1,2026-10-01 10:00:00,1000,결제완료,김하나\n").encode()
        + "A-2,2026-10-01 10:00:00,1000,결제완료,이두리\n".encode("cp949")
        + "A-3,2026-10-01 10:00:00,1000,결제완료,박셋\n".encode()
    )


def _mixed_cp949_with_utf8_row(path: Path) -> None:
    path.write_bytes(
        (HEADER + "A-1,2026-10-01 10:00:00,1000,결제완료,김하나\n").encode("cp949")
        + "A-2,2026-10-01 10:00:00,1000,결제완료,이두리\n".encode()
        + "A-3,2026-10-01 10:00:00,1000,결제완료,박셋\n".encode("cp949")
    )


def _two_exports_glued(path: Path) -> None:
    """`cat a.csv b.csv`: the second file's BOM and header land in row 3."""
    path.write_bytes(
        (HEADER + "A-1,2026-10-01 10:00:00,1000,결제완료,김하나\n").encode("utf-8-sig")
        + (HEADER + "B-1,2026-10-02 10:00:00,2000,결제완료,이두리\n").encode("utf-8-sig")
    )


def _bom_inside_a_cell(path: Path) -> None:
    path.write_bytes((HEADER + "A-1,2026-10-01 10:00:00,\ufeff1000,결제완료,김하나\n").encode())


def _merged_header_cells(path: Path) -> None:
    """결제금액 merged over two columns: the status column has no header of its own."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["주문번호", "주문일시", "결제금액", None, "주문자명"])
    ws.merge_cells("C1:D1")
    ws.append(["A-1", "2026-10-01 10:00:00", 1000, "결제완료", "김하나"])
    wb.save(path)


CASES = {
    "mixed_utf8_cp949.csv": (_mixed_utf8_with_cp949_row, ["문자 인코딩을 알 수 없습니다"]),
    "mixed_cp949_utf8.csv": (_mixed_cp949_with_utf8_row, ["문자 인코딩을 알 수 없습니다"]),
    "two_exports_glued.csv": (_two_exports_glued, ["3행", "'결제금액' 열", "값 '결제금액'"]),
    "bom_inside_cell.csv": (
        _bom_inside_a_cell,
        ["2행", "'결제금액' 열", "금액으로 읽을 수 없습니다"],
    ),
    "merged_header.xlsx": (_merged_header_cells, ["필수 열이 없습니다: 주문상태", "찾은 머리글"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_extra_broken_file_is_refused_and_ledger_unchanged(
    name: str, ledger: Ledger, tmp_path: Path
) -> None:
    import_orders(ledger, GOOD)
    before = _dump(ledger.path)
    make, needles = CASES[name]
    path = tmp_path / name
    make(path)
    with pytest.raises(InputError) as err:
        import_orders(ledger, path)
    text = str(err.value)
    assert name in text, text
    for needle in needles:
        assert needle in text, text
    assert "Traceback" not in text
    assert _dump(ledger.path) == before


def test_merged_group_header_above_the_real_one_imports(ledger: Ledger, tmp_path: Path) -> None:
    """Row 1 holds merged group titles (주문정보 over A:C, 결제정보 over D:E); row 2 is the header."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["주문정보", None, None, "결제정보", None])
    ws.merge_cells("A1:C1")
    ws.merge_cells("D1:E1")
    ws.append(["주문번호", "주문일시", "주문상태", "결제금액", "주문자명"])
    ws.append(["A-1", "2026-10-01 10:00:00", "결제완료", 1000, "김하나"])
    path = tmp_path / "grouped.xlsx"
    wb.save(path)
    report = import_orders(ledger, path)
    assert report.header_row == 2 and report.inserted == 1
    con = sqlite3.connect(ledger.path)
    assert con.execute("SELECT order_id, amount, status, buyer_name FROM orders").fetchall() == [
        ("A-1", 1000, "paid", "김하나")
    ]
