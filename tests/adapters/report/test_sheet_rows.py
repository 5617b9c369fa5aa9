"""The report's row renderer writes what xlsxwriter writes for the same cells.

Reference: the same table written cell by cell through xlsxwriter's own ``write_string`` /
``write_number`` in ``constant_memory`` mode (the writer the report used before). Both files are
read back with openpyxl (values and number formats) and python-calamine, and must agree.
"""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from recon_app.adapters.report import xlsx
from recon_app.adapters.report.sheet_rows import escape_text
from recon_app.adapters.report.xlsx import Column, Sheet, Table, write_workbook
from recon_app.adapters.spreadsheet import column_letter
from recon_app.domain.errors import Cancelled
from recon_app.domain.progress import CancelToken

HOSTILE = [
    "홍길동",
    '=HYPERLINK("http://x","y")',
    "+1",
    "@SUM(A1)",
    " leading",
    "trailing ",
    "a & b < c > d",
    "<r><t>rich?</t></r>",
    "x\x01y\x1fz",
    "tab\there",
    "line\nbreak",
    "_x0041_ literal",
    "\ufffe\uffff",
    "emoji 😀 and 한글",
    "",
    None,
    float("nan"),
    12345,
    "x" * 40_000,
    "]]>",
    "\u3000전각 공백\u3000",
]

COLUMNS = [
    Column("text", "텍스트"),
    Column("money", "금액", "money"),
    Column("when", "일시", "datetime"),
    Column("count", "건수", "int"),
]


def _table(n: int) -> Table:
    rng = np.random.default_rng(7)
    text = np.array([HOSTILE[i % len(HOSTILE)] for i in range(n)], dtype=object)
    when = rng.integers(1_700_000_000, 1_800_000_000, n)
    when[::5] = 0  # no time: an empty cell
    return Table(
        COLUMNS,
        {
            "text": text,
            "money": rng.integers(-(10**12), 10**12, n),
            "when": when,
            "count": rng.integers(0, 10, n),
        },
    )


def _reference(path: Path, table: Table, sheet: str) -> None:
    """The same cells through xlsxwriter's public per-cell writers (constant_memory)."""
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    fmt = {
        "money": wb.add_format({"num_format": xlsx.MONEY_FORMAT}),
        "int": wb.add_format({"num_format": "0"}),
        "datetime": wb.add_format({"num_format": xlsx.DATETIME_FORMAT}),
    }
    ws = wb.add_worksheet(sheet)
    for c, col in enumerate(table.columns):
        ws.write_string(0, c, col.header)
    for r in range(len(table)):
        for c, col in enumerate(table.columns):
            v = table.data[col.key][r]
            if col.kind == "text":
                if v is None or (isinstance(v, float) and v != v) or v == "" or _rich_like(v):
                    continue
                ws.write_string(r + 1, c, v if isinstance(v, str) else str(v))
            elif col.kind == "datetime":
                if v > 0:
                    ws.write_number(
                        r + 1, c, (int(v) + 9 * 3600) / 86400.0 + 25569, fmt["datetime"]
                    )
            else:
                ws.write_number(r + 1, c, int(v), fmt[col.kind])
    wb.close()


def _rich_like(v: Any) -> bool:
    """xlsxwriter writes a string shaped ``<r>…</r>`` as raw rich-text XML (markup from a buyer
    name goes into the file); ours keeps it literal text. Compared separately."""
    return isinstance(v, str) and v.startswith("<r>") and v.endswith("</r>")


