"""Write the demo store's bank statement (resources/demo/bank_<month>.csv), issue 13.

The demo's payments come from the bundled sandbox (deterministic), so their payouts are too: this
syncs a throw-away demo ledger, forecasts the demo month's payouts with the shipped rules and
writes a 신한-style CSV (title block, 거래일자 + 거래시간, 출금/입금, CP949) in which every payout
arrives, some on the next business day, except two planted problems:

* the largest payout of the second PG never arrives (``missing``);
* one payout of the first PG arrives 1,500 won short (``short``).

A rent and a card withdrawal, a customer's transfer and a PG deposit that explains nothing are
mixed in. Run again when the demo data or the default payout rules change; the demo test checks
that the planted statuses still come out.

    .venv/bin/python tools/make_demo_bank_statement.py
"""

from __future__ import annotations

import csv
import io
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recon_app.domain.business_days import BusinessCalendar  # noqa: E402
from recon_app.sandbox.demo import DEMO_MONTH  # noqa: E402
from recon_app.services.demo import DEMO_STORE, prepare_demo  # noqa: E402
from recon_app.services.payouts import payouts_month  # noqa: E402
from recon_app.storage.db import open_ledger  # noqa: E402

SENDER_TEXT = {
    "html5_inicis": "(주)케이지이니시스",
    "kcp": "엔에이치엔한국사이버결제",
    "tosspayments": "토스페이맨",
    "nice_v2": "나이스페이먼츠",
    "kakaopay": "카카오페이",
    "naverpay": "네이버파이낸셜",
    "danal_tpay": "(주)다날",
}
SHORT_BY = 1_500


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        ledger = open_ledger(Path(tmp) / "demo.sqlite3")
        try:
            prepare_demo(ledger)
            report = payouts_month(ledger, DEMO_MONTH, DEMO_STORE, as_of=date(2099, 1, 1))
        finally:
            ledger.close()
    payouts = report.payouts
    pgs = list(dict.fromkeys(payouts["pg"].tolist()))
    if len(pgs) < 2:
        raise SystemExit(f"demo month has payouts of {pgs} only; need two PGs")
    missing = payouts.loc[payouts["pg"] == pgs[1], "expected_amount"].idxmax()
    short = payouts.loc[payouts["pg"] == pgs[0]].index[
        len(payouts.loc[payouts["pg"] == pgs[0]]) // 2
    ]
    calendar = BusinessCalendar()
    lines: list[tuple[datetime, int, int, str]] = []
    for i, row in payouts.iterrows():
        if i == missing:
            continue
        due = pd.Timestamp(row["payout_date"]).date()
        # every third payout lands one business day late (still inside the 2-day window)
        if i % 3 == 2:
            due = _as_date(calendar.add_business_days(np.array([due], "datetime64[D]"), 1)[0])
        amount = int(row["expected_amount"]) - (SHORT_BY if i == short else 0)
        if amount <= 0:
            continue
        when = datetime.combine(due, datetime.min.time()) + timedelta(hours=9, minutes=5 + i % 40)
        lines.append((when, amount, 0, SENDER_TEXT.get(str(row["pg"]), str(row["pg"]))))
    year, month = (int(x) for x in DEMO_MONTH.split("-"))
    lines += [
        (datetime(year, month, 5, 10, 0), 0, 1_200_000, "임대료 10월"),
        (datetime(year, month, 12, 14, 30), 0, 39_000, "체크카드 쿠팡"),
        (datetime(year, month, 14, 16, 0), 55_000, 0, "홍길동"),
        # a PG with no payout this month: explains nothing (a deposit of a PG that does have
        # payouts would sit in one of their windows and turn a 'missing' into a 'short')
        (datetime(year, month, 21, 11, 0), 7_700, 0, "엔에이치엔페이코"),
    ]
    lines.sort()
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["신한은행 거래내역조회"])
    w.writerow([f"조회기간 : {DEMO_MONTH}-01 ~ {DEMO_MONTH}-31", "계좌번호 : 140-012-345678"])
    w.writerow(["예금주 : 데모상점"])
    w.writerow([])
    w.writerow(
        ["거래일자", "거래시간", "적요", "출금(원)", "입금(원)", "내용", "잔액(원)", "거래점명"]
    )
    balance = 5_000_000
    for when, deposit, withdrawal, text in lines:
        balance += deposit - withdrawal
        w.writerow(
            [
                when.strftime("%Y-%m-%d"),
                when.strftime("%H:%M:%S"),
                "타행이체" if deposit else "출금",
                f"{withdrawal:,}" if withdrawal else "",
                f"{deposit:,}" if deposit else "",
                text,
                f"{balance:,}",
                "인터넷",
            ]
        )
    target = ROOT / "resources" / "demo" / f"bank_{DEMO_MONTH}.csv"
    target.write_bytes(out.getvalue().encode("cp949"))
    print(
        f"wrote {target}: {len(lines)} lines; missing {pgs[1]} "
        f"{payouts.loc[missing, 'payout_date']}, short {pgs[0]} {payouts.loc[short, 'payout_date']}"
    )
    return 0


def _as_date(value: np.datetime64) -> date:
    return pd.Timestamp(value).date()


if __name__ == "__main__":
    sys.exit(main())
