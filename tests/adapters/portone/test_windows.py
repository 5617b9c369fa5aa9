from __future__ import annotations

import itertools

import pytest

from recon_app.adapters.portone.paging import DAY, Window, windows


def test_windows_cover_range_without_gaps_or_overlap():
    spans = windows(1000, 1000 + 200 * DAY, 90)
    assert spans[0].start == 1000 and spans[-1].end == 1000 + 200 * DAY
    for a, b in itertools.pairwise(spans):
        assert b.start == a.end + 1
    assert all(w.end - w.start + 1 <= 90 * DAY for w in spans)
    assert len(spans) == 3


def test_single_second_and_empty():
    assert windows(5, 5) == [Window(5, 5)]
    assert windows(6, 5) == []


@pytest.mark.parametrize("days", [0, 91, -1])
def test_window_size_is_bounded(days):
    with pytest.raises(ValueError):
        windows(0, 10, days)
