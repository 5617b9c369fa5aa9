"""The VAT reference of a half-year (issue 14), worked out by hand: card, cash-receipt and
easy-pay sales, cancels in the month they happened (one of a June sale in July, one of a December
sale in January, outside the period), a cancel with no history dated at its cancelled_at, and the
expected PG fees (shipped rules: card 3.2 %, trans 1.8 % min 200, phone 3.5 %, vbank 300 flat,
else 3.2 %; VAT 10 % of the fee, half up)."""

from __future__ import annotations

import json

from ledger_builders import add_cancels, add_payments, kst, payment
from openpyxl import load_workbook

from recon_app.cli.main import main
from recon_app.services.accounting_map import AccountingMap
from recon_app.services.vat import vat_report

MAPPING = '[methods]\ntrans = "cash_receipt"\n'


def _half_year(ledger) -> None:  # type: ignore[no-untyped-def]
    def pay(uid, amount, at, method="card", pg="tosspayments", status="paid", cancel=0):  # type: ignore[no-untyped-def]
        return payment(
            uid,
            f"O-{uid}",
            amount,
            status,
            cancel_amount=cancel,
            paid_at=kst(at),
            pay_method=method,
            pg_provider=pg,
        )

    rows = [
        pay("c1", 110_000, "2026-07-10 10:00"),
        pay("c2", 55_000, "2026-08-20 10:00", cancel=22_000),
        pay("r1", 33_000, "2026-09-15 10:00", method="trans", pg="html5_inicis"),
        pay("e1", 44_000, "2026-10-05 10:00", method="point", pg="kakaopay"),
        pay(
            "e2",
            11_000,
            "2026-12-30 10:00",
            method="point",
            pg="kakaopay",
            status="cancelled",
            cancel=11_000,
        ),
        pay("x1", 20_000, "2026-06-30 10:00", status="cancelled", cancel=20_000),
        pay("p1", 5_000, "2026-11-11 10:00", method="phone", pg="danal"),
        {
            **pay(
                "v1", 30_000, "2026-11-12 10:00", method="vbank", status="cancelled", cancel=30_000
            ),
            "cancelled_at": kst("2026-12-01 09:00"),
        },
    ]
    add_payments(ledger, rows)
    add_cancels(
        ledger,
        [
            {"imp_uid": "c2", "seq": 0, "amount": 22_000, "cancelled_at": kst("2026-09-03 12:00")},
            {"imp_uid": "e2", "seq": 0, "amount": 11_000, "cancelled_at": kst("2027-01-02 12:00")},
            {"imp_uid": "x1", "seq": 0, "amount": 20_000, "cancelled_at": kst("2026-07-02 12:00")},
        ],
    )


def test_half_year_split_as_the_card_sales_summary_form_wants(ledger, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _half_year(ledger)
    (tmp_path / "m.toml").write_text(MAPPING, encoding="utf-8")
    from recon_app.services.accounting_map import load_mapping

    report = vat_report(ledger, "2026H2", mapping=load_mapping(tmp_path / "m.toml"))
    assert report.period.months == tuple(f"2026-{m:02d}" for m in range(7, 13))
    # card 110,000 + 55,000 − 22,000 (Sep) − 20,000 (Jul, a June sale) = 123,000
    assert report.summary_form() == {
        "total": 211_000,
        "card": 123_000,
        "cash_receipt": 33_000,
        "epay": 55_000,  # 44,000 + 11,000; its January cancel is in the next period
        "other_sales": 5_000,  # phone 5,000; vbank 30,000 sold in Nov, cancelled in Dec
    }
    lines = [(x.month, x.pg, x.category, x.sales, x.cancels) for x in report.lines]
    assert lines == [
        ("2026-07", "tosspayments", "card", 110_000, 20_000),
        ("2026-08", "tosspayments", "card", 55_000, 0),
        ("2026-09", "html5_inicis", "cash_receipt", 33_000, 0),
        ("2026-09", "tosspayments", "card", 0, 22_000),
        ("2026-10", "kakaopay", "epay", 44_000, 0),
        ("2026-11", "danal", "other", 5_000, 0),
        ("2026-11", "tosspayments", "other", 30_000, 0),
        ("2026-12", "kakaopay", "epay", 11_000, 0),
        ("2026-12", "tosspayments", "other", 0, 30_000),
    ]
    fees = [(f.month, f.pg, f.fee, f.fee_vat) for f in report.fee_lines]
    assert fees == [
        ("2026-07", "tosspayments", 3_520, 352),
        ("2026-08", "tosspayments", 1_056, 106),  # 3.2 % of 33,000 kept; VAT 105.6 → 106
        ("2026-09", "html5_inicis", 594, 59),  # 1.8 % of 33,000; VAT 59.4 → 59
        ("2026-10", "kakaopay", 1_408, 141),
        ("2026-11", "danal", 175, 18),  # 3.5 % of 5,000; VAT 17.5 → 18
        ("2026-11", "tosspayments", 300, 30),  # vbank flat fee, even when refunded
        ("2026-12", "kakaopay", 0, 0),
    ]


def test_default_mapping_keeps_transfers_out_of_the_cash_receipt_column(ledger) -> None:  # type: ignore[no-untyped-def]
    _half_year(ledger)
    form = vat_report(ledger, "2026H2", mapping=AccountingMap()).summary_form()
    assert (form["cash_receipt"], form["other_sales"]) == (0, 38_000)


def test_quarter_and_cli_outputs(ledger_path, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from recon_app.storage.db import open_ledger

    led = open_ledger(ledger_path)
    _half_year(led)
    led.close()
    (tmp_path / "m.toml").write_text(MAPPING, encoding="utf-8")
    out_json, out_xlsx = tmp_path / "vat.json", tmp_path / "vat.xlsx"
    code = main(
        [
            "--db",
            str(ledger_path),
            "vat",
            "--period",
            "2026Q4",
            "--mapping",
            str(tmp_path / "m.toml"),
            "--json",
            str(out_json),
            "--xlsx",
            str(out_xlsx),
        ]
    )
    assert code == 0
    data = json.loads(out_json.read_text(encoding="utf-8"))
    # Q4: e1 44,000 + e2 11,000 epay; phone 5,000 + vbank 30,000 − 30,000 other
    assert data["summary_form"]["taxable"] == {
        "total": 55_000,
        "card": 0,
        "cash_receipt": 0,
        "epay": 55_000,
        "other_sales": 5_000,
    }
    assert (data["fee_total"], data["fee_vat_total"]) == (1_883, 189)
    sheet = load_workbook(out_xlsx)["집계표"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert ["과세 매출분", 55_000, 0, 0, 55_000] in rows
    assert main(["--db", str(ledger_path), "vat", "--period", "2026H3"]) == 2
    assert "2026H1" in capsys.readouterr().err


def test_payments_the_sync_set_aside_are_not_sales(ledger) -> None:  # type: ignore[no-untyped-def]
    from recon_app.storage.db import raw

    add_payments(
        ledger,
        [
            payment("k1", "O-k1", 11_000, paid_at=kst("2026-10-05 10:00")),
            payment("t1", "O-t1", 99_000, paid_at=kst("2026-10-06 10:00")),
        ],
    )
    with ledger.write() as conn:
        raw(conn).execute("UPDATE payments SET set_aside = '테스트 채널' WHERE imp_uid = 't1'")
    report = vat_report(ledger, "2026Q4", mapping=AccountingMap())
    assert report.summary_form()["card"] == 11_000
    assert [(f.fee, f.fee_vat) for f in report.fee_lines] == [(352, 35)]  # 3.2 % of 11,000
