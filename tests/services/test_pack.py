"""`recon-app pack` on the demo store (issue 14): the folder and zip hold every file, and the PDF
renders — turned into an image by PDFium it is not blank, and its text layer has the Korean
text (so the Korean font is embedded, not substituted)."""

from __future__ import annotations

import zipfile

import pypdfium2 as pdfium
import pytest

from recon_app.cli.main import main
from recon_app.services.closing import close_month
from recon_app.services.demo import prepare_demo
from recon_app.storage.db import open_ledger


@pytest.fixture(scope="module")
def demo_ledger(tmp_path_factory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    ledger = open_ledger(path)
    prepared = prepare_demo(ledger)
    ledger.close()
    return path, prepared.store, prepared.month


def _pdf_text_and_ink(path) -> tuple[str, float]:  # type: ignore[no-untyped-def]
    pdf = pdfium.PdfDocument(str(path))
    try:
        assert len(pdf) == 1
        page = pdf[0]
        text = page.get_textpage().get_text_range()
        pixels = page.render(scale=1, grayscale=True).to_numpy()
        return text, float((pixels < 200).mean())
    finally:
        pdf.close()


def test_pack_writes_folder_zip_and_a_rendering_pdf(demo_ledger, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path, store, month = demo_ledger
    code = main(
        ["--db", str(path), "pack", "--month", month, "--store", store, "--out", str(tmp_path)]
    )
    assert code == 0
    folder = tmp_path / f"{store}-{month}"
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [
            f"report-{month}.xlsx",
            f"report-{month}.json",
            f"vat-{month}.xlsx",
            f"vouchers-douzone-general-{month}.xlsx",
            f"vouchers-douzone-sales-{month}.xlsx",
            f"vouchers-semusarang-{month}.xlsx",
            f"audit-{month}.csv",
            f"summary-{month}.pdf",
        ]
    )
    with zipfile.ZipFile(tmp_path / f"{store}-{month}.zip") as zf:
        assert sorted(n.split("/", 1)[1] for n in zf.namelist()) == names
    text, ink = _pdf_text_and_ink(folder / f"summary-{month}.pdf")
    assert f"{store} · {month} 정산 대사 요약" in text
    assert "확인할 예외" in text and "PG사별 정산 대상" in text
    assert ink > 0.01  # boxes, bars and text: clearly not a blank page


def test_pdf_of_a_closed_month_says_who_closed_it(demo_ledger, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    path, store, month = demo_ledger
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(path, copy)
    ledger = open_ledger(copy)
    try:
        close_month(
            ledger, month, store, "10월 마감", by="김회계", accept_open="데모 예외는 확인만"
        )
    finally:
        ledger.close()
    assert (
        main(
            [
                "--db",
                str(copy),
                "pack",
                "--month",
                month,
                "--store",
                store,
                "--out",
                str(tmp_path / "o"),
            ]
        )
        == 0
    )
    text, _ = _pdf_text_and_ink(tmp_path / "o" / f"{store}-{month}" / f"summary-{month}.pdf")
    assert "마감됨 — 김회계" in text
    audit = (tmp_path / "o" / f"{store}-{month}" / f"audit-{month}.csv").read_text(
        encoding="utf-8-sig"
    )
    assert "김회계" in audit and "마감" in audit
