"""The column-wise XLSX cell conversion gives exactly the text ``cell_text`` gives cell by cell.

``_rows_to_text`` converts whole columns with numpy for speed; ``cell_text`` is the one-cell rule
(and what every other test pins down). Mixed columns of every kind calamine returns, including
the awkward values (NaN, ±inf, -0.0, 1e15, fractions, microseconds that round up a second, aware
datetimes, years before 1000), must come out the same either way.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from recon_app.adapters.orders.reading import _rows_to_text, cell_text

CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e16, max_value=1e16).map(float),
    st.integers(min_value=-(10**16), max_value=10**16).map(float),
    st.sampled_from([0.0, -0.0, 1e15, -1e15, 999_999_999_999_999.0, 0.5, 46296.57291666667]),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 30)),
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=9))]),
    ),
    st.dates(),
    st.times(),
    st.timedeltas(min_value=timedelta(days=-3), max_value=timedelta(days=3)),
    st.text(max_size=5),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=0, max_size=4), min_size=1, max_size=30))
def test_bulk_conversion_equals_cell_text(rows: list[list[object]]) -> None:
    frame = _rows_to_text(rows)
    width = max(len(r) for r in rows)
    expected = [[cell_text(r[j]) if j < len(r) else "" for j in range(width)] for r in rows]
    if width == 0:
        assert frame.empty
        return
    assert frame.shape == (len(rows), width)
    assert list(frame.index) == list(range(len(rows)))
    assert list(frame.columns) == list(range(width))
    assert all(frame[c].dtype == object for c in frame.columns)
    got = [list(r) for r in frame.itertuples(index=False, name=None)]
    assert got == expected
    assert all(type(v) is str for r in got for v in r)


def test_whole_columns_of_each_kind() -> None:
    rows = [
        [
            70200.0,
            datetime(2026, 10, 1, 13, 45, 0, 600_000),
            date(2026, 10, 1),
            True,
            12,
            None,
            "x",
        ],
        [-0.0, datetime(2026, 10, 1, 23, 59, 59, 500_000), date(1999, 12, 31), False, -3, None, ""],
        [
            12000.5,
            datetime(2026, 10, 2, 0, 0, 0, 499_999),
            date(2099, 1, 1),
            True,
            10**18,
            None,
            "y",
        ],
    ]
    frame = _rows_to_text(rows)
    assert frame.values.tolist() == [
        ["70200", "2026-10-01 13:45:01", "2026-10-01", "TRUE", "12", "", "x"],
        ["0", "2026-10-02 00:00:00", "1999-12-31", "FALSE", "-3", "", ""],
        ["12000.5", "2026-10-02 00:00:00", "2099-01-01", "TRUE", str(10**18), "", "y"],
    ]
