"""Spreadsheet conventions shared by the order reader and the report writer."""

from __future__ import annotations


def column_letter(index: int) -> str:
    """0 → "A", 27 → "AB" (how spreadsheet users find a column; also the A1 cell references)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
