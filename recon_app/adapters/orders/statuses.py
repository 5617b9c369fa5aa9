"""Shop status words → the four order statuses reconciliation knows.

Each platform's full vocabulary is listed below, with where it comes from (docs/order-exports.md
has the sources and the reasoning). Words are compared after ``normalize_word`` (no spaces,
case-folded, one kind of dash), so "상품 준비중" meets "상품준비중" and "입금전 취소 - 관리자" meets
"입금전취소-관리자". A word with a suffix we do not list ("입금전취소-자동취소2") falls back to the
part before the dash or bracket ("입금전취소").

What a word means for the money, not for the parcel, decides its status:

* a cancellation/return *requested* or *refused* leaves the money where it was → ``paid``;
* a cancellation/return the shop has *accepted or completed* means the shop owes the money back,
  refunded yet or not ("취소완료 - 환불전") → ``cancelled`` (reconciliation then shows a refund that
  the PG has not made as refund_missing, which is what the user must chase);
* an exchange keeps the money → ``paid``; an exchange that refunded a difference is left unknown
  (the user says which it was).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

PAID = "paid"
AWAITING_PAYMENT = "awaiting_payment"
CANCELLED = "cancelled"
PARTIALLY_REFUNDED = "partially_refunded"
STATUSES = (PAID, AWAITING_PAYMENT, CANCELLED, PARTIALLY_REFUNDED)

#: How the statuses are named to the user.
STATUS_LABELS = {
    PAID: "결제",
    AWAITING_PAYMENT: "입금대기",
    CANCELLED: "취소",
    PARTIALLY_REFUNDED: "부분환불",
}

# -- generic words (this app's own fixtures, hand-made exports) -------------------------------
_GENERIC = {
    PAID: ("결제완료", "입금확인", "입금완료", "배송준비중", "배송대기", "배송중", "배송완료",
           "구매확정", "거래종료", "발송대기", "발송완료", "거래완료", "주문완료"),
    AWAITING_PAYMENT: ("입금전", "입금대기", "결제대기", "미입금", "입금확인중"),
    CANCELLED: ("주문취소", "취소", "취소완료", "입금전취소", "환불완료", "반품완료", "거래취소",
                "결제취소", "전체취소", "전체환불"),
    PARTIALLY_REFUNDED: ("부분환불", "부분취소", "부분환불완료", "부분취소완료"),
}  # fmt: skip

# -- Naver SmartStore: 주문상태 and 주문세부상태 of 발주발송관리 / 전체주문조회 -----------------------
# productOrderStatus and claimStatus of the Naver Commerce API (the export prints their Korean
# descriptions), see docs/order-exports.md.
_SMARTSTORE = {
    PAID: ("결제완료", "신규주문", "발주확인", "발송대기", "배송중", "배송완료", "구매확정",
           "교환", "취소요청", "취소철회", "반품요청", "반품철회", "수거중", "수거처리중", "수거완료",
           "반품보류", "교환요청", "교환보류", "교환철회", "교환완료", "교환재배송중", "수거처리완료",
           "구매확정보류", "구매확정요청", "배송지연", "발송지연", "직권취소철회"),
    AWAITING_PAYMENT: ("결제대기", "입금대기"),
    CANCELLED: ("취소", "취소완료", "취소처리중", "취소처리완료", "반품", "반품완료", "반품처리완료",
                "미결제취소", "직권취소", "직권취소중", "직권취소완료"),
}  # fmt: skip

# -- Cafe24: order_status codes N00…E40 as the admin prints them ------------------------------
_CAFE24 = {
    PAID: ("상품준비중", "배송준비중", "배송대기", "배송보류", "배송중", "배송완료", "구매확정",
           "취소신청", "취소접수-관리자", "취소접수거부-관리자", "반품신청", "반품접수", "반품접수거부",
           "반품보류", "반품접수-수거완료(자동)", "반품수거완료", "반품처리중-수거전",
           "반품처리중-수거완료", "교환신청", "교환접수", "교환접수-교환상품", "교환접수거부",
           "교환보류", "교환접수-수거완료(자동)", "교환준비", "교환처리중-수거전",
           "교환처리중-수거완료", "교환처리중-입금전", "교환처리중-입금완료", "교환완료",
           "교환접수-카드결제대기"),
    AWAITING_PAYMENT: ("입금전", "입금전-카드결제대기"),
    CANCELLED: ("취소처리중-환불전", "취소처리중-환불완료", "취소처리중-환불보류", "취소완료",
                "취소완료-환불전", "취소완료-환불요청중", "취소완료-환불보류", "입금전취소-구매자",
                "입금전취소-고객", "입금전취소-자동취소", "입금전취소-관리자", "반품처리중-환불전",
                "반품처리중-환불보류", "반품완료-환불완료", "반품완료-환불전", "반품완료-환불요청중",
                "반품완료-환불보류"),
}  # fmt: skip

# -- NHN Godomall5: 주문상태 (order status codes o1…r3 and their admin titles) -------------------
# Bundle/Controller/Admin/Policy/OrderStatusController.php of Godomall5 (docs/order-exports.md).
# PG확인요망 (f4) is left out on purpose: whether money was taken is exactly what is unknown.
_GODOMALL = {
    PAID: ("결제완료", "상품준비중", "구매발주", "상품입고", "상품출고", "배송중", "배송완료",
           "구매확정", "고객취소요청", "반품접수", "반송중", "반품보류", "반품회수완료", "교환접수",
           "재배송중", "교환보류", "교환완료", "환불접수", "환불보류"),
    AWAITING_PAYMENT: ("입금대기", "결제시도"),
    CANCELLED: ("자동취소", "품절취소", "관리자취소", "고객결제중단", "결제실패", "환불완료"),
}  # fmt: skip

# -- Shopify: financial_status (orders_export.csv "Financial Status") --------------------------
_SHOPIFY = {
    PAID: ("paid", "authorized", "fulfilled"),
    AWAITING_PAYMENT: ("pending", "partially_paid", "partiallypaid", "unpaid"),
    CANCELLED: ("refunded", "voided", "cancelled", "canceled", "expired"),
    PARTIALLY_REFUNDED: ("partially_refunded", "partiallyrefunded"),
}

# -- imweb: 주문상태 of the '기본 양식' order export --------------------------------------------
# Seen in public imweb export parsers (docs/order-exports.md): 거래종료, 거래취소, 결제대기.
_IMWEB = {
    PAID: ("거래종료",),
    AWAITING_PAYMENT: ("결제대기",),
    CANCELLED: ("거래취소",),
}

VOCABULARIES: dict[str, dict[str, tuple[str, ...]]] = {
    "generic": _GENERIC,
    "smartstore": _SMARTSTORE,
    "cafe24": _CAFE24,
    "godomall": _GODOMALL,
    "shopify": _SHOPIFY,
    "imweb": _IMWEB,
}

_DASHES = re.compile(r"[‐‑‒–—―－~]")


def normalize_word(text: str) -> str:
    """How status words (and header names) are compared: no spaces, case-folded, one dash."""
    return _DASHES.sub("-", "".join(str(text).split()).casefold())


def _builtin() -> dict[str, str]:
    table: dict[str, str] = {}
    for vocab in VOCABULARIES.values():
        for status, words in vocab.items():
            for word in words:
                key = normalize_word(word)
                known = table.setdefault(key, status)
                # One word, one meaning across platforms (checked by a test as well).
                assert known == status, f"{word}: {known} vs {status}"
    return table


BUILTIN_STATUS = _builtin()
_SUFFIX = re.compile(r"^(.+?)\s*(?:-|\(|\[).*$")


def status_table(extra: Mapping[str, str]) -> dict[str, str]:
    """Built-in words plus the user's ``--status-map`` (which wins)."""
    table = dict(BUILTIN_STATUS)
    table.update({normalize_word(k): v for k, v in extra.items()})
    return table


