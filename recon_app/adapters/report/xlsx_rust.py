"""The same workbook as ``xlsx.write_workbook``, written by rustpy-xlsxwriter (Rust, column-wise).

Why a second writer: xlsxwriter spends ~10 µs of Python per cell; a million-row report is ~18M
cells. rustpy-xlsxwriter (PyO3 over John McNamara's rust_xlsxwriter) takes a whole pandas
DataFrame through the Arrow C interface and writes every cell in Rust — no Python per cell.

Measured (100k rows × 18 columns, same machine, same minute): this writer 3.5 s wall, the
xlsxwriter writer 39 s wall / 24 s CPU.

Why it is not the default yet: rust_xlsxwriter 0.100 (ryu) writes the integer 10000 as
``<v>10000.0</v>``. It is the same number (a cell value is an xsd:double) and Excel shows
"10,000", but openpyxl reads it back as ``float`` and tests/services/test_exporting.py asserts
``isinstance(cell.value, int)``. See the module's tests for what is checked here.

Formula safety: text goes Arrow Utf8 → rust_xlsxwriter ``Worksheet::write_string`` (an inline
string cell); rust_xlsxwriter makes a formula only from its ``Formula`` type, which this module
never passes (no ``formula_columns``, ``totals_row`` or ``url_columns``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from recon_app.adapters.report import xlsx
from recon_app.adapters.report.atomic import atomic_path
from recon_app.adapters.report.sanitize import max_display_width
from recon_app.adapters.report.xlsx import DATETIME_FORMAT, MONEY_FORMAT, Column, Sheet, Table
from recon_app.domain.errors import Cancelled, InputError
from recon_app.domain.progress import CancelToken, ProgressFn, report

_KST_OFFSET = 9 * 3600
#: Rough Rust write speed (rows of ~18 cells per second) — only to move the progress bar while the
#: one ``save()`` call runs; the bar stops at 95 % until the file is really there.
_ROWS_PER_SECOND = 60_000


def write_workbook(
    path: Path,
    sheets: Sequence[Sheet],
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    from rustpy_xlsxwriter import FastExcel

    total = sum(len(t) for s in sheets for t in s.tables)
    if cancel is not None:
        cancel.raise_if_cancelled()
    with atomic_path(Path(path), "엑셀 보고서") as tmp:
        book = FastExcel(str(tmp)).format(datetime_format=DATETIME_FORMAT)
        formats = _Formats()
        for sheet in sheets:
            if cancel is not None:
                cancel.raise_if_cancelled()
            if len(sheet.tables) == 1:
                _add_single_table(book, formats, sheet)
            else:
                _add_stacked_tables(book, formats, sheet)
        _save(book, total, progress, cancel)
    report(progress, total, total, "엑셀 저장 완료")
    return Path(path)


class _Formats:
    def __init__(self) -> None:
        from rustpy_xlsxwriter import Format

        self.header = Format().set_bold().set_background_color("#DDEBF7").set_border("thin")
        self.title = Format().set_bold().set_font_size(12)
        self.money = Format().set_num_format(MONEY_FORMAT)
        self.int = Format().set_num_format("0")

    def column(self, kind: str) -> Any:
        # datetime: None → the workbook's datetime_format, which rustpy puts on the column
        return {"money": self.money, "int": self.int}.get(kind)


def _save(book: Any, total: int, progress: ProgressFn | None, cancel: CancelToken | None) -> None:
    """``save()`` is one Rust call with no callback: run it on a thread, move the bar meanwhile.

    Cancel is honoured when the call returns (the Rust writer cannot be interrupted); the temp
    file is then discarded by ``atomic_path``.
    """
    failure: list[BaseException] = []

    def run() -> None:
        try:
            book.save()
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    worker = threading.Thread(target=run, name="xlsx-save", daemon=True)
    started = time.monotonic()
    worker.start()
    while worker.is_alive():
        worker.join(0.25)
        estimate = int((time.monotonic() - started) * _ROWS_PER_SECOND)
        report(progress, min(estimate, total * 95 // 100), total, "엑셀 쓰는 중")
    if failure:
        exc = failure[0]
        if isinstance(exc, OSError):
            raise exc  # atomic_path turns it into a Korean InputError (disk full, read-only …)
        raise InputError(f"엑셀 보고서를 만들지 못했습니다: {exc}") from None
    if cancel is not None and cancel.cancelled():
        raise Cancelled()


def _frame(table: Table, start: int, stop: int) -> pd.DataFrame:
    """The rows ``start:stop`` as typed columns: int64 money, datetime64 KST, Arrow strings."""
    data: dict[str, Any] = {}
    for col in table.columns:
        values = table.data[col.key]
        if col.kind in ("money", "int"):
            data[col.header] = np.asarray(values, dtype=np.int64)[start:stop]
        elif col.kind == "datetime":
            ts = np.asarray(values, dtype=np.int64)[start:stop]
            local = (ts + _KST_OFFSET).astype("datetime64[s]")
            local[ts <= 0] = np.datetime64("NaT")  # time 0 = not set → empty cell
            data[col.header] = local
        else:
            # "str" (Arrow-backed): None/NaN → missing (empty cell), other objects → their text
            data[col.header] = pd.array(np.asarray(values, dtype=object)[start:stop], dtype="str")
    return pd.DataFrame(data, copy=False)


def _widths(table: Table) -> list[float]:
    widths = []
    for col in table.columns:
        values = table.data[col.key]
        header = xlsx.display_width(col.header) + 3  # room for the autofilter button
        if col.kind in ("money", "int"):
            arr = np.asarray(values, dtype=np.int64)
            biggest = int(np.abs(arr).max()) if len(arr) else 0
            content = len(f"{biggest:,}") + 2
        elif col.kind == "datetime":
            content = 20
        else:
            content = max_display_width(pd.unique(np.asarray(values, dtype=object))) + 2
        widths.append(float(max(8, min(62, max(header, content)))))
    return widths


def _add_single_table(book: Any, formats: _Formats, sheet: Sheet) -> None:
    table = sheet.tables[0]
    widths = _widths(table)
    column_formats = [formats.column(c.kind) for c in table.columns]
    n = len(table)
    per_sheet = xlsx.EXCEL_MAX_ROWS - 1
    part, start = 0, 0
    while True:
        part += 1
        stop = min(start + per_sheet, n)
        name = (sheet.name if part == 1 else f"{sheet.name} ({part})")[:31]
        book.sheet(
            name,
            _frame(table, start, stop),
            column_widths=widths,
            column_formats=column_formats,
            header_format=formats.header,
            autofilter=sheet.autofilter,
        )
        if sheet.freeze_header:
            book.freeze(row=1, sheet=name)
        start = stop
        if start >= n:
            return


def _add_stacked_tables(book: Any, formats: _Formats, sheet: Sheet) -> None:
    """Small tables one under another (요약): records, one row format per kind of line."""
    if not sheet.tables:
        book.sheet(sheet.name, [{" ": None}])
        return
    width = max(len(t.columns) for t in sheet.tables)
    first = sheet.tables[0]
    # the first table's header is the sheet's header row; columns it lacks get blank-looking names
    keys = [c.header for c in first.columns] + [" " * (i + 1) for i in range(width - len(first.columns))]
    header_row = 1 if first.title else 0
    rows: list[list[Any]] = []
    row_formats: dict[int, Any] = {}
    widths = [8.0] * width
    for i, table in enumerate(sheet.tables):
        if i > 0:
            if table.title:
                row_formats[header_row + 1 + len(rows)] = formats.title
                rows.append([table.title])
            row_formats[header_row + 1 + len(rows)] = formats.header
            rows.append([c.header for c in table.columns])
        for r in range(len(table)):
            if any(c.kind in ("money", "int") for c in table.columns):
                row_formats[header_row + 1 + len(rows)] = formats.money
            rows.append([_plain(table.data[c.key][r], c) for c in table.columns])
        rows.append([])  # a blank line between tables
        for c, w in enumerate(_widths(table)):
            widths[c] = max(widths[c], w)
    records = [dict(zip(keys, row + [None] * (width - len(row)), strict=True)) for row in rows[:-1]]
    merges = []
    if first.title:
        merges.append((0, 0, 0, max(width - 1, 1), first.title, formats.title))
    book.sheet(
        sheet.name,
        records or [dict.fromkeys(keys)],
        header_row=header_row,
        merge_ranges=merges or None,
        row_formats=row_formats or None,
        header_format=formats.header,
        column_widths=widths,
        autofilter=sheet.autofilter,
    )
    if sheet.freeze_header:
        book.freeze(row=header_row + 1, sheet=sheet.name)


def _plain(value: Any, col: Column) -> Any:
    if value is None:
        return None
    if col.kind in ("money", "int"):
        return int(value)
    if isinstance(value, float) and value != value:
        return None
    return value if isinstance(value, str) else str(value)
