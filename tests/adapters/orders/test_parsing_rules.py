"""Header aliases and detection, folding, status and refund rules, row problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import as_dict, parse_text

from recon_app.adapters.orders.headers import ALIASES, REQUIRED, map_columns
from recon_app.domain.errors import InputError

BASE = {
    "order_id": "주문번호",
    "ordered_at": "주문일시",
    "amount": "결제금액",
    "status": "주문상태",
}
ROW = {
    "order_id": "A-1",
    "ordered_at": "2026-10-01 13:45:00",
    "amount": "1000",
    "status": "결제완료",
    "refunded_amount": "0",
    "pay_method": "카드",
    "buyer_name": "홍길동",
    "line_amount": "1000",
    "status_detail": "배송중",
    "pay_state": "결제완료",
    "cancel_kind": "",
}


@pytest.mark.parametrize(
    ("field", "alias"), [(f, a) for f, names in ALIASES.items() for a in names]
)
def test_every_alias_maps(tmp_path: Path, field: str, alias: str) -> None:
    headers = dict(BASE, **{field: alias})
    if field == "refunded_amount":
        headers = dict(BASE, refunded_amount=alias)
    cols = list(headers)
    text = ",".join(headers[c] for c in cols) + "\n" + ",".join(ROW[c] for c in cols) + "\n"
    parsed = parse_text(tmp_path, text)
    assert parsed.mapping.header_of(field) == alias
    assert parsed.problems == [] and len(parsed.orders) == 1


def test_headers_match_without_spaces_and_case() -> None:
    mapping = map_columns([" 주 문 번 호 ", "ORDERED_AT", "총결제금액", "STATUS"])
    assert mapping.problems == []
    assert [mapping.columns[f] for f in REQUIRED] == [0, 1, 2, 3]


def test_header_below_title_block(tmp_path: Path) -> None:
    text = (
        "2026년 10월 주문 내역\n※ 취급 주의\n\n기간,2026-10-01,~,2026-10-31\n"
        "주문번호,주문일시,결제금액,주문상태\nA-1,2026-10-01 13:45,1000,결제완료\n"
    )
    parsed = parse_text(tmp_path, text)
    assert parsed.mapping.header_row == 5
    assert list(parsed.orders["row"]) == [6]


def test_header_beyond_first_ten_rows_is_not_found(tmp_path: Path) -> None:
    text = (
        "제목\n" * 10 + "주문번호,주문일시,결제금액,주문상태\nA-1,2026-10-01 13:45,1000,결제완료\n"
    )
    with pytest.raises(InputError, match="처음 10행"):
        parse_text(tmp_path, text)


def test_missing_required_column_names_it_and_lists_headers(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        parse_text(tmp_path, "주문번호,주문일시,주문상태,메모\nA-1,2026-10-01 13:45,결제완료,x\n")
    text = str(err.value)
    assert "결제금액(amount)" in text and "'주문번호', '주문일시', '주문상태', '메모'" in text


def test_two_columns_for_one_field_names_both(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        parse_text(
            tmp_path, "주문번호,주문일시,결제금액,실결제금액,주문상태\nA,2026-10-01,1,1,결제완료\n"
        )
    assert "'결제금액'(C열)" in str(err.value) and "'실결제금액'(D열)" in str(err.value)


def test_two_order_date_columns_are_ambiguous_but_payment_date_yields(tmp_path: Path) -> None:
    ok = "주문번호,결제일시,주문일,결제금액,주문상태\nA,2026-10-02 10:00,2026-10-01,1,결제완료\n"
    assert parse_text(tmp_path, ok).mapping.header_of("ordered_at") == "주문일"
    bad = "주문번호,주문일시,주문일,결제금액,주문상태\nA,2026-10-02 10:00,2026-10-01,1,결제완료\n"
    with pytest.raises(InputError, match="'주문일시'\\(B열\\), '주문일'\\(C열\\)"):
        parse_text(tmp_path, bad)


def test_column_map_override(tmp_path: Path) -> None:
    text = "번호,일시,금액,상태\nA-1,2026-10-01 13:45,1000,결제완료\n"
    parsed = parse_text(
        tmp_path,
        text,
        column_map={"order_id": "번호", "ordered_at": "일시", "amount": "금액", "status": "상태"},
    )
    assert list(parsed.orders["order_id"]) == ["A-1"]


HEAD = "주문번호,주문일시,결제금액,주문상태,환불금액\n"


def test_multi_row_orders_fold_when_they_agree(tmp_path: Path) -> None:
    text = (
        HEAD
        + "A,2026-10-01 10:00,5000,결제완료,\nA,2026-10-01 10:00,5000,결제완료,\nB,2026-10-01 11:00,1,결제완료,\n"
    )
    parsed = parse_text(tmp_path, text)
    assert parsed.rows_read == 3 and parsed.rows_folded == 1 and len(parsed.orders) == 2


def test_multi_row_orders_that_disagree_name_their_rows(tmp_path: Path) -> None:
    text = (
        HEAD
        + "A,2026-10-01 10:00,5000,결제완료,\nB,2026-10-01 11:00,1,결제완료,\nA,2026-10-01 10:00,6000,결제완료,\n"
    )
    parsed = parse_text(tmp_path, text)
    assert [p.row for p in parsed.problems] == [2, 4]
    assert "2, 4행" in parsed.problems[0].message and "결제금액" in parsed.problems[0].message
    assert list(parsed.orders["order_id"]) == ["B"]


def test_unknown_status_names_word_and_status_map_fixes_it(tmp_path: Path) -> None:
    text = HEAD + "A,2026-10-01 10:00,5000,정산보류,\n"
    parsed = parse_text(tmp_path, text)
    assert len(parsed.problems) == 1 and "'정산보류'" in parsed.problems[0].message
    assert "--status-map" in parsed.problems[0].message
    fixed = parse_text(tmp_path, text, status_map={"정산 보류": "paid"})
    assert fixed.problems == [] and list(fixed.orders["status"]) == ["paid"]


def test_bad_status_map_target(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="'shipped'"):
        parse_text(tmp_path, HEAD + "A,2026-10-01 10:00,5000,x,\n", status_map={"x": "shipped"})


@pytest.mark.parametrize(
    ("status", "refund", "expected_refund", "problem"),
    [
        ("주문취소", "", None, None),  # cancelled without refund: NULL = fully refunded
        ("주문취소", "5,000", 5000, None),
        ("부분환불", "-2,000", 2000, None),  # signed refund = refund of its absolute value
        ("부분환불", "", None, "부분환불"),
        ("부분환불", "0", None, "부분환불"),
        ("결제완료", "6,000", None, "결제금액보다 큽니다"),
        ("결제완료", "x", None, "환불금액으로 읽을 수 없습니다"),
    ],
)
def test_refund_rules(
    tmp_path: Path, status: str, refund: str, expected_refund: int | None, problem: str | None
) -> None:
    parsed = parse_text(tmp_path, HEAD + f'A,2026-10-01 10:00,5000,{status},"{refund}"\n')
    if problem is None:
        assert parsed.problems == []
        assert as_dict(parsed)["A"][3] == expected_refund
    else:
        assert len(parsed.problems) == 1 and problem in parsed.problems[0].message


def test_row_problems_name_row_column_value(tmp_path: Path) -> None:
    text = HEAD + (
        'A,2026-10-01 10:00,-5000,결제완료,\nB,,100,결제완료,\nC,2026-10-01 10:00,=HYPERLINK("x"),결제완료,\n'
        '=HYPERLINK("y"),2026-10-01 10:00,100,결제완료,\n'
    )
    parsed = parse_text(tmp_path, text)
    got = [(p.row, p.column, p.value) for p in parsed.problems]
    assert got == [
        (2, "결제금액", "-5000"),
        (3, "주문일시", None),
        (4, "결제금액", '=HYPERLINK("x")'),
    ]
    # a formula-looking order number is just text
    assert list(parsed.orders["order_id"]) == ['=HYPERLINK("y")']


def test_only_headers_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="머리글\\(1행\\)만 있고"):
        parse_text(tmp_path, HEAD + ",,,,\n\n")
