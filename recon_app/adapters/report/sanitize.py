"""Text that leaves the app: formula-injection guards, display widths, masking names.

Buyer names, product names and reasons come from shop exports and the PG API — text anyone can
type. A spreadsheet turns a cell starting with ``= + - @`` (or tab/CR) into a formula, so:
xlsx cells are always written as strings (never parsed), and CSV cells get the OWASP prefix ``'``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import numpy as np

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def csv_safe(value: object) -> object:
    """A CSV cell value: text that a spreadsheet would run gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_safe_column(values: np.ndarray) -> np.ndarray:
    """``csv_safe`` over an object column; only risky cells are touched."""
    out = np.asarray(values, dtype=object).copy()
    for i, v in enumerate(out):
        if isinstance(v, str) and v[:1] in "=+-@\t\r" and v:
            out[i] = "'" + v
    return out


def display_width(text: str) -> int:
    """Columns a string takes in a spreadsheet: East Asian wide/full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def max_display_width(values: Iterable[object], *, cap: int = 60) -> int:
    """The widest distinct value's display width (capped). ASCII text — order ids, imp_uids —
    takes the C fast path ``len``; only non-ASCII text is measured character by character."""
    best = 0
    for text in set(values):
        if text.__class__ is not str or 2 * len(text) <= best:  # type: ignore[union-attr]
            continue
        width = len(text) if text.isascii() else display_width(text)  # type: ignore[union-attr]
        if width > best:
            best = width
            if best >= cap:
                break
    return min(best, cap)


def mask_name(name: object) -> object:
    """홍길동 → 홍*동, 김철 → 김*, 남궁민수 → 남**수; non-text passes through."""
    if not isinstance(name, str):
        return name
    text = name.strip()
    if len(text) <= 1:
        return "*" if text else text
    if len(text) == 2:
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]


def mask_names(values: np.ndarray) -> np.ndarray:
    """``mask_name`` per distinct name (names repeat), as an object array."""
    arr = np.asarray(values, dtype=object)
    cache: dict[object, object] = {}
    out = np.empty(len(arr), dtype=object)
    for i, v in enumerate(arr):
        m = cache.get(v)
        if m is None:
            m = cache[v] = mask_name(v)
        out[i] = m
    return out
