"""Number cells whose format pads them with zeros ("00000000"): the text Excel shows.

A shop's order number ``00000901`` is often stored as the number 901 with the number format
``00000000``; Excel shows "00000901", and that is the order number. python-calamine gives the value
but not the format, so this module reads just enough of the workbook to know which cells carry a
zero-padding format: ``xl/styles.xml`` (the formats and the cell styles using them) and, only when
such a style exists, the chosen sheet's XML for the cells with that style. Most exports have no
such format and cost one small XML parse.

ECMA-376 Part 1, §18.8.30 (numFmt), §18.8.10 (cellXfs), §18.3.1.4 (c: the ``s`` and ``t``
attributes). Only pure zero patterns are applied ("0000", not "#,##0" or "0.00"): those are the
ones that change an id; the rest leave the digits alone or are for amounts, which the app parses
from the value anyway.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from xml.etree import ElementTree as ET

import pandas as pd

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_PADDING = re.compile(r'^(?:"?0"?|\\0)+$')
_CELL_REF = re.compile(r"^([A-Z]{1,3})([0-9]+)$")
#: Text kinds of a cell (``t``): their text is already what Excel shows.
_TEXT_KINDS = {"s", "str", "inlineStr", "b", "e"}


def padding_styles(zf: zipfile.ZipFile) -> dict[int, int]:
    """Cell style index → zero-padded width, for the styles whose format is all zeros."""
    try:
        root = ET.fromstring(zf.read("xl/styles.xml"))
    except (KeyError, ET.ParseError):
        return {}
    widths: dict[int, int] = {}
    fmts = root.find(f"{_MAIN}numFmts")
    for fmt in fmts if fmts is not None else ():
        code = fmt.get("formatCode", "")
        if _PADDING.match(code) and code.count("0") >= 2:
            widths[int(fmt.get("numFmtId", "-1"))] = code.count("0")
    if not widths:
        return {}
    xfs = root.find(f"{_MAIN}cellXfs")
    out: dict[int, int] = {}
    for i, xf in enumerate(xfs if xfs is not None else ()):
        width = widths.get(int(xf.get("numFmtId", "0")))
        if width:
            out[i] = width
    return out


def _sheet_path(zf: zipfile.ZipFile, sheet: str) -> str | None:
    wb = ET.fromstring(zf.read("xl/workbook.xml"))
    rid = None
    for el in wb.iter(f"{_MAIN}sheet"):
        if el.get("name") == sheet:
            rid = el.get(f"{_REL}id")
    if rid is None:
        return None
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{_PKG_REL}Relationship"):
        if rel.get("Id") == rid:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return None


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def padded_cells(data: bytes, sheet: str) -> dict[tuple[int, int], int]:
    """(0-based row, 0-based column) → width for the numeric cells of ``sheet`` with a
    zero-padding format; empty when the workbook has none (or cannot be read this way)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            styles = padding_styles(zf)
            if not styles:
                return {}
            path = _sheet_path(zf, sheet)
            if path is None:
                return {}
            out: dict[tuple[int, int], int] = {}
            with zf.open(path) as member:
                for _, el in ET.iterparse(member):
                    if el.tag != f"{_MAIN}c":
                        if el.tag == f"{_MAIN}row":
                            el.clear()
                        continue
                    width = styles.get(int(el.get("s", "0")))
                    if width and el.get("t") not in _TEXT_KINDS:
                        m = _CELL_REF.match(el.get("r", ""))
                        if m:
                            out[(int(m.group(2)) - 1, _col_index(m.group(1)))] = width
            return out
    except (zipfile.BadZipFile, KeyError, ET.ParseError, ValueError, OSError):
        return {}


def apply_padding(frame: pd.DataFrame, cells: dict[tuple[int, int], int]) -> None:
    """Pad the digit texts of ``cells`` in place (a negative or fractional value is left as is)."""
    by_column: dict[int, list[tuple[int, int]]] = {}
    for (row, col), width in cells.items():
        if row < frame.shape[0] and col < frame.shape[1]:
            by_column.setdefault(col, []).append((row, width))
    for col, items in by_column.items():
        values = frame[col].to_numpy(dtype=object).copy()
        for row, width in items:
            text = values[row]
            if isinstance(text, str) and text.isdigit():
                values[row] = text.zfill(width)
        frame[col] = pd.Series(values, index=frame.index, dtype=object)
