"""Sanitising, widths, masking and the generic xlsx writer (sheet split at Excel's row limit)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pytest

from recon_app.adapters.report import xlsx
from recon_app.adapters.report.atomic import write_atomic
from recon_app.adapters.report.sanitize import (
    csv_safe,
    csv_safe_column,
    display_width,
    looks_like_formula,
    mask_name,
    mask_names,
    max_display_width,
)
from recon_app.adapters.report.xlsx import Column, Sheet, Table, write_workbook


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_prefixes(text: str) -> None:
    assert looks_like_formula(text)
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["홍길동", "A-1", "", None, 5, "1+1"])
def test_safe_values_untouched(value: object) -> None:
    assert csv_safe(value) == value


def test_csv_safe_column() -> None:
    out = csv_safe_column(np.array(["=x", "ok", None, "-1", 3], dtype=object))
    assert out.tolist() == ["'=x", "ok", None, "'-1", 3]


def test_display_width_counts_wide_as_two() -> None:
    assert display_width("abc") == 3
    assert display_width("홍길동") == 6
    assert display_width("ＡＢ") == 4  # full-width
    assert max_display_width(["a", "홍길동입니다", None, 5, "abcdefgh"]) == 12
    assert max_display_width(["가" * 100]) == 60  # capped


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("홍길동", "홍*동"),
        ("김철", "김*"),
        ("남궁민수", "남**수"),
        ("이", "*"),
        ("", ""),
        (None, None),
        ("John Smith", "J********h"),
    ],
)
def test_mask_name(name: str | None, masked: str | None) -> None:
    assert mask_name(name) == masked


def test_mask_names_column() -> None:
    assert mask_names(np.array(["홍길동", None, "홍길동"], dtype=object)).tolist() == [
        "홍*동",
        None,
        "홍*동",
    ]


def test_long_table_continues_on_next_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "EXCEL_MAX_ROWS", 4)  # 3 data rows per sheet
    cols = (Column("id", "번호"), Column("amt", "금액", "money"), Column("at", "시각", "datetime"))
    data = {
        "id": [f"r{i}" for i in range(7)],
        "amt": np.arange(7, dtype=np.int64) * 1000,
        "at": np.array([0] * 7),
    }
    path = write_workbook(tmp_path / "t.xlsx", [Sheet("행", [Table(cols, data)])])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["행", "행 (2)", "행 (3)"]
    got = [r for ws in wb for r in ws.iter_rows(min_row=2, values_only=True)]
    assert [r[0] for r in got] == [f"r{i}" for i in range(7)]
    assert sum(r[1] for r in got) == 21_000
    assert all(r[2] is None for r in got)  # time 0 = not set → empty cell
    assert all(ws.freeze_panes == "A2" for ws in wb)


def test_nan_and_non_text_in_text_column(tmp_path: Path) -> None:
    cols = (Column("v", "값"),)
    path = write_workbook(
        tmp_path / "t.xlsx",
        [Sheet("s", [Table(cols, {"v": np.array([float("nan"), 12, "x"], dtype=object)})])],
    )
    ws = openpyxl.load_workbook(path)["s"]
    assert [c.value for c in ws["A"]][1:] == [None, "12", "x"]
    assert ws["A3"].data_type == "s"


def test_write_atomic_failure_removes_temp(tmp_path: Path) -> None:
    def boom(tmp: Path) -> None:
        tmp.write_text("half")
        raise RuntimeError("mid-write")

    with pytest.raises(RuntimeError):
        write_atomic(tmp_path / "x.txt", boom)
    assert list(tmp_path.iterdir()) == []
    write_atomic(tmp_path / "x.txt", lambda tmp: tmp.write_text("ok"))
    assert (tmp_path / "x.txt").read_text() == "ok" and len(list(tmp_path.iterdir())) == 1


def test_json_rows_written_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    import pandas as pd

    from recon_app.adapters.report import json_writer

    monkeypatch.setattr(json_writer, "_CHUNK", 2)
    rows = pd.DataFrame(
        {
            "a": np.arange(5, dtype=np.int64),
            "b": pd.Series(["x", None, "홍", "=1", "y"], dtype=object),
        }
    )
    path = json_writer.write_json(tmp_path / "r.json", {"month": "2026-10"}, rows, ["a", "b"])
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["month"] == "2026-10"
    assert data["rows"] == [
        {"a": 0, "b": "x"},
        {"a": 1, "b": None},
        {"a": 2, "b": "홍"},
        {"a": 3, "b": "=1"},
        {"a": 4, "b": "y"},
    ]
    empty = json_writer.write_json(tmp_path / "e.json", {"month": "m"}, rows.iloc[:0], ["a", "b"])
    assert json.loads(empty.read_text(encoding="utf-8"))["rows"] == []