def _openpyxl_cells(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    wb = load_workbook(path, read_only=False)
    ws = wb[sheet]
    return [
        tuple((cell.value, cell.number_format if cell.value is not None else None) for cell in row)
        for row in ws.iter_rows()
    ]


def _calamine_cells(path: Path, sheet: str) -> list[list[Any]]:
    return (
        CalamineWorkbook.from_path(str(path))
        .get_sheet_by_name(sheet)
        .to_python(skip_empty_area=False)
    )


def test_rows_read_back_like_xlsxwriter_cell_by_cell(tmp_path: Path) -> None:
    table = _table(3 * len(HOSTILE) + 5)
    ours = write_workbook(tmp_path / "ours.xlsx", [Sheet("결과", [table])])
    reference = tmp_path / "reference.xlsx"
    _reference(reference, table, "결과")
    mine, theirs = _openpyxl_cells(ours, "결과"), _openpyxl_cells(reference, "결과")
    rich = [i for i, v in enumerate(table.data["text"], start=1) if _rich_like(v)]
    assert rich
    for i in rich:  # the reference leaves these out; ours holds the text exactly as given
        assert mine[i][0] == (table.data["text"][i - 1], "General")
        mine[i] = ((None, None), *mine[i][1:])
    assert mine[1:] == theirs[1:]
    mine_c, theirs_c = _calamine_cells(ours, "결과"), _calamine_cells(reference, "결과")
    for i in rich:
        assert mine_c[i][0] == table.data["text"][i - 1]
        mine_c[i][0] = ""
    assert mine_c == theirs_c


def test_rows_are_well_formed_xml_with_no_formulas(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "t.xlsx", [Sheet("결과", [_table(200)])])
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        root = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    assert root.find("m:dimension", ns).get("ref") == "A1:D201"  # type: ignore[union-attr]
    cells = root.findall(".//m:sheetData/m:row/m:c", ns)
    assert cells and not root.findall(".//m:f", ns)
    for cell in cells:
        row = cell.get("r")
        assert row is not None and row[0] in "ABCD"
        if row[0] == "A" and row != "A1":
            assert cell.get("t") == "inlineStr"  # text is a string cell, never anything else
    rows = root.findall(".//m:sheetData/m:row", ns)
    assert [int(r.get("r")) for r in rows] == list(range(1, 202))  # type: ignore[arg-type]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.one_of(st.none(), st.text(max_size=30)), min_size=1, max_size=40))
def test_any_text_reads_back_like_xlsxwriter(tmp_path: Path, values: list[str | None]) -> None:
    table = Table([Column("t", "t")], {"t": np.array(values, dtype=object)})
    ours = write_workbook(tmp_path / "p_ours.xlsx", [Sheet("s", [table])])
    reference = tmp_path / "p_ref.xlsx"
    _reference(reference, table, "s")
    mine = _openpyxl_cells(ours, "s")[1:]
    theirs = _openpyxl_cells(reference, "s")[1:]
    if any(_rich_like(v) for v in values):
        return  # xlsxwriter's rich-text shortcut: see _rich_like
    assert mine == theirs


@pytest.mark.parametrize(
    ("text", "escaped", "preserve"),
    [
        ("plain", "plain", False),
        (" lead", " lead", True),
        ("a<b>&c", "a&lt;b&gt;&amp;c", False),
        ("\x00", "_x0000_", False),
        ("_x0000_", "_x005F_x0000_", False),
        ("\ufffe", "_xFFFE_", False),
    ],
)
def test_escape_text_matches_xlsxwriter_rules(text: str, escaped: str, preserve: bool) -> None:
    assert escape_text(text) == (escaped, preserve)


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]


def test_cancel_mid_rows_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "_CHUNK_ROWS", 50)
    token = CancelToken()
    seen: list[int] = []

    def progress(p: Any) -> None:
        seen.append(p.done)
        if p.done >= 100:
            token.cancel()

    target = tmp_path / "t.xlsx"
    with pytest.raises(Cancelled):
        write_workbook(target, [Sheet("결과", [_table(1_000)])], progress=progress, cancel=token)
    assert max(seen) < 1_000
    assert list(tmp_path.iterdir()) == []
    assert not [t for t in threading.enumerate() if t.name == "xlsx-deflate"]


def test_chunks_join_without_gaps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "_CHUNK_ROWS", 7)
    table = _table(50)
    path = write_workbook(tmp_path / "t.xlsx", [Sheet("결과", [table])])
    rows = _calamine_cells(path, "결과")
    assert len(rows) == 51
    assert [r[3] for r in rows[1:]] == [float(v) for v in table.data["count"]]
