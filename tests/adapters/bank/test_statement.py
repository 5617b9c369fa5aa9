"""Bank statements of eight banks' layouts read into the same transactions (issue 13), and bad
files refused with file, row, column and value."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from bank_files import BANKS, PASSWORD, TRANSACTIONS, kakao_xlsx, shinhan_csv

from recon_app.adapters.bank.statement import mask_account, read_statement
from recon_app.adapters.orders.reading import PasswordRequired, WrongPassword
from recon_app.domain.errors import InputError
from recon_app.domain.timeutil import KST

MASKED = {
    "KB국민": "***-**-***9012",
    "신한": "***-***-**6789",
    "우리": "****-***-**6789",
    "하나": "***-******-*1234",
    "NH농협": "***-****-**78-91",
    "IBK기업": "***-******-*1-011",
    "카카오뱅크": "****-**-***5678",
    "토스뱅크": "****-****-5678",
}


def unix(when: datetime, seconds: bool) -> int:
    if not seconds:
        when = when.replace(second=0)
    return int(when.replace(tzinfo=KST).timestamp())


@pytest.mark.parametrize("bank", list(BANKS))
def test_each_banks_layout_reads_the_same_three_transactions(bank: str) -> None:
    file_name, build, password, seconds = BANKS[bank]
    statement = read_statement(Path(file_name), build(), password=password)
    tx = statement.transactions
    assert tx["occurred_at"].tolist() == [unix(t.when, seconds) for t in TRANSACTIONS]
    assert tx["deposit"].tolist() == [96_480, 0, 19_296]
    assert tx["withdrawal"].tolist() == [0, 39_000, 0]
    assert tx["balance"].tolist() == [1_096_480, 1_057_480, 1_076_776]
    assert all(t.text in text for t, text in zip(TRANSACTIONS, tx["text"]))
    assert statement.account_masked == MASKED[bank]


def test_kb_html_xls_is_read_as_a_table_not_as_csv() -> None:
    file_name, build, _, _ = BANKS["KB국민"]
    statement = read_statement(Path(file_name), build())
    assert statement.kind == "html"
    assert statement.header_row == 7  # below the six "label : value" lines
    assert statement.columns["deposit"] == ["입금액(원)"]
    assert statement.columns["withdrawal"] == ["출금액(원)"]


def test_woori_is_a_real_biff_xls() -> None:
    file_name, build, _, _ = BANKS["우리"]
    data = build()
    assert data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    assert read_statement(Path(file_name), data).kind == "xls"


def test_summary_rows_are_skipped() -> None:
    statement = read_statement(Path("s.csv"), shinhan_csv())  # ends with a 합계 row
    assert len(statement.transactions) == 3
    assert statement.rows_skipped == 1


def test_encrypted_statement_needs_the_right_password() -> None:
    data = kakao_xlsx()
    with pytest.raises(PasswordRequired):
        read_statement(Path("k.xlsx"), data)
    with pytest.raises(WrongPassword):
        read_statement(Path("k.xlsx"), data, password="wrong")
    assert len(read_statement(Path("k.xlsx"), data, password=PASSWORD).transactions) == 3


def test_bad_amount_names_file_row_column_and_value() -> None:
    data = shinhan_csv().replace("96,480".encode("cp949"), "96,48O".encode("cp949"))
    with pytest.raises(InputError) as err:
        read_statement(Path("shinhan.csv"), data)
    assert "'shinhan.csv' 5행 '입금(원)' 열의 값 '96,48O'" in str(err.value)


def test_negative_number_in_a_deposit_column_is_refused() -> None:
    data = shinhan_csv().replace(b'"96,480"', b'"-96,480"')
    with pytest.raises(InputError, match="5행 '입금\\(원\\)' 열의 값 '-96,480': 0 이상의"):
        read_statement(Path("shinhan.csv"), data)


def test_bad_date_names_the_row() -> None:
    data = shinhan_csv().replace(b"2026-11-03", b"2026-13-03")
    with pytest.raises(InputError, match="7행 '거래일자' 열의 값 '2026-13-03'"):
        read_statement(Path("shinhan.csv"), data)


def test_file_without_a_statement_header_is_refused() -> None:
    data = "주문번호,금액\nA-1,1000\n".encode()
    with pytest.raises(InputError, match="거래내역 머리글"):
        read_statement(Path("orders.csv"), data)


def test_header_below_forty_rows_is_not_searched() -> None:
    data = ("\n" * 41 + "거래일시,입금액,출금액\n2026-11-02 09:00,1000,0\n").encode()
    with pytest.raises(InputError, match="처음 40행"):
        read_statement(Path("deep.csv"), data)


def test_account_number_is_masked_but_the_last_four_digits() -> None:
    assert mask_account("110-123-456789") == "***-***-**6789"
