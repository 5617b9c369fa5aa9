"""Write voucher rows in a layout, as CSV (UTF-8 BOM) or XLSX, through the report writers that
never let text become a formula (adapters/report: csv_safe, xlsxwriter strings_to_formulas off).

A layout whose header is not on row 1 (세무사랑: row 10) gets the company block above it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from recon_app.adapters.report.csv_writer import write_csv
from recon_app.adapters.report.xlsx import Column, Sheet, Table, write_workbook
from recon_app.adapters.vouchers.layouts import Layout
from recon_app.domain.errors import InputError

#: Fields written as whole numbers.
INT_FIELDS = {
    "debit",
    "credit",
    "amount",
    "supply",
    "vat",
    "total",
    "year",
    "month",
    "day",
    "side_code",
    "sales_purchase",
    "tax_type",
}


def layout_columns(layout: Layout) -> list[Column]:
    return [
        Column(f"c{i}", header, "int" if name in INT_FIELDS else "text")
        for i, (header, name) in enumerate(layout.columns)
    ]


def layout_data(layout: Layout, rows: Sequence[dict[str, Any]]) -> dict[str, list[Any]]:
    data: dict[str, list[Any]] = {}
    for i, (_, name) in enumerate(layout.columns):
        if name in INT_FIELDS:
            data[f"c{i}"] = [int(r.get(name) or 0) for r in rows]
        else:
            data[f"c{i}"] = ["" if r.get(name) is None else str(r.get(name)) for r in rows]
    return data


def write_vouchers(
    path: Path,
    layout: Layout,
    rows: Sequence[dict[str, Any]],
    *,
    sheet_name: str = "전표",
    preamble: Sequence[tuple[str, str]] = (),
) -> Path:
    """CSV when ``path`` ends in .csv, else XLSX; ``preamble`` fills the rows above a header
    that is not on row 1."""
    columns = layout_columns(layout)
    data = layout_data(layout, rows)
    if Path(path).suffix.lower() == ".csv":
        if layout.header_row > 1:
            raise InputError(
                f"이 전표 양식은 머리글이 {layout.header_row}행에 있어 CSV로 쓸 수 없습니다: '{path}'",
                hint="--out 파일 이름을 .xlsx 로 주세요.",
            )
        return write_csv(Path(path), columns, data)
    if layout.header_row <= 1:
        return write_workbook(Path(path), [Sheet(sheet_name, [Table(columns, data)])])
    # title (row 1), its header (row 2), block rows, one blank row, then the header.
    block = list(preamble)[: max(layout.header_row - 4, 0)]
    block += [("", "")] * (layout.header_row - 4 - len(block))
    info_cols = (Column("item", "항목"), Column("value", "내용"))
    info = Table(
        info_cols,
        {"item": [k for k, _ in block], "value": [v for _, v in block]},
        title=sheet_name,
    )
    sheet = Sheet(sheet_name, [info, Table(columns, data)], freeze_header=False, autofilter=False)
    return write_workbook(Path(path), [sheet])
