"""Excel report stage: the month's result (N detail rows) to xlsx, and the bare writers' floors.

Setup (untimed): ``reconcile_month`` on the cached ledger, then ``exporting.report_sheets`` —
the four sheets' columns exactly as the app will write them (요약, 대사결과, 예외, 수수료).

* ``app`` — ``export_xlsx(result, path)``.
* ``<writer>`` — the SAME cells (every sheet, header + rows; date-times as Excel serial numbers)
  written bare by one writer, no styles, conversion to the writer's input included:
  ``xlsxwriter`` (constant_memory, typed write_* per cell), ``openpyxl`` (write_only append),
  ``pyexcelerate`` (Workbook.new_sheet(data=rows)), ``rustpy`` (rustpy-xlsxwriter FastExcel over
  one DataFrame per sheet). bench/run.py measures them at the small sizes and uses the fastest
  as the floor at the largest size.
"""

from __future__ import annotations

import functools
import operator
from typing import Any

import numpy as np

from bench.common import Unavailable, fresh_path, remove_db, reset_peak, timed
from bench.generate import MONTH
from bench.ledger import STORE, ensure_ledger
from recon_app.adapters.spreadsheet import EXCEL_EPOCH_DAYS
from recon_app.domain.timeutil import KST_OFFSET_SECONDS

WRITERS = ("xlsxwriter", "rustpy", "pyexcelerate", "openpyxl")


def _result(n: int) -> Any:
    from recon_app.services import reconciling as svc
    from recon_app.storage.db import open_ledger

    ledger = open_ledger(ensure_ledger(n))
    try:
        return svc.reconcile_month(ledger, MONTH, STORE)
    finally:
        ledger.close()


def _columns(table: Any) -> list[tuple[str, str, Any]]:
    """(header, kind, values) per column, values still as the app handed them (numpy)."""
    return [(c.header, c.kind, table.data[c.key]) for c in table.columns]


def _py(kind: str, values: Any) -> list[Any]:
    """A column as Python values a writer takes: int, str, float serial for date-times, None."""
    arr = np.asarray(values)
    if kind == "datetime":
        ts = arr.astype(np.int64)
        serial = (ts + KST_OFFSET_SECONDS) / 86_400 + EXCEL_EPOCH_DAYS
        return [None if t <= 0 else s for t, s in zip(ts.tolist(), serial.tolist())]
    if arr.dtype.kind in "iub":
        return arr.astype(np.int64).tolist() if arr.dtype.kind != "b" else arr.tolist()
    return [None if (v is None or v != v) else v for v in arr.tolist()]


def _sheet_cells(sheets: Any) -> list[tuple[str, list[list[Any]], list[str]]]:
    """Per sheet: (name, python columns of all its tables stacked, headers of the first table)."""
    out = []
    for sheet in sheets:
        blocks: list[list[list[Any]]] = []
        width = max((len(t.columns) for t in sheet.tables), default=0)
        for t in sheet.tables:
            cols = [[h, *_py(k, v)] for h, k, v in _columns(t)]
            cols += [[None] * len(cols[0])] * (width - len(cols))
            blocks.append(cols)
        stacked = [
            functools.reduce(operator.iadd, (b[j] for b in blocks), []) for j in range(width)
        ]
        out.append(
            (
                sheet.name,
                stacked,
                [c.header for c in sheet.tables[0].columns] if sheet.tables else [],
            )
        )
    return out


def write_bare(writer: str, sheets: Any, path: str) -> int:
    """Write every cell of ``sheets`` with ``writer``; returns the number of cells."""
    cells = _sheet_cells(sheets)
    total = sum(len(c) * len(c[0]) for _, c, _ in cells if c)
    if writer == "xlsxwriter":
        import xlsxwriter

        wb = xlsxwriter.Workbook(
            path,
            {
                "constant_memory": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "use_zip64": True,
            },
        )
        for name, cols, _ in cells:
            ws = wb.add_worksheet(name)
            for i, row in enumerate(zip(*cols)):
                for j, v in enumerate(row):
                    if v is None:
                        continue
                    if isinstance(v, str):
                        ws.write_string(i, j, v)
                    else:
                        ws.write_number(i, j, v)
        wb.close()
    elif writer == "openpyxl":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        for name, cols, _ in cells:
            ws = wb.create_sheet(name)
            for row in zip(*cols):
                ws.append(row)
        wb.save(path)
    elif writer == "pyexcelerate":
        try:
            from pyexcelerate import Workbook as PxWorkbook
        except ImportError:
            raise Unavailable("pyexcelerate is not installed") from None
        wb = PxWorkbook()
        for name, cols, _ in cells:
            wb.new_sheet(name, data=[list(r) for r in zip(*cols)])
        wb.save(path)
    elif writer == "rustpy":
        try:
            from rustpy_xlsxwriter import FastExcel
        except ImportError:
            raise Unavailable("rustpy-xlsxwriter is not installed") from None
        import pandas as pd

        book = FastExcel(path)
        for name, cols, _ in cells:
            # header row as data (its first row), so the cells are the same as the others write
            frame = pd.DataFrame(
                {f"c{j}": pd.Series(col[1:], dtype=object) for j, col in enumerate(cols)}
            )
            frame.columns = [
                str(col[0]) if col[0] is not None else f"_{j}" for j, col in enumerate(cols)
            ]
            book.sheet(name, frame)
        book.save()
    else:
        raise ValueError(f"unknown writer {writer}")
    return total


def measure(mode: str, n: int, quick: bool) -> dict[str, Any]:
    from recon_app.services import exporting

    result = _result(n)
    path = fresh_path(f"report-{mode}", ".xlsx")
    out: dict[str, Any] = {}
    try:
        if mode == "app":
            reset_peak()
            with timed(out):
                exporting.export_xlsx(result, path)
        else:
            sheets = exporting.report_sheets(result)
            reset_peak()
            with timed(out):
                cells = write_bare(mode, sheets, str(path))
            out["extra"] = {"cells": cells}
        out.setdefault("extra", {})["mb_on_disk"] = round(path.stat().st_size / 1e6, 1)
    finally:
        remove_db(path)
    return out
