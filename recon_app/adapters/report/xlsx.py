"""A plain-columns → xlsx writer built for a million rows (xlsxwriter, ``constant_memory``).

Why this shape:

* ``constant_memory`` streams each finished row to disk, so memory stays flat at any size.
* Formats are made once per column; the row loop calls ``write_number`` / ``write_string``
  directly with the precomputed format — no type dispatch through ``write()`` per cell.
* Text is *always* written with ``write_string`` and the workbook is opened with
  ``strings_to_formulas/urls/numbers = False``: a buyer called ``=HYPERLINK(...)`` stays text.
* Money is an int cell formatted ``#,##0``; times are real Excel date-times (KST).
* A sheet holds at most 1,048,576 rows; longer tables continue on "이름 (2)", "이름 (3)" ….
* The file is written beside the target and renamed (``atomic.atomic_path``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import xlsxwriter
from xlsxwriter.exceptions import FileCreateError, XlsxWriterException

from recon_app.adapters.report.atomic import atomic_path
from recon_app.adapters.report.sanitize import display_width, max_display_width
from recon_app.domain.errors import InputError
from recon_app.domain.progress import CancelToken, ProgressFn, report

Kind = Literal["text", "money", "int", "datetime"]

EXCEL_MAX_ROWS = 1_048_576
MONEY_FORMAT = "#,##0"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
_KST_OFFSET = 9 * 3600
_EXCEL_EPOCH_DAYS = 25569  # 1970-01-01 as an Excel serial day number
_CHECK_EVERY = 20_000


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind = "text"


@dataclass
class Table:
    """A header row and columns of equal length (numpy arrays or lists)."""

    columns: Sequence[Column]
    data: dict[str, Any]
    title: str | None = None

    def __len__(self) -> int:
        return len(self.data[self.columns[0].key]) if self.columns else 0


@dataclass
class Sheet:
    name: str
    tables: list[Table] = field(default_factory=list)
    #: Freeze the first table's header row and put an autofilter on it.
    freeze_header: bool = True
    autofilter: bool = True


def write_workbook(
    path: Path,
    sheets: Sequence[Sheet],
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    total = sum(len(t) for s in sheets for t in s.tables)
    with atomic_path(Path(path), "엑셀 보고서") as tmp:
        workbook = xlsxwriter.Workbook(
            str(tmp),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "use_zip64": True,  # a million-row sheet can pass 4 GB uncompressed
            },
        )
        try:
            formats = _Formats(workbook)
            done = 0
            for sheet in sheets:
                done = _write_sheet(workbook, formats, sheet, done, total, progress, cancel)
        except BaseException:
            _discard(workbook)
            raise
        try:
            workbook.close()
        except FileCreateError as exc:  # wraps the OSError (disk full, locked, read-only)
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc))
            raise cause from None
        except XlsxWriterException as exc:
            raise InputError(f"엑셀 보고서 '{path}'을(를) 만들지 못했습니다: {exc}") from None
    report(progress, total, total, "엑셀 저장 완료")
    return Path(path)


def _discard(workbook: xlsxwriter.Workbook) -> None:
    """Drop a half-built workbook's temp row files without writing the xlsx."""
    for ws in workbook.worksheets():
        fh = getattr(ws, "row_data_fh", None)
        name = getattr(ws, "row_data_filename", None)
        try:
            if fh is not None:
                fh.close()
            if name:
                Path(name).unlink(missing_ok=True)
        except OSError:
            pass
    workbook.fileclosed = True  # so its __del__ does not try to write the file


class _Formats:
    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        self.title = workbook.add_format({"bold": True, "font_size": 12})
        self.money = workbook.add_format({"num_format": MONEY_FORMAT})
        self.int = workbook.add_format({"num_format": "0"})
        self.datetime = workbook.add_format({"num_format": DATETIME_FORMAT})
        self.text = workbook.add_format({})

    def of(self, kind: Kind) -> Any:
        return {"money": self.money, "int": self.int, "datetime": self.datetime}.get(kind, self.text)


def _write_sheet(
    workbook: xlsxwriter.Workbook,
    formats: _Formats,
    sheet: Sheet,
    done: int,
    total: int,
    progress: ProgressFn | None,
    cancel: CancelToken | None,
) -> int:
    if not sheet.tables:
        workbook.add_worksheet(sheet.name)
        return done
    if len(sheet.tables) == 1:
        return _write_single_table(workbook, formats, sheet, done, total, progress, cancel)
    ws = workbook.add_worksheet(sheet.name)
    row = 0
    widths: dict[int, int] = {}
    first_header_row = None
    for table in sheet.tables:
        if table.title:
            ws.write_string(row, 0, table.title, formats.title)
            row += 1
        if first_header_row is None:
            first_header_row = row
        columns = _python_columns(table)
        row = _write_rows(ws, formats, table, columns, 0, len(table), row, None, None, 0, 0)
        for c, width in enumerate(_widths(table, columns)):
            widths[c] = max(widths.get(c, 0), width)
        row += 1  # a blank line between tables
        done += len(table)
    for c, width in widths.items():
        ws.set_column(c, c, width)
    if sheet.freeze_header and first_header_row is not None:
        ws.freeze_panes(first_header_row + 1, 0)
    return done


