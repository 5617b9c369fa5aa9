"""Bounds on what an order file may hold before we spend time on it (issue 17).

A 20 MiB file on one line (no header, ``;`` and ``,`` inside) once took 86 s of CPU before it
was refused: pandas made a column per comma. Now the reader refuses such a file from its head:
it reads at most ``MAX_LINE_BYTES + 1`` bytes when the first line does not end by then, a CSV
line longer than that anywhere is refused with its line number, and so is a row wider than
``MAX_SHEET_COLUMNS``. The assertions are on that mechanism (bytes read, the bounds); the wall
time is only a generous sanity guard, never a performance claim.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from recon_app.adapters.orders.reading import (
    MAX_LINE_BYTES,
    MAX_SHEET_COLUMNS,
    read_file_bytes,
    read_grid,
    read_order_bytes,
)
from recon_app.domain.errors import InputError
from recon_app.services.importing import import_orders
from recon_app.storage.db import Ledger

MIB = 1024 * 1024
HEADER = "주문번호,주문일시,결제금액,주문상태\n"
ROW = "A-1,2026-10-01 10:00:00,1000,결제완료\n"


class CountingReader(io.RawIOBase):
    """A file opened for reading that counts the bytes handed out."""

    def __init__(self, data: bytes) -> None:
        self._inner = io.BytesIO(data)
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = self._inner.readinto(buffer)
        self.read_bytes += n
        return n


def one_line_20mib() -> bytes:
    unit = b"ab;cd,ef;gh,"
    return unit * (20 * MIB // len(unit))


def test_bound_is_far_above_a_real_line_and_far_below_the_file() -> None:
    # A 72-column SmartStore row is ~2 KB; the corpus's 1M-character cell still reaches the row
    # check that names its column. 20 MiB is ten times the bound.
    assert 1_100_000 < MAX_LINE_BYTES <= 4 * MIB
    assert MAX_SHEET_COLUMNS == 2_000


def test_one_line_file_is_refused_after_reading_only_the_line_bound() -> None:
    data = one_line_20mib()
    assert b"\n" not in data and len(data) > 9 * MAX_LINE_BYTES
    stream = CountingReader(data)
    with pytest.raises(InputError) as err:
        read_order_bytes("oneline.csv", stream)
    text = str(err.value)
    assert "'oneline.csv'" in text and "줄바꿈" in text, text
    assert f"{MAX_LINE_BYTES:,}바이트" in text, text
    assert stream.read_bytes <= MAX_LINE_BYTES + 1


def test_a_normal_file_is_read_whole() -> None:
    data = (HEADER + ROW * 1000).encode()
    stream = CountingReader(data)
    assert read_order_bytes("ok.csv", stream) == data
    assert stream.read_bytes == len(data)


def test_workbook_bytes_are_not_held_to_the_line_bound(tmp_path: Path) -> None:
    """An XLSX is a zip: it has no lines, and its own bounds (inflation, dimension) apply."""
    data = b"PK\x03\x04" + b"\x01" * (MAX_LINE_BYTES + 10)
    assert read_order_bytes("book.xlsx", CountingReader(data)) == data


def test_20mib_one_line_file_is_refused_by_the_import_with_the_reason(
    ledger: Ledger, tmp_path: Path
) -> None:
    path = tmp_path / "oneline.csv"
    path.write_bytes(one_line_20mib())
    started = time.monotonic()
    with pytest.raises(InputError, match="줄바꿈"):
        import_orders(ledger, path)
    assert time.monotonic() - started < 20  # sanity guard only (was 86 s of CPU)


def test_a_long_line_further_down_is_refused_with_its_line_number(tmp_path: Path) -> None:
    data = (HEADER + ROW + "A-2," + "x" * (MAX_LINE_BYTES + 5) + "\n" + ROW).encode()
    path = tmp_path / "long.csv"
    path.write_bytes(data)
    assert read_file_bytes(path) == data  # the head is fine: the first line ends early
    with pytest.raises(InputError) as err:
        read_grid(path, data)
    text = str(err.value)
    assert "'long.csv' 3행" in text and f"{MAX_LINE_BYTES:,}바이트" in text, text


def test_a_row_wider_than_the_column_bound_is_refused(tmp_path: Path) -> None:
    wide = ",".join(f"c{i}" for i in range(MAX_SHEET_COLUMNS + 1))
    data = (wide + "\n" + HEADER + ROW).encode()
    path = tmp_path / "wide.csv"
    with pytest.raises(InputError) as err:
        read_grid(path, data)
    text = str(err.value)
    assert "'wide.csv'" in text and f"{MAX_SHEET_COLUMNS + 1:,}열" in text, text
    assert f"{MAX_SHEET_COLUMNS:,}열까지" in text, text


def test_the_column_count_comes_from_whole_lines_not_a_cut_head(tmp_path: Path) -> None:
    """A 450 KB first line (1,500 cells of 300 bytes) is wider than the old 256 KiB sniff head:
    every one of its cells must land in its own column, none taken as a row label."""
    cells = [f"{i:04d}" + "y" * 296 for i in range(1500)]
    data = (",".join(cells) + "\n" + HEADER + ROW).encode()
    grid = read_grid(tmp_path / "t.csv", data)
    assert grid.cells.shape == (3, 1500)
    assert grid.cells.iloc[0].tolist() == cells
    assert grid.cells.iloc[1, :4].tolist() == ["주문번호", "주문일시", "결제금액", "주문상태"]
