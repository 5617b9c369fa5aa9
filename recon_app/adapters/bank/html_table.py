"""The ".xls" that is an HTML table (KB국민's 거래내역 download), read with the stdlib parser.

Only the cell texts matter: every ``<tr>`` becomes a row and every ``<td>``/``<th>`` a cell
(``colspan`` repeated as empty cells so columns stay aligned). No lxml/html5lib dependency for a
few hundred rows of a table.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

import pandas as pd

from recon_app.domain.errors import InputError

_HTML_HEAD = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype|html|meta|table|head)", re.I | re.S
)
_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)


def looks_like_html(data: bytes) -> bool:
    head = data[:4096].removeprefix(codecs.BOM_UTF8)
    return bool(_HTML_HEAD.match(head)) or b"<table" in head.lower()


def html_encoding(data: bytes) -> str:
    """The page's declared charset, else UTF-8 if it decodes, else CP949 (Korean Excel)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    m = _CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii").lower()
        try:
            codecs.lookup(name)
            return "cp949" if name in ("euc-kr", "euckr", "ks_c_5601-1987") else name
        except LookupError:
            pass
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp949"


class _TableCells(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._span = 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._close_row()
            self._row = []
        elif tag in ("td", "th"):
            if self._row is None:
                self._row = []
            self._close_cell()
            self._cell = []
            span = dict(attrs).get("colspan") or "1"
            self._span = int(span) if span.isdigit() and 0 < int(span) < 100 else 1
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._close_cell()
        elif tag in ("tr", "table"):
            self._close_row()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _close_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            text = " ".join("".join(self._cell).split())
            self._row.append(text)
            self._row.extend([""] * (self._span - 1))
        self._cell = None
        self._span = 1

    def _close_row(self) -> None:
        self._close_cell()
        if self._row is not None:
            self.rows.append(self._row)
        self._row = None


def read_html_grid(name: str, data: bytes) -> pd.DataFrame:
    """All ``<tr>`` rows of the page as an all-text frame (row i = table row i + 1)."""
    encoding = html_encoding(data)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(
            f"'{name}'(HTML 형식의 엑셀 파일)을 {encoding}로 읽을 수 없습니다.",
            hint="은행 사이트에서 거래내역을 다시 내려받거나 엑셀에서 열어 XLSX로 저장하세요.",
        ) from None
    parser = _TableCells()
    parser.feed(text)
    parser.close()
    parser._close_row()
    rows = parser.rows
    width = max((len(r) for r in rows), default=0)
    if not width:
        raise InputError(
            f"'{name}'은(는) HTML 파일이지만 표(<table>)가 없습니다.",
            hint="은행 사이트에서 거래내역을 엑셀로 다시 내려받으세요.",
        )
    padded = [r + [""] * (width - len(r)) for r in rows]
    return pd.DataFrame(padded, columns=range(width), dtype=object)
