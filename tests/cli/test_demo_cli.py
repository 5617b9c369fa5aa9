"""`recon-app demo`: the main job end to end on the built-in demo store, no credentials."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from recon_app.cli.main import main
from recon_app.domain.statuses import ReconStatus
from recon_app.sandbox.demo import EXPECTED_STATUSES


def test_demo_runs_the_whole_month_and_every_status_appears(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2026-10 대사 결과" in printed and "정산 예정액" in printed

    report = json.loads((out / "recon-2026-10.json").read_text(encoding="utf-8"))
    seen = {row["status"] for row in report["rows"]}
    assert seen == {s.value for s in ReconStatus}
    # the demo data's own documentation of which order exercises which status holds
    by_id = {row["order_id"]: row["status"] for row in report["rows"]}
    for status, order_ids in EXPECTED_STATUSES.items():
        for order_id in order_ids:
            assert by_id[order_id] == status, order_id

    wb = load_workbook(out / "recon-2026-10.xlsx", read_only=True)
    assert wb.sheetnames[:4] == ["요약", "대사결과", "예외", "수수료"]
    detail = list(wb["대사결과"].iter_rows(values_only=True))
    assert len(detail) == len(report["rows"]) + 1  # header + one row per order/orphan
    wb.close()

    # running it again is idempotent: same ledger, same answer
    assert main(["demo", "--out", str(out)]) == 0
    again = json.loads((out / "recon-2026-10.json").read_text(encoding="utf-8"))
    assert again["summary"] == report["summary"]


def test_demo_from_a_real_process(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "recon_app", "demo", "--out", str(tmp_path / "d")],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "d" / "recon-2026-10.xlsx").stat().st_size > 5000
