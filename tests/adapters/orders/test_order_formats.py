"""Every supported file shape yields the same five orders (encodings, separators, XLSX, aliases)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, EXPECTED, as_dict, parse_path, parse_text

from recon_app.adapters.orders.reading import PasswordRequired, WrongPassword, read_grid
from recon_app.domain.errors import InputError

PASSWORD = "recon-test-pw"


@pytest.mark.parametrize(
    ("name", "encoding", "header_row"),
    [
        ("basic_utf8.csv", "utf-8", 1),
        ("basic_utf8_bom.csv", "utf-8-sig", 1),
        ("basic_cp949.csv", "cp949", 1),
        ("basic_tab.tsv", "cp949", 1),
        ("cafe24_title_block_cp949.csv", "cp949", 4),
        ("shopify_utf8.csv", "utf-8", 1),
    ],
)
def test_csv_variants_give_the_same_orders(name: str, encoding: str, header_row: int) -> None:
    path = DATA / name
    grid = read_grid(path, path.read_bytes())
    assert grid.encoding == encoding
    parsed = parse_path(path)
    assert parsed.problems == []
    assert parsed.mapping.header_row == header_row
    assert parsed.rows_read == 6 and parsed.rows_folded == 1
    assert as_dict(parsed) == EXPECTED


def test_tab_separator_detected() -> None:
    path = DATA / "basic_tab.tsv"
    assert read_grid(path, path.read_bytes()).separator == "\t"


def test_cafe24_order_date_wins_over_payment_date() -> None:
    parsed = parse_path(DATA / "cafe24_title_block_cp949.csv")
    assert parsed.mapping.header_of("ordered_at") == "주문일시"  # not 결제일시(입금확인일)


@pytest.mark.parametrize("name", ["app_headers.xlsx", "app_headers_serials.xlsx"])
def test_xlsx_first_sheet_datetime_cells_and_serials(name: str) -> None:
    parsed = parse_path(DATA / name)
    assert parsed.problems == []
    assert parsed.mapping.header_row == 2
    assert as_dict(parsed) == EXPECTED


def test_xlsx_sheet_option(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "two.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("안내").write_row(0, 0, ["주문 내역은 두 번째 시트에 있습니다"])
    ws = wb.add_worksheet("주문")
    ws.write_row(0, 0, ["주문번호", "주문일시", "결제금액", "주문상태"])
    ws.write_row(1, 0, ["A-1", "2026-10-01 13:45", 1000, "결제완료"])
    wb.close()
    with pytest.raises(InputError, match="머리글"):
        parse_path(path)  # first sheet has no orders
    parsed = parse_path(path, sheet="주문")
    assert list(parsed.orders["order_id"]) == ["A-1"]
    with pytest.raises(InputError, match="시트 '없는시트'.*'안내', '주문'"):
        parse_path(path, sheet="없는시트")


def test_encrypted_xlsx_right_wrong_missing_password() -> None:
    path = DATA / "app_headers_encrypted.xlsx"
    assert as_dict(parse_path(path, password=PASSWORD)) == EXPECTED
    with pytest.raises(WrongPassword, match="암호가 맞지 않습니다"):
        parse_path(path, password="wrong")
    with pytest.raises(PasswordRequired, match="RECON_XLSX_PASSWORD"):
        parse_path(path)


def test_decrypting_never_touches_the_file(tmp_path: Path) -> None:
    src = DATA / "app_headers_encrypted.xlsx"
    before = src.read_bytes()
    parse_path(src, password=PASSWORD)
    assert src.read_bytes() == before
    assert list(tmp_path.iterdir()) == []


def test_utf8_and_cp949_text_is_identical(tmp_path: Path) -> None:
    text = "주문번호,주문일시,결제금액,주문상태,주문자명\nA-1,2026-10-01 13:45,￦1,000,결제완료,홍길동\n"
    text = text.replace("￦1,000", '"￦1,000"')
    a = as_dict(parse_text(tmp_path, text, encoding="cp949", name="a.csv"))
    b = as_dict(parse_text(tmp_path, text, encoding="utf-8", name="b.csv"))
    assert a == b and a["A-1"][1] == 1000 and a["A-1"][5] == "홍길동"


def test_unmapped_columns_are_ignored_and_blank_lines_skipped(tmp_path: Path) -> None:
    text = (
        "메모,주문번호,주문일시,결제금액,주문상태,기타\n"
        "x,A-1,2026-10-01 13:45,1000,결제완료,y\n"
        ",,,,,\n"
        "\n"
        "z,A-2,2026-10-01 13:46,2000,결제완료,w\n"
    )
    parsed = parse_text(tmp_path, text)
    assert parsed.rows_read == 2
    assert list(parsed.orders["row"]) == [2, 5]  # rows as the user sees them


def test_utf16_tab_text_from_excel(tmp_path: Path) -> None:
    text = '주문번호\t주문일시\t결제금액\t주문상태\r\nA-1\t2026-10-01 13:45\t"12,000"\t결제완료\r\n'
    path = tmp_path / "unicode.txt"
    path.write_bytes(text.encode("utf-16"))
    assert read_grid(path, path.read_bytes()).encoding == "utf-16"
    assert as_dict(parse_path(path))["A-1"][1] == 12000


def test_format_is_decided_by_content_not_extension(tmp_path: Path) -> None:
    disguised = tmp_path / "orders.csv"
    disguised.write_bytes((DATA / "app_headers.xlsx").read_bytes())
    assert as_dict(parse_path(disguised)) == EXPECTED
