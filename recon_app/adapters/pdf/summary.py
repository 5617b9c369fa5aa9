"""One A4 page: title, KPI boxes, a bar chart, the largest exceptions, notes.

fpdf2 draws it (pure Python, subset-embeds TrueType fonts, LGPL); the caller hands over text
already formatted (amounts through domain/money.format_won), so this module only lays out.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF

from recon_app.adapters.pdf.fonts import korean_font
from recon_app.adapters.report.atomic import atomic_path

# fontTools logs every table it leaves out of a subset (hinting tables of NanumGothic); that is
# expected and would only clutter the CLI's output.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

_BLUE = (31, 78, 121)
_LIGHT = (221, 235, 247)
_GREY = (90, 90, 90)


@dataclass(frozen=True)
class PdfSummary:
    title: str
    subtitle: str
    kpis: Sequence[tuple[str, str]]
    chart_title: str
    bars: Sequence[tuple[str, int, str]]  # label, value (for length), value text
    table_title: str
    table_header: Sequence[str]
    table_rows: Sequence[Sequence[str]]
    notes: Sequence[str] = field(default=())
    footer: str = ""


def write_summary_pdf(path: Path, doc: PdfSummary) -> Path:
    font = korean_font()
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(15, 15, 15)
    # One face only: parsing a Korean TTF is most of the time this page takes (~0.45 s each),
    # and a batch writes one page per client. Headings stand out by size and colour instead.
    pdf.add_font("Korean", "", str(font))
    pdf.add_page()
    width = pdf.w - 30

    pdf.set_text_color(*_BLUE)
    pdf.set_font("Korean", "", 16)
    pdf.cell(width, 9, doc.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*_GREY)
    pdf.set_font("Korean", "", 9)
    pdf.multi_cell(width, 5, doc.subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    _kpis(pdf, doc.kpis, width)
    _bars(pdf, doc.chart_title, doc.bars, width)
    _table(pdf, doc.table_title, doc.table_header, doc.table_rows, width)

    if doc.notes:
        pdf.ln(2)
        pdf.set_font("Korean", "", 8)
        pdf.set_text_color(*_GREY)
        for note in doc.notes:
            if pdf.get_y() > pdf.h - 25:
                break
            pdf.multi_cell(width, 4.2, "· " + note, new_x="LMARGIN", new_y="NEXT")
    if doc.footer:
        pdf.set_xy(15, pdf.h - 12)
        pdf.set_font("Korean", "", 7)
        pdf.set_text_color(*_GREY)
        pdf.cell(width, 4, doc.footer)
    with atomic_path(Path(path), "PDF 요약") as tmp:
        pdf.output(str(tmp))
    return Path(path)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """``text`` cut (with …) to fit ``width`` mm in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _kpis(pdf: FPDF, kpis: Sequence[tuple[str, str]], width: float) -> None:
    per_row = 3
    box_w = (width - (per_row - 1) * 3) / per_row
    box_h = 16
    top = pdf.get_y()
    for i, (label, value) in enumerate(kpis):
        row, col = divmod(i, per_row)
        x = 15 + col * (box_w + 3)
        y = top + row * (box_h + 3)
        pdf.set_fill_color(*_LIGHT)
        pdf.rect(x, y, box_w, box_h, style="F")
        pdf.set_xy(x + 2, y + 1.5)
        pdf.set_font("Korean", "", 8)
        pdf.set_text_color(*_GREY)
        pdf.cell(box_w - 4, 4.5, label)
        pdf.set_xy(x + 2, y + 7)
        pdf.set_font("Korean", "", 12)
        pdf.set_text_color(0, 0, 0)
        pdf.cell(box_w - 4, 7, value)
    rows = (len(kpis) + per_row - 1) // per_row
    pdf.set_xy(15, top + rows * (box_h + 3) + 1)


def _bars(pdf: FPDF, title: str, bars: Sequence[tuple[str, int, str]], width: float) -> None:
    pdf.set_font("Korean", "", 10)
    pdf.set_text_color(*_BLUE)
    pdf.cell(width, 6, title, new_x="LMARGIN", new_y="NEXT")
    biggest = max((abs(v) for _, v, _ in bars), default=0) or 1
    label_w, text_w = 38, 32
    bar_w = width - label_w - text_w
    pdf.set_font("Korean", "", 8)
    for label, value, text in list(bars)[:8]:
        y = pdf.get_y()
        pdf.set_text_color(0, 0, 0)
        pdf.cell(label_w, 6, _fit(pdf, label, label_w - 2))
        length = bar_w * abs(value) / biggest
        pdf.set_fill_color(*_BLUE)
        if length > 0:
            pdf.rect(15 + label_w, y + 1, max(length, 0.5), 4, style="F")
        pdf.set_xy(15 + label_w + bar_w, y)
        pdf.cell(text_w, 6, text, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _table(
    pdf: FPDF,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: float,
) -> None:
    pdf.set_font("Korean", "", 10)
    pdf.set_text_color(*_BLUE)
    pdf.cell(width, 6, title, new_x="LMARGIN", new_y="NEXT")
    if not header:
        return
    shares = [0.22, 0.16, 0.16, 0.46] if len(header) == 4 else [1 / len(header)] * len(header)
    widths = [width * s for s in shares]
    pdf.set_font("Korean", "", 8)
    pdf.set_fill_color(*_LIGHT)
    pdf.set_text_color(0, 0, 0)
    for w, h in zip(widths, header, strict=True):
        pdf.cell(w, 5.5, h, border=1, fill=True)
    pdf.ln(5.5)
    pdf.set_font("Korean", "", 7.5)
    for row in rows:
        if pdf.get_y() > pdf.h - 45:
            break
        for i, (w, text) in enumerate(zip(widths, row, strict=True)):
            pdf.cell(w, 5, _fit(pdf, text, w - 2), border=1, align="R" if i == 2 else "L")
        pdf.ln(5)
