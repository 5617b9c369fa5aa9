"""Status words of the real exports, and the hint for a word we do not know."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import parse_text
from hypothesis import given
from hypothesis import strategies as st

from recon_app.adapters.orders.statuses import (
    BUILTIN_STATUS,
    VOCABULARIES,
    lookup,
    suggest_status,
    unknown_status_message,
)


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("상품준비중", "paid"),  # Cafe24 N10, Godomall g1
        ("상품 준비중", "paid"),
        ("배송 완료", "paid"),
        ("입금전", "awaiting_payment"),
        ("입금전 취소 - 관리자", "cancelled"),  # Cafe24 C49 as the admin prints it
        ("입금전 취소 - 고객", "cancelled"),
        ("입금전취소 – 구매자", "cancelled"),  # en dash
        ("입금전 취소 - 자동취소2", "cancelled"),  # unknown suffix: the word before the dash
        ("취소 완료 - 환불전", "cancelled"),  # the shop owes the refund
        ("취소신청", "paid"),  # only asked: the money has not moved
        ("취소", "cancelled"),  # SmartStore 주문상태
        ("반품", "cancelled"),
        ("미결제취소", "cancelled"),
        ("취소요청", "paid"),  # SmartStore 주문세부상태
        ("수거완료", "paid"),
        ("반품완료", "cancelled"),
        ("결제대기", "awaiting_payment"),
        ("입금대기", "awaiting_payment"),  # Godomall o1
        ("환불완료", "cancelled"),  # Godomall r3
        ("Partially_Refunded", "partially_refunded"),  # Shopify financial_status
        ("partially_paid", "awaiting_payment"),
        ("authorized", "paid"),
        ("voided", "cancelled"),
        ("refunded", "cancelled"),
        ("pending", "awaiting_payment"),
    ],
)
def test_platform_words(word: str, status: str) -> None:
    assert lookup(word, BUILTIN_STATUS) == status


def test_an_exchange_that_refunded_is_left_to_the_user() -> None:
    assert lookup("교환처리중 - 환불완료", BUILTIN_STATUS) is None
    assert suggest_status("교환처리중 - 환불완료") is None


def test_every_vocabulary_word_is_known() -> None:
    for vocab in VOCABULARIES.values():
        for status, words in vocab.items():
            for word in words:
                assert lookup(word, BUILTIN_STATUS) == status, word


@pytest.mark.parametrize(
    ("word", "suggested"),
    [
        ("취소됨", "cancelled"),
        ("반품처리됨", "cancelled"),
        ("환불 처리", "cancelled"),
        ("부분 취소됨", "partially_refunded"),
        ("입금 대기중", "awaiting_payment"),
        ("해외배송중", "paid"),
        ("취소 신청됨", None),  # a request: the user decides
        ("정산보류", None),
    ],
)
def test_suggestion_follows_the_meaning(word: str, suggested: str | None) -> None:
    assert suggest_status(word) == suggested
    message = unknown_status_message(word)
    if suggested is None:
        assert "=상태'" in message and "=paid'" not in message
    else:
        assert f"--status-map '{word}={suggested}'" in message


@given(
    st.text(max_size=6),
    st.sampled_from(["취소", "반품", "환불", "cancel", "refund"]),
    st.text(max_size=6),
)
def test_a_cancellation_word_is_never_suggested_as_paid(a: str, word: str, b: str) -> None:
    assert suggest_status(a + word + b) != "paid"
    assert "=paid'" not in unknown_status_message(a + word + b)


def test_unknown_word_hint_in_an_import(tmp_path: Path) -> None:
    text = "주문번호,주문일시,결제금액,주문상태\nA,2026-10-01 10:00,5000,취소됨\n"
    parsed = parse_text(tmp_path, text)
    assert "--status-map '취소됨=cancelled'" in parsed.problems[0].message


def test_a_wrong_status_map_target_gets_a_right_example_or_none() -> None:
    from recon_app.adapters.orders.parsing import check_status_map
    from recon_app.domain.errors import InputError

    with pytest.raises(InputError) as err:
        check_status_map({"취소": "canceled"})
    assert "--status-map '취소=cancelled'" in err.value.hint and "=paid" not in err.value.hint
    with pytest.raises(InputError) as err:
        check_status_map({"정산보류": "hold"})
    assert "예:" not in err.value.hint
