"""Every file in tests/data/bad is rejected with a specific message, and the ledger is untouched.

The files are written by tests/data/bad/make_corpus.py. Each case goes through the real service
(``import_orders``) against a ledger that already holds orders, and the whole ledger is dumped
before and after: a rejected import must write nothing, not even an import_batches row.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from recon_app.domain.errors import InputError
from recon_app.services.importing import ImportOptions, import_orders
from recon_app.storage.db import Ledger, open_ledger

BAD = Path(__file__).resolve().parents[2] / "data" / "bad"
GOOD = Path(__file__).resolve().parents[2] / "data" / "orders" / "basic_utf8.csv"

# file -> (expected message fragment, import options)
CASES: dict[str, tuple[str, ImportOptions]] = {
    "empty.csv": ("파일이 비어 있습니다", ImportOptions()),
    "whitespace_only.csv": ("파일이 비어 있습니다", ImportOptions()),
    "binary_junk.csv": ("텍스트(CSV) 파일이 아닙니다", ImportOptions()),
    "utf16_without_bom.csv": ("텍스트(CSV) 파일이 아닙니다", ImportOptions()),
    "unknown_encoding.csv": ("문자 인코딩을 알 수 없습니다", ImportOptions()),
    "bom_but_cp949_body.csv": ("UTF-8-SIG로 읽을 수 없는 글자", ImportOptions()),
    "html_saved_as_xls.xls": ("머리글(주문번호, 주문일시", ImportOptions()),
    "only_headers.csv": ("머리글(1행)만 있고 주문 행이 없습니다", ImportOptions()),
    "only_headers_and_blank_rows.csv": ("머리글(1행)만 있고", ImportOptions()),
    "missing_amount_column.csv": (
        "필수 열이 없습니다: 결제금액(amount). 찾은 머리글: '주문번호', '주문일시', '주문상태', '메모'",
        ImportOptions(),
    ),
    "no_known_headers.csv": ("처음 10행에서 주문 내역 머리글", ImportOptions()),
    "duplicate_order_id_headers.csv": (
        "'주문번호'(A열), '주문번호'(C열) 열이 모두 주문번호",
        ImportOptions(),
    ),
    "two_amount_columns.csv": (
        "'결제금액'(C열), '실결제금액'(D열) 열이 모두 결제금액",
        ImportOptions(),
    ),
    "two_order_date_columns.csv": (
        "'주문일시'(B열), '주문일'(C열) 열이 모두 주문일시",
        ImportOptions(),
    ),
    "header_below_row_10.csv": ("처음 10행에서", ImportOptions()),
    "ragged_extra_fields.csv": ("62행의 칸 수(8)가 위쪽 행들(5)보다 많습니다", ImportOptions()),
    "unclosed_quote.csv": ("큰따옴표가 파일 끝까지 닫히지 않았습니다", ImportOptions()),
    "million_char_cell.csv": ("주문번호가 너무 깁니다", ImportOptions()),
    "long_order_id.csv": (
        "2행, '주문번호' 열, 값 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA…(500자)'",
        ImportOptions(),
    ),
    "huge_amount_cell.csv": (
        "'결제금액' 열, 값 '9999999999999999999999999999999999999999…(50,000자)': 금액으로 읽을 수 없습니다",
        ImportOptions(),
    ),
    "formula_amount.csv": ("값 '=SUM(C2:C3)': 금액으로 읽을 수 없습니다", ImportOptions()),
    "hyperlink_amount.csv": ('값 \'=HYPERLINK("http://x","1000")\': 금액으로', ImportOptions()),
    "amount_with_letters.csv": (
        "값 '12,000원x': 금액으로 읽을 수 없습니다 → 12000, 12,000",
        ImportOptions(),
    ),
    "amount_bad_commas.csv": ("값 '1,2,3': 금액으로", ImportOptions()),
    "amount_with_fraction.csv": ("값 '12000.5': 금액으로", ImportOptions()),
    "amount_scientific.csv": ("값 '1.2E+04': 금액으로", ImportOptions()),
    "amount_too_many_digits.csv": ("값 '1234567890123456': 금액으로", ImportOptions()),
    "negative_amount.csv": ("값 '-3,000': 주문 금액이 음수입니다", ImportOptions()),
    "date_before_2000.csv": (
        "값 '1999-12-31 23:59:59': 날짜로 읽을 수 없거나 범위를 벗어났습니다",
        ImportOptions(),
    ),
    "date_after_2099.csv": ("값 '2100-01-01 00:00:00': 날짜로", ImportOptions()),
    "date_feb_30.csv": ("값 '2026-02-30 10:00:00': 날짜로", ImportOptions()),
    "date_hour_25.csv": ("값 '2026-10-01 25:00:00': 날짜로", ImportOptions()),
    "date_words.csv": ("값 '어제 오후': 날짜로", ImportOptions()),
    "date_serial_out_of_range.csv": ("값 '999999': 날짜로", ImportOptions()),
    "empty_status_cell.csv": (
        "2행, '주문상태' 열: 필수 값(주문상태)이 비어 있습니다",
        ImportOptions(),
    ),
    "empty_order_id_cell.csv": (
        "2행, '주문번호' 열: 필수 값(주문번호)이 비어 있습니다",
        ImportOptions(),
    ),
    "unknown_status.csv": (
        "알 수 없는 주문상태 '정산보류'입니다 → 이 상태가 돈에 대해 뜻하는 바를 "
        "--status-map '정산보류=상태' 로 지정하세요",
        ImportOptions(),
    ),
    "unknown_cancel_status.csv": (
        "알 수 없는 주문상태 '취소됨'입니다 → 뜻이 '취소'이면 --status-map '취소됨=cancelled'",
        ImportOptions(),
    ),
    "partial_refund_without_refund.csv": ("부분환불 주문에는 0보다 큰 환불금액", ImportOptions()),
    "refund_exceeds_amount.csv": ("값 '2,000': 환불금액이 결제금액보다 큽니다", ImportOptions()),
    "refund_with_letters.csv": ("값 '전액': 환불금액으로 읽을 수 없습니다", ImportOptions()),
    "folded_rows_disagree.csv": (
        "주문 A-1의 행들(2, 3행)이 주문 단위 값(결제금액)에서 서로 다릅니다",
        ImportOptions(),
    ),
    "bad_row_in_cp949.tsv": ("3행, '결제금액' 열, 값 '12천원'", ImportOptions()),
    "control_chars_in_amount.csv": ("값 '12\\x07000'", ImportOptions()),
    "truncated.xlsx": ("엑셀 파일이 손상되었거나 XLSX 형식이 아닙니다", ImportOptions()),
    "zip_header_then_junk.xlsx": ("손상되었거나 XLSX 형식이 아닙니다", ImportOptions()),
    "docx_renamed.xlsx": ("손상되었거나 XLSX 형식이 아닙니다", ImportOptions()),
    "ole_header_then_junk.xlsx": ("손상되었거나", ImportOptions()),
    "encrypted.xlsx": ("암호가 걸린 엑셀 파일입니다", ImportOptions()),
    "zip_bomb.xlsx": ("압축 폭탄이 의심되어 열지 않았습니다", ImportOptions()),
    "huge_dimension.xlsx": ("시트가 너무 큽니다 (1,048,576행 × 16,384열)", ImportOptions()),
    "empty_sheet.xlsx": ("머리글(주문번호, 주문일시", ImportOptions()),
    "xlsx_formula_text_amount.xlsx": ("값 '=1+1': 금액으로 읽을 수 없습니다", ImportOptions()),
    "xlsx_date_1990.xlsx": ("값 '1990-01-01': 날짜로", ImportOptions()),
    "xlsx_bool_amount.xlsx": ("값 'TRUE': 금액으로", ImportOptions()),
    "xlsx_only_headers.xlsx": ("머리글(1행)만 있고", ImportOptions()),
    "xlsx_for_missing_sheet.xlsx": (
        "시트 '정산'이(가) 없습니다. 있는 시트: '주문'",
        ImportOptions(sheet="정산"),
    ),
    "csv_with_sheet_option.csv": (
        "CSV이므로 시트 '주문'을(를) 고를 수 없습니다",
        ImportOptions(sheet="주문"),
    ),
    "encrypted.xlsx#wrong-password": ("암호가 맞지 않습니다", ImportOptions(password="not-it")),
}


def _dump(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        out: list[tuple[object, ...]] = []
        for table in ("stores", "orders", "import_batches", "payments"):
            out += [(table, *row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1")]
        return out
    finally:
        conn.close()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Ledger, list[tuple[object, ...]]]:
    path = tmp_path_factory.mktemp("bad-corpus") / "ledger.sqlite3"
    led = open_ledger(path)
    import_orders(led, GOOD)
    yield led, _dump(path)
    led.close()


def test_corpus_is_complete_and_small() -> None:
    files = {p.name for p in BAD.iterdir() if p.name != "make_corpus.py"}
    assert files == {name.split("#")[0] for name in CASES}
    assert len(files) >= 40
    assert sum(p.stat().st_size for p in BAD.iterdir()) < 2_000_000


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_is_rejected_and_ledger_unchanged(
    case: str, seeded: tuple[Ledger, list[tuple[object, ...]]]
) -> None:
    led, before = seeded
    name = case.split("#")[0]
    fragment, options = CASES[case]
    src = BAD / name
    original = src.read_bytes()
    with pytest.raises(InputError) as err:
        import_orders(led, src, options)
    message = str(err.value)
    assert fragment in message
    assert name in message  # the message names the file
    assert "Traceback" not in message
    assert _dump(led.path) == before
    assert src.read_bytes() == original  # never modify the user's file
