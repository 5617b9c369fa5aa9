"""Money is integer KRW; rates are exact fractions; rounding happens here and only here.

KRW has no minor unit (ISO 4217 exponent 0), so every amount is a Python ``int`` (or an int64
numpy column in bulk paths). A rate such as ``Decimal("0.032")`` is turned into the exact fraction
4/125 and applied with integer arithmetic, so the scalar and the vectorised paths give the same
answer to the won.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import NewType, TypeVar

import numpy as np
import numpy.typing as npt

Won = NewType("Won", int)

#: Whole won, at most 15 digits (far above any order or fee, far below int64 overflow).
MAX_WON_DIGITS = 15
#: What a written won amount may look like, everywhere the app reads one (order exports, fee
#: rules, the fee dialog): a sign before or after the currency sign, ₩ / the full-width ￦ that
#: CP949 files use / KRW, thousands commas, a trailing ".0" (Excel float text), a trailing 원.
#: The order importer applies it to whole columns (adapters/orders/values.py).
WON_TEXT = (
    r"^\s*(?P<s1>-)?\s*(?:[₩￦]|KRW)?\s*(?P<s2>-)?\s*"
    r"(?P<digits>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.0*)?\s*(?:원|KRW)?\s*$"
)
_WON = re.compile(WON_TEXT)


def parse_won(text: str, *, allow_negative: bool = False) -> int:
    """One written won amount (``WON_TEXT``) → int; ValueError naming the text otherwise."""
    m = _WON.match(str(text))
    negative = m is not None and (m.group("s1") is not None or m.group("s2") is not None)
    digits = m.group("digits").replace(",", "") if m else ""
    if (
        m is None
        or len(digits) > MAX_WON_DIGITS
        or (m.group("s1") and m.group("s2"))
        or (negative and not allow_negative)
    ):
        kind = "원 단위 정수" if allow_negative else "0 이상의 원 단위 정수"
        raise ValueError(f"'{text}'은(는) {kind}가 아닙니다 (예: 12,000)")
    return -int(digits) if negative else int(digits)


#: Works on ``int`` and on integer numpy arrays alike: ``*``, ``//`` and ``+`` are elementwise.
IntLike = TypeVar("IntLike", int, npt.NDArray[np.int64])


class Rounding(str, Enum):
    """How a fractional won becomes whole. Configured once per fee schedule."""

    HALF_UP = "half_up"  # .5 goes up (toward +inf); what Korean PGs print on fee statements
    FLOOR = "floor"  # truncate toward -inf

    @classmethod
    def parse(cls, text: str) -> Rounding:
        try:
            return cls(str(text).strip().lower())
        except ValueError:
            allowed = ", ".join(r.value for r in cls)
            raise ValueError(f"알 수 없는 반올림 방식 '{text}' (가능한 값: {allowed})") from None


def parse_rate(value: object) -> Decimal:
    """Read a rate through its decimal text ("0.032", 0.032 or 3) — never through binary float.

    A float from TOML is converted with ``repr`` (shortest round-trip text), so ``0.032`` means
    exactly 0.032, not 0.03200000000000000066….
    """
    if isinstance(value, bool):
        raise ValueError(f"요율은 숫자여야 합니다: {value!r}")
    text = repr(value) if isinstance(value, float) else str(value).strip()
    try:
        rate = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"요율 '{value}'을(를) 숫자로 읽을 수 없습니다 (예: \"0.032\")") from None
    if not rate.is_finite() or rate < 0 or rate > 1:
        raise ValueError(f"요율 '{value}'은(는) 0 이상 1 이하여야 합니다 (3.2%는 \"0.032\")")
    return rate


def rate_fraction(rate: Decimal) -> tuple[int, int]:
    """Exact (numerator, denominator) of a Decimal rate, denominator > 0."""
    num, den = rate.as_integer_ratio()
    return num, den


def divide_rounded(numerator: IntLike, denominator: int, rounding: Rounding) -> IntLike:
    """``numerator / denominator`` rounded to a whole won — THE rounding rule of the app.

    ``numerator`` may be an ``int`` or an integer numpy array; ``denominator`` is a positive int.
    """
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    if rounding is Rounding.FLOOR:
        return numerator // denominator
    # half up: floor(n/d + 1/2) = floor((2n + d) / 2d)
    return (numerator * 2 + denominator) // (denominator * 2)


def apply_rate(amount: IntLike, rate: Decimal, rounding: Rounding) -> IntLike:
    """``amount × rate`` rounded per ``rounding``; exact for ints and int64 arrays."""
    num, den = rate_fraction(rate)
    return divide_rounded(amount * num, den, rounding)


#: ISO 4217 minor-unit exponents of the currencies a payment may carry. KRW, JPY and VND have
#: no minor unit; the others count cents. An amount of another currency is stored as an int of
#: its minor unit (12.50 USD → 1250) and is never a number of won.
CURRENCY_EXPONENTS = {
    "KRW": 0,
    "JPY": 0,
    "VND": 0,
    "USD": 2,
    "EUR": 2,
    "CNY": 2,
    "GBP": 2,
    "HKD": 2,
    "SGD": 2,
    "AUD": 2,
    "CAD": 2,
    "TWD": 2,
    "THB": 2,
    "PHP": 2,
    "MYR": 2,
}
#: What a currency missing from the table is taken to have (most currencies have cents).
DEFAULT_EXPONENT = 2


def currency_exponent(currency: str) -> int:
    return CURRENCY_EXPONENTS.get(currency, DEFAULT_EXPONENT)