def _write_single_table(
    workbook: xlsxwriter.Workbook,
    formats: _Formats,
    sheet: Sheet,
    done: int,
    total: int,
    progress: ProgressFn | None,
    cancel: CancelToken | None,
) -> int:
    table = sheet.tables[0]
    columns = _python_columns(table)
    widths = _widths(table, columns)
    n = len(table)
    per_sheet = EXCEL_MAX_ROWS - 1
    part = 0
    start = 0
    while True:
        part += 1
        stop = min(start + per_sheet, n)
        name = sheet.name if part == 1 else f"{sheet.name} ({part})"
        ws = workbook.add_worksheet(name[:31])
        for c, width in enumerate(widths):
            ws.set_column(c, c, width)
        if sheet.freeze_header:
            ws.freeze_panes(1, 0)
        if sheet.autofilter and table.columns:
            ws.autofilter(0, 0, max(stop - start, 1), len(table.columns) - 1)
        _write_rows(ws, formats, table, columns, start, stop, 0, progress, cancel, done, total)
        done += stop - start
        start = stop
        if start >= n:
            return done


def _python_columns(table: Table) -> list[list[Any]]:
    """Each column as a Python list of what the cell gets (None = leave the cell empty)."""
    out = []
    for col in table.columns:
        values = table.data[col.key]
        if col.kind in ("money", "int"):
            out.append(np.asarray(values, dtype=np.int64).tolist())
        elif col.kind == "datetime":
            ts = np.asarray(values, dtype=np.int64)
            serial = (ts + _KST_OFFSET) / 86400.0 + _EXCEL_EPOCH_DAYS
            listed = serial.tolist()
            if (ts <= 0).any():
                for i in np.flatnonzero(ts <= 0).tolist():
                    listed[i] = None
            out.append(listed)
        else:
            arr = np.asarray(values, dtype=object)
            listed = arr.tolist()
            for i, v in enumerate(listed):
                if v is not None and v.__class__ is not str:
                    listed[i] = None if v != v else str(v)  # NaN → empty, other → its text
            out.append(listed)
    return out


def _widths(table: Table, columns: list[list[Any]]) -> list[int]:
    widths = []
    for col, values in zip(table.columns, columns, strict=True):
        header = display_width(col.header) + 3  # room for the autofilter button
        if col.kind in ("money", "int"):
            biggest = max((abs(v) for v in values), default=0)
            content = len(f"{biggest:,}") + 2
        elif col.kind == "datetime":
            content = 20
        else:
            content = max_display_width(values) + 2
        widths.append(max(8, min(62, max(header, content))))
    return widths


def _write_rows(
    ws: Any,
    formats: _Formats,
    table: Table,
    columns: list[list[Any]],
    start: int,
    stop: int,
    first_row: int,
    progress: ProgressFn | None,
    cancel: CancelToken | None,
    done: int,
    total: int,
) -> int:
    header_fmt = formats.header
    for c, col in enumerate(table.columns):
        ws.write_string(first_row, c, col.header, header_fmt)
    # The undecorated writers: the public ones add a wrapper call per cell just to accept "A1"
    # notation, ~30% of the per-cell cost at a million rows. Fall back if xlsxwriter renames them.
    write_number = getattr(ws, "_write_number", ws.write_number)
    write_string = getattr(ws, "_write_string", ws.write_string)
    cells = [
        (c, write_string if col.kind == "text" else write_number, formats.of(col.kind))
        for c, col in enumerate(table.columns)
    ]
    row = first_row + 1
    chunk_start = start
    while chunk_start < stop:
        chunk_stop = min(chunk_start + _CHECK_EVERY, stop)
        if cancel is not None:
            cancel.raise_if_cancelled()
        sliced = [values[chunk_start:chunk_stop] for values in columns]
        for record in zip(*sliced):
            for (c, write, fmt), value in zip(cells, record):
                if value is not None:
                    write(row, c, value, fmt)
            row += 1
        report(progress, done + chunk_stop - start, total, "엑셀 쓰는 중")
        chunk_start = chunk_stop
    return row
