"""The reports: xlsx read back with openpyxl, JSON shape, CSV sanitising, masking, atomicity."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from ledger_builders import add_orders, add_payments, order, payment

from recon_app.domain.errors import InputError
from recon_app.services.exporting import (
    JSON_ROW_KEYS,
    SHEET_EXCEPTIONS,
    SHEET_FEES,
    SHEET_ROWS,
    SHEET_SUMMARY,
    export_csv,
    export_json,
    export_xlsx,
)
from recon_app.services.reconciling import reconcile_month
from recon_app.services.resolutions import resolve_exception

NASTY = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\t=1+1", "\r=2"]


@pytest.fixture
def result(ledger):  # type: ignore[no-untyped-def]
    add_orders(
        ledger,
        [
            order("M", 10_000, buyer_name=NASTY[0]),
            order("RM", 30_000, "partially_refunded", refunded_amount=30_000, buyer_name=NASTY[1]),
            order("AM", 10_000, buyer_name=NASTY[2]),
            order("RE", 50_000, buyer_name=NASTY[3]),
            order("PEND", 7_000, "awaiting_payment", buyer_name="홍길동"),
            order("=cmd|' /C calc'!A0", 1_000, buyer_name="남궁민수"),
        ],
    )
    add_payments(
        ledger,
        [
            payment("m", "M", 10_000),
            payment("rm", "RM", 30_000, pay_method="trans", pg_provider="kcp"),
            payment("am", "AM", 9_000),
            payment("re", "RE", 50_000, "cancelled", cancel_amount=20_000, pay_method="vbank"),
            payment("g", "@GHOST", 5_000, buyer_name=NASTY[4]),
        ],
    )
    resolve_exception(ledger, "default", "AM", "amount_mismatch", "PG 확인 완료", "김대리")
    return reconcile_month(ledger, "2026-10")


def sheet_rows(ws: Any) -> list[dict[str, Any]]:
    values = list(ws.iter_rows(values_only=True))
    header = values[0]
    return [dict(zip(header, v, strict=True)) for v in values[1:]]


def test_xlsx_sheets_formats_and_totals(result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = export_xlsx(result, tmp_path / "report.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [SHEET_SUMMARY, SHEET_ROWS, SHEET_EXCEPTIONS, SHEET_FEES]
    ws = wb[SHEET_ROWS]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:")
    assert all(c.font.bold for c in ws[1])
    rows = sheet_rows(ws)
    assert len(rows) == len(result.rows)
    header = [c.value for c in ws[1]]
    money_col = header.index("차이") + 1
    cell = ws.cell(row=2, column=money_col)
    assert cell.number_format == "#,##0" and isinstance(cell.value, int)
    date_cell = ws.cell(row=2, column=header.index("주문일시") + 1)
    assert date_cell.is_date
    # Korean text gets room: the reason column is wider than its header's 4 characters
    reason_letter = ws.cell(row=1, column=header.index("사유") + 1).column_letter
    assert ws.column_dimensions[reason_letter].width > 30
    # totals on 요약 equal the sums of the rows
    summary = {
        r[0]: r[1]
        for r in wb[SHEET_SUMMARY].iter_rows(min_row=2, max_col=2, values_only=True)
        if r[0]
    }
    assert summary["PG 결제 총액"] == sum(r["PG 결제"] for r in rows)
    assert summary["PG 취소"] == sum(r["PG 취소"] for r in rows)
    assert (
        summary["수수료"]
        == sum(r["수수료"] for r in rows)
        == sum(r["수수료"] for r in sheet_rows(wb[SHEET_FEES]))
    )
    assert summary["수수료 부가세"] == sum(r["수수료 부가세"] for r in rows)
    assert summary["정산 예정액"] == sum(r["정산 예정액"] for r in rows)
    assert summary["확인할 예외 수 (해결 제외)"] == result.summary.exceptions == 4
    fee_rows = sheet_rows(wb[SHEET_FEES])
    assert len(fee_rows) == len(result.fee_lines) == 5
    assert {r["적용 규칙"] for r in fee_rows} >= {
        "[card] 3.2%",
        "[vbank] 건당 300원",
        "[trans] 1.8%, 최소 200원",
    }
    # by PG × method and by status end with a 합계 row that agrees
    found = [r for r in wb[SHEET_SUMMARY].iter_rows(values_only=True) if r[0] == "합계"]
    assert len(found) == 2
    status_total, pg_total = found
    assert status_total[3] == len(rows)
    assert pg_total[2] == len(fee_rows) and pg_total[6] == summary["수수료"]


def test_xlsx_exceptions_sorted_with_resolution_note(result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wb = openpyxl.load_workbook(export_xlsx(result, tmp_path / "r.xlsx"))
    exc = sheet_rows(wb[SHEET_EXCEPTIONS])
    diffs = [abs(r["차이"]) for r in exc]
    assert diffs == sorted(diffs, reverse=True)
    assert {r["상태 코드"] for r in exc} >= {
        "refund_missing",
        "amount_mismatch",
        "refund_excess",
        "orphan_payment",
    }
    resolved = [r for r in exc if r["주문번호"] == "AM"]
    assert "PG 확인 완료" in resolved[0]["해결"]
    assert all(r["상태 코드"] not in ("matched", "pending") for r in exc)


def test_xlsx_formula_injection_stays_text(result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = export_xlsx(result, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET_ROWS]
    header = [c.value for c in ws[1]]
    buyer_col = header.index("구매자") + 1
    id_col = header.index("주문번호") + 1
    cells = [ws.cell(row=r, column=buyer_col) for r in range(2, ws.max_row + 1)]
    cells += [ws.cell(row=r, column=id_col) for r in range(2, ws.max_row + 1)]
    texts = {c.value for c in cells}
    assert set(NASTY[:5]) <= texts and "=cmd|' /C calc'!A0" in texts
    for c in cells:
        if c.value is not None:
            assert c.data_type == "s", (c.coordinate, c.value)  # 's' string, never 'f' formula
    # and the raw XML has no formula element at all
    import zipfile

    with zipfile.ZipFile(path) as z:
        assert all(
            "<f>" not in z.read(n).decode("utf-8")
            for n in z.namelist()
            if n.startswith("xl/worksheets/")
        )


def test_mask_personal(result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wb = openpyxl.load_workbook(export_xlsx(result, tmp_path / "m.xlsx", mask_personal=True))
    names = {r["구매자"] for r in sheet_rows(wb[SHEET_ROWS])}
    assert "홍*동" in names and "남**수" in names and "홍길동" not in names
    export_csv(result, tmp_path / "m.csv", mask_personal=True)
    assert "홍길동" not in (tmp_path / "m.csv").read_text(encoding="utf-8-sig")


def test_json_shape(result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(export_json(result, tmp_path / "r.json").read_text(encoding="utf-8"))
    assert set(data) == {
        "month",
        "summary",
        "non_krw_payments",
        "closed",
        "post_close_changes",
        "rows",
    }
    assert data["month"] == "2026-10" and data["non_krw_payments"] == []
    assert data["closed"] is None and data["post_close_changes"] == []
    assert data["summary"]["exceptions"] == 4 and data["summary"]["gross"] == 104_000
    rows = {r["order_id"]: r for r in data["rows"]}
    for r in data["rows"]:
        assert list(r) == list(JSON_ROW_KEYS)
        for key in (
            "order_amount",
            "paid_amount",
            "cancelled_amount",
            "refunded_amount",
            "fee",
            "fee_vat",
            "settlement",
            "difference",
        ):
            assert type(r[key]) is int
    assert (
        rows["PEND"]["imp_uid"] is None
        and rows["PEND"]["pg_provider"] is None
        and rows["PEND"]["pay_method"] is None
    )
    assert (
        rows["@GHOST"]["imp_uid"] == "g"
        and rows["@GHOST"]["order_amount"] == 0
        and rows["@GHOST"]["refunded_amount"] == 0
    )
    assert (
        rows["RM"]["reason"]
        == "쇼핑몰 환불 30,000원 > PG 취소 0원: 환불이 PG에서 처리되지 않았습니다"
    )
    assert rows["RE"]["cancelled_amount"] == 20_000 and rows["RE"]["paid_amount"] == 50_000


def test_json_schema(result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import jsonschema

    money = {"type": "integer"}
    nullable = {"type": ["string", "null"]}
    schema = {
        "type": "object",
        "required": ["month", "summary", "rows"],
        "properties": {
            "month": {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
            "summary": {"type": "object"},
            "rows": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": list(JSON_ROW_KEYS),
                    "properties": {
                        "order_id": {"type": "string"},
                        "imp_uid": nullable,
                        "status": {"type": "string"},
                        **dict.fromkeys(
                            (
                                "order_amount",
                                "paid_amount",
                                "cancelled_amount",
                                "refunded_amount",
                                "fee",
                                "fee_vat",
                                "settlement",
                                "difference",
                            ),
                            money,
                        ),
                        "pg_provider": nullable,
                        "pay_method": nullable,
                        "reason": {"type": "string"},
                        # added by issue 19 (the contract only ever gains fields)
                        "vbank_imp_uid": nullable,
                        "vbank_due_at": {"type": "integer"},
                        "vbank_expired": {"type": "boolean"},
                        # issue 13: YYYY-MM-DD or null (no payout rule covers the payments)
                        "payout_date": {
                            "anyOf": [
                                {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                                {"type": "null"},
                            ]
                        },
                        "payout_source": {"enum": ["forecast", "settlement", None]},
                    },
                },
            },
        },
    }
    jsonschema.validate(
        json.loads(export_json(result, tmp_path / "r.json").read_text(encoding="utf-8")), schema
    )


def test_csv_sanitises_formula_text(result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = export_csv(result, tmp_path / "r.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Korean right
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    names = {r["구매자"] for r in rows}
    assert (
        '\'=HYPERLINK("http://x")' in names
        and "'+1" in names
        and "'-2" in names
        and "'@SUM(A1)" in names
    )
    assert "'\t=1+1" in names
    ids = {r["주문번호"] for r in rows}
    assert "'=cmd|' /C calc'!A0" in ids and "'@GHOST" in ids
    diffs = [r["차이"] for r in rows]
    assert "-1000" in diffs  # numbers stay numbers (not prefixed)
    assert any(r["주문일시"].startswith("2026-10-15 12:00") for r in rows)


@pytest.fixture
def read_only_dir(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A folder nobody may write to — also not root: chmod for users, ``chattr +i`` for root."""
    import subprocess

    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o500)
        yield folder
        folder.chmod(0o700)
        return
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot make a read-only folder as root here: {done.stderr!r}")
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=False)


