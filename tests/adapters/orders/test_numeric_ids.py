"""Order numbers stored as number cells in a real xlsx read back as the text Excel shows."""

from __future__ import annotations

import io
from pathlib import Path

import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recon_app.adapters.orders.parsing import parse_orders
from recon_app.adapters.orders.reading import read_grid

HEADER = ["주문번호", "주문일시", "결제금액", "주문상태"]


def workbook(ids: list[tuple[int, int | None]]) -> bytes:
    """One order per id; width = zero-padding number format ("0" × width) or None (General)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("주문")
    formats: dict[int, object] = {}
    ws.write_row(0, 0, HEADER)
    for r, (value, width) in enumerate(ids, start=1):
        if width is None:
            ws.write_number(r, 0, value)
        else:
            fmt = formats.setdefault(width, wb.add_format({"num_format": "0" * width}))
            ws.write_number(r, 0, value, fmt)
        ws.write_string(r, 1, "2026-10-01 10:00:00")
        ws.write_number(r, 2, 1000)
        ws.write_string(r, 3, "결제완료")
    wb.close()
    return buf.getvalue()


def read_ids(tmp_path: Path, data: bytes) -> tuple[list[str], list[str]]:
    path = tmp_path / "ids.xlsx"
    path.write_bytes(data)
    parsed = parse_orders(path.name, read_grid(path, data))
    assert parsed.problems == []
    return list(parsed.orders["order_id"]), parsed.warnings


def displayed(value: int, width: int | None) -> str:
    """What Excel shows for a whole number with a General or all-zeros format."""
    return str(value) if width is None else str(value).zfill(width)


def _shown(cell: tuple[int, int | None]) -> str:
    return displayed(cell[0], cell[1])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.one_of(
                st.integers(min_value=0, max_value=10**8),
                st.integers(min_value=10**15, max_value=2**53),  # 16-digit ids
            ),
            st.one_of(st.none(), st.integers(min_value=2, max_value=12)),
        ),
        min_size=1,
        max_size=8,
        unique_by=_shown,
    )
)
def test_numeric_id_cells_round_trip_as_displayed_text(
    tmp_path: Path, ids: list[tuple[int, int | None]]
) -> None:
    got, warnings = read_ids(tmp_path, workbook(ids))
    assert got == [displayed(v, w) for v, w in ids]
    assert len(warnings) == 1 and "'주문번호' 열의 주문번호가 숫자 셀로 저장되어" in warnings[0]


def test_the_two_cases_of_the_issue(tmp_path: Path) -> None:
    got, warnings = read_ids(tmp_path, workbook([(2309151455000001, None), (901, 8)]))
    assert got == ["2309151455000001", "00000901"]
    assert "1개는 16자리 이상" in warnings[0]


def test_text_ids_give_no_warning(tmp_path: Path) -> None:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    ws.write_row(0, 0, HEADER)
    ws.write_row(1, 0, ["00000901", "2026-10-01 10:00:00", "1000", "결제완료"])
    wb.close()
    got, warnings = read_ids(tmp_path, buf.getvalue())
    assert got == ["00000901"] and warnings == []
