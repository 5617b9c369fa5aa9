"""One rule for written won amounts: the fee rules/dialog parser and the order importer agree."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recon_app.adapters.orders.values import parse_amount
from recon_app.domain.money import parse_won

WON_LIKE = st.builds(
    lambda sign, cur, digits, comma, tail: (
        sign
        + cur
        + (f"{int(digits):,}" if comma and digits.isascii() and digits.isdigit() else digits)
        + tail
    ),
    st.sampled_from(["", "-", " "]),
    st.sampled_from(["", "₩", "￦", "KRW "]),
    st.one_of(st.text("0123456789", min_size=1, max_size=18), st.text(max_size=4)),
    st.booleans(),
    st.sampled_from(["", "원", ".0", " KRW", "x"]),
)


@given(WON_LIKE)
def test_order_importer_and_scalar_rule_agree(text: str) -> None:
    try:
        expected: int | None = parse_amount(text)
    except ValueError:
        expected = None
    try:
        got: int | None = parse_won(text, allow_negative=True)
    except ValueError:
        got = None
    assert got == expected


@pytest.mark.parametrize(
    ("text", "won"), [("300", 300), ("1,000", 1000), ("₩12,000", 12000), ("12,000원", 12000)]
)
def test_fee_amounts_read_like_order_amounts(text: str, won: int) -> None:
    assert parse_won(text) == won


@pytest.mark.parametrize("text", ["-300", "3.5", "삼백", "", "1234567890123456"])
def test_fee_amounts_refuse_what_is_not_a_whole_non_negative_won(text: str) -> None:
    with pytest.raises(ValueError, match="원 단위 정수"):
        parse_won(text)
