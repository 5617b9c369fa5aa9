"""The rustpy-xlsxwriter workbook writer, read back with openpyxl: formats, layout, injection."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from recon_app.adapters.report import xlsx
from recon_app.adapters.report.xlsx import Column, Sheet, Table
from recon_app.domain.errors import Cancelled
from recon_app.domain.progress import CancelToken

pytest.importorskip("rustpy_xlsxwriter")
from recon_app.adapters.report.xlsx_rust import write_workbook  # noqa: E402

NASTY = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\t=1+1", "=cmd|' /C calc'!A0"]
COLS = (
    Column("id", "주문번호"),
    Column("at", "주문일시", "datetime"),
    Column("amt", "차이", "money"),
    Column("n", "건수", "int"),
    Column("why", "사유"),
)


def _table(n: int) -> Table:
    return Table(COLS, {
        "id": np.array([NASTY[i % len(NASTY)] for i in range(n)], dtype=object),
        "at": np.array([0 if i == 1 else 1_790_000_000 + i for i in range(n)], dtype=np.int64),
        "amt": np.arange(n, dtype=np.int64) * 1000 - 2000,
        "n": np.arange(n, dtype=np.int64),
        "why": np.array(["쇼핑몰 환불 30,000원 > PG 취소 0원: 환불이 PG에서 처리되지 않았습니다", None] * (n // 2), dtype=object),
    })


def test_formats_layout_and_text_stays_text(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "r.xlsx", [Sheet("대사결과", [_table(6)])])
    ws = openpyxl.load_workbook(path)["대사결과"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:E7"
    assert [c.value for c in ws[1]] == [c.header for c in COLS] and all(c.font.bold for c in ws[1])
    assert [c.value for c in ws["A"]][1:] == NASTY and all(c.data_type == "s" for c in ws["A"][1:])
    assert [c.value for c in ws["C"]][1:] == [-2000, -1000, 0, 1000, 2000, 3000]
    assert all(c.number_format == "#,##0" and c.data_type == "n" for c in ws["C"][1:])
    assert ws["B2"].is_date and ws["B2"].value.isoformat() == "2026-09-21T23:13:20"  # 14:13:20 UTC as KST wall time
    assert ws["B3"].value is None  # time 0 = not set
    assert ws["E3"].value is None
    assert ws.column_dimensions["E"].width > 30  # Korean text counted as wide
    with zipfile.ZipFile(path) as z:
        assert all("<f>" not in z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_long_table_continues_on_next_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "EXCEL_MAX_ROWS", 4)  # 3 data rows per sheet
    path = write_workbook(tmp_path / "t.xlsx", [Sheet("행", [_table(8)])])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["행", "행 (2)", "행 (3)"]
    got = [r for ws in wb for r in ws.iter_rows(min_row=2, values_only=True)]
    assert sum(r[2] for r in got) == sum(range(8)) * 1000 - 8 * 2000
    assert all(ws.freeze_panes == "A2" and ws.auto_filter.ref for ws in wb)


def test_stacked_tables_keep_titles_headers_and_totals(tmp_path: Path) -> None:
    totals = Table((Column("item", "항목"), Column("v", "금액", "money")), {"item": ["PG 결제 총액", "수수료"], "v": [1_000_000, 32_000]}, title="2026-10 요약")
    by = Table(
        (Column("label", "상태"), Column("k", "구분"), Column("c", "건수", "int")),
        {"label": ["정상", "합계"], "k": ["정상", None], "c": [3, 3]},
        title="상태별",
    )
    path = write_workbook(tmp_path / "s.xlsx", [Sheet("요약", [totals, by], autofilter=False)])
    ws = openpyxl.load_workbook(path)["요약"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "2026-10 요약" and ws["A1"].font.bold
    assert rows[1][:2] == ("항목", "금액") and ws.freeze_panes == "A3"
    assert {r[0]: r[1] for r in rows[2:4]} == {"PG 결제 총액": 1_000_000, "수수료": 32_000}
    assert ws["B3"].number_format == "#,##0"
    assert rows[5][0] == "상태별" and rows[6] == ("상태", "구분", "건수") and ws["A7"].font.bold
    assert rows[8] == ("합계", None, 3)


def test_non_text_in_text_column_and_cancel(tmp_path: Path) -> None:
    cols = (Column("v", "값"),)
    table = Table(cols, {"v": np.array([float("nan"), 12, "x", None], dtype=object)})
    ws = openpyxl.load_workbook(write_workbook(tmp_path / "t.xlsx", [Sheet("s", [table])]))["s"]
    assert [c.value for c in ws["A"]][1:] == [None, "12", "x"]
    token = CancelToken()
    token.cancel()
    (tmp_path / "out").mkdir()
    with pytest.raises(Cancelled):
        write_workbook(tmp_path / "out" / "c.xlsx", [Sheet("s", [table])], cancel=token)
    assert list((tmp_path / "out").iterdir()) == []