def test_read_only_folder_leaves_no_file(result, read_only_dir: Path) -> None:  # type: ignore[no-untyped-def]
    for export in (export_xlsx, export_json, export_csv):
        with pytest.raises(InputError, match="쓸 수 없습니다"):
            export(result, read_only_dir / "r.out")
    assert list(read_only_dir.iterdir()) == []


def test_failed_write_leaves_no_file_and_keeps_old(result, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The rename is the commit point: a failure before it leaves the old report untouched and
    no temp file behind (an OS error we cannot cause as root: simulated at os.replace)."""
    out = tmp_path / "out"
    out.mkdir()
    target = out / "r.xlsx"
    target.write_bytes(b"old report")

    def refuse(*_a: Any, **_k: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    for export in (export_xlsx, export_json, export_csv):
        with pytest.raises(InputError, match="열려 있습니다|읽기 전용"):
            export(result, target)
    assert target.read_bytes() == b"old report"
    assert sorted(p.name for p in out.iterdir()) == ["r.xlsx"]


def test_read_only_folder_is_an_input_error(result, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "out").mkdir()
    import tempfile

    def readonly(*_a: Any, **_k: Any) -> Any:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", readonly)
    with pytest.raises(InputError, match="읽기 전용"):
        export_xlsx(result, tmp_path / "out" / "r.xlsx")
    assert list((tmp_path / "out").iterdir()) == []


def test_disk_full_message(result, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "out").mkdir()

    def full(*_a: Any, **_k: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(InputError, match="디스크 공간"):
        export_json(result, tmp_path / "out" / "r.json")
    assert list((tmp_path / "out").iterdir()) == []


def test_missing_folder(result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="폴더"):
        export_xlsx(result, tmp_path / "nope" / "r.xlsx")


def test_cancel_mid_write_leaves_nothing(result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "out").mkdir()
    from recon_app.domain.errors import Cancelled
    from recon_app.domain.progress import CancelToken

    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        export_xlsx(result, tmp_path / "out" / "r.xlsx", cancel=token)
    assert list((tmp_path / "out").iterdir()) == []
