"""The benchmark suite runs end to end at a tiny N (no timing asserts: CI machines vary).

What is asserted is what the suite must never get wrong: every stage produced a measurement,
the exactness check found no difference
between the app's reconciliation and the per-row reference rules, and the generator's files
are what an importer expects (CP949 text, Korean headers, the right row count).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def test_generator_writes_cp949_csv_and_xlsx_with_korean_headers(tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    from bench.generate import EXPECTED, HEADERS, export_frame, make_dataset, write_csv, write_xlsx

    ds = make_dataset(500, seed=7)
    assert len(ds.orders) == 500 and len(ds.payments) > 500
    assert set(ds.orders["kind"]) <= set(EXPECTED)
    frame = export_frame(ds)
    write_csv(frame, tmp_path / "o.csv")
    write_xlsx(frame, tmp_path / "o.xlsx")
    text = (tmp_path / "o.csv").read_bytes().decode("cp949")
    assert text.splitlines()[0] == ",".join(HEADERS)
    assert len(text.splitlines()) == 501
    rows = CalamineWorkbook.from_path(str(tmp_path / "o.xlsx")).get_sheet_by_index(0).to_python()
    assert tuple(rows[0]) == HEADERS and len(rows) == 501
    assert rows[1][0] == frame.iloc[0, 0] and int(rows[1][6]) == int(frame.iloc[0, 6])
    # same seed, same data
    assert make_dataset(500, seed=7).payments["imp_uid"].tolist() == ds.payments["imp_uid"].tolist()


def test_quick_run_measures_every_stage(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--quick",
            "--sizes",
            "1000",
            "--writers",
            "xlsxwriter",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    for stage in (
        "import CSV",
        "import XLSX",
        "reconcile month",
        "exact = per-row rules",
        "Excel report",
        "sync (50 ms/request)",
        "GUI show result",
        "GUI stall",
    ):
        assert f"| {stage}" in report, f"{stage} missing from the results"
    assert "error:" not in report, report
    exact = next(line for line in report.splitlines() if line.startswith("| exact = per-row rules"))
    assert "| PASS |" in exact, exact
    assert ": 0 differ" in exact, exact
    assert "model name" not in report and "CPU" in report
