"""Spreadsheet conventions shared by the order reader and the report writer."""

from __future__ import annotations

#: 1970-01-01 as an Excel serial day number. Excel's day 0 is 1899-12-30 (its 1900 leap-year bug
#: only shifts dates before 1900-03-01, which no order or payment has).
EXCEL_EPOCH_DAYS = 25569


def column_letter(index: int) -> str:
    """0 → "A", 27 → "AB" (how spreadsheet users find a column; also the A1 cell references)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
