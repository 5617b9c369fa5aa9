"""domain/display.py: how amounts and counts read for people (hand-written expectations)."""

from __future__ import annotations

import numpy as np

from recon_app.domain.display import format_count, format_won


def test_amounts_get_a_thousands_separator_and_keep_their_sign() -> None:
    assert format_won(0) == "0"
    assert format_won(999) == "999"
    assert format_won(1_000) == "1,000"
    assert format_won(1_234_567) == "1,234,567"
    assert format_won(-1_234) == "-1,234"
    assert format_won(999_999_999_999_999) == "999,999,999,999,999"  # the 15-digit limit


def test_numpy_integers_format_like_python_ints() -> None:
    assert format_won(np.int64(8_704_800)) == "8,704,800"
    assert format_count(np.int32(12_345)) == "12,345"
    assert format_count(7) == "7"