def lookup(word: str, table: Mapping[str, str]) -> str | None:
    key = normalize_word(word)
    found = table.get(key)
    if found is None:
        base = _SUFFIX.match(key)
        if base:
            found = table.get(base.group(1))
    return found


def map_statuses(texts: pd.Series, table: Mapping[str, str]) -> tuple[np.ndarray, np.ndarray]:
    """Column of status words → (object array of canonical statuses, unknown mask).

    A million cells hold a dozen distinct words, so we map the distinct words only.
    """
    codes, uniques = pd.factorize(texts)
    mapped = np.array([lookup(str(u), table) for u in uniques] + [None], dtype=object)
    out = mapped[codes]  # code -1 (missing) picks the trailing None
    return out, pd.isna(out) if len(out) else np.zeros(0, dtype=bool)


_REQUEST = ("요청", "신청", "접수", "철회", "거부", "보류", "request")


def suggest_status(word: str) -> str | None:
    """What an unknown word most likely means, or None when its meaning is not clear.

    Only a suggestion we can defend is made: a cancellation word is never suggested as paid,
    and a word that only *asks* for a cancellation gets no suggestion (the user decides).
    """
    key = normalize_word(word)
    refund_word = any(w in key for w in ("취소", "반품", "환불", "cancel", "refund", "void"))
    if refund_word:
        if "교환" in key or "exchange" in key or any(w in key for w in _REQUEST):
            return None
        if "부분" in key or "partial" in key:
            return PARTIALLY_REFUNDED
        return CANCELLED
    if any(w in key for w in ("입금전", "입금대기", "결제대기", "미입금", "대기", "pending")):
        return AWAITING_PAYMENT
    if any(w in key for w in ("배송", "발송", "구매확정", "결제완료", "입금완료", "준비", "paid")):
        return PAID
    return None


def unknown_status_message(word: str) -> str:
    """The row problem for an unknown status word: a right suggestion, or the choices."""
    shown = word[:40]
    choices = ", ".join(f"{s}({STATUS_LABELS[s]})" for s in STATUSES)
    suggestion = suggest_status(word)
    if suggestion is None:
        return (
            f"알 수 없는 주문상태 '{shown}'입니다 → 이 상태가 돈에 대해 뜻하는 바를 "
            f"--status-map '{shown}=상태' 로 지정하세요. 상태: {choices}."
        )
    return (
        f"알 수 없는 주문상태 '{shown}'입니다 → 뜻이 '{STATUS_LABELS[suggestion]}'이면 "
        f"--status-map '{shown}={suggestion}' 처럼 지정하세요 (상태: {choices})."
    )
