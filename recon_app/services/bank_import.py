"""Import a bank statement into the ledger (`recon-app import-bank`, issue 13).

The whole file is read and checked first; only a statement without a single bad value is written,
in one transaction, so a bad file changes nothing. Lines the account already holds (an
overlapping statement: same time, amounts, text and balance) are left alone.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from recon_app.adapters.bank.statement import BankStatement, Layout, read_statement
from recon_app.adapters.orders.reading import read_file_bytes
from recon_app.domain.display import format_count, format_won
from recon_app.domain.timeutil import format_kst
from recon_app.storage import bank_repo
from recon_app.storage.db import Ledger
from recon_app.storage.stores import DEFAULT_STORE, store_id

__all__ = ["BankImportReport", "BankStatement", "Layout", "import_bank_statement", "read_bank_file"]

DEFAULT_ACCOUNT = "기본 계좌"
#: The same variable the order import reads (a bank's XLSX password is a per-download password
#: too; never on the command line).
PASSWORD_ENV = "RECON_XLSX_PASSWORD"


@dataclass(frozen=True)
class BankImportReport:
    file: str
    store: str
    account: str
    bank: str | None
    account_masked: str | None
    header_row: int
    columns: dict[str, list[str]]
    transactions: int
    inserted: int
    already_present: int
    rows_skipped: int
    deposits: int
    deposit_total: int
    first: int
    last: int

    def summary_lines(self) -> list[str]:
        where = " ".join(x for x in (self.bank, self.account_masked) if x)
        return [
            f"은행 거래내역 '{self.file}' → 상점 '{self.store}', 계좌 '{self.account}'"
            + (f" ({where})" if where else ""),
            f"머리글 {self.header_row}행, 거래 {format_count(self.transactions)}건 "
            f"({format_kst(self.first)[:10]} ~ {format_kst(self.last)[:10]}), "
            f"입금 {format_count(self.deposits)}건 {format_won(self.deposit_total)}원",
            f"새로 추가 {format_count(self.inserted)}건, 이미 있던 거래 {format_count(self.already_present)}건"
            + (
                f", 합계·빈 행 {format_count(self.rows_skipped)}행 건너뜀"
                if self.rows_skipped
                else ""
            ),
        ]


def dedup_keys(frame: pd.DataFrame) -> pd.Series:
    """time|deposit|withdrawal|text|balance|n — n numbers lines identical in all the rest within
    one file (a statement without a balance column can list two equal transfers)."""
    balance = frame["balance"].astype(str).where(frame["has_balance"], "")
    base = (
        frame["occurred_at"].astype(str)
        + "|"
        + frame["deposit"].astype(str)
        + "|"
        + frame["withdrawal"].astype(str)
        + "|"
        + frame["text"].astype(str)
        + "|"
        + balance
    )
    seq = base.groupby(base, sort=False).cumcount()
    return base + "|" + seq.astype(str)


def read_bank_file(
    path: Path, password: str | None = None, layout: Layout | None = None
) -> tuple[BankStatement, str]:
    """Parse a statement file without touching the ledger (the GUI's preview); with its hash."""
    data = read_file_bytes(Path(path))
    password = password or os.environ.get(PASSWORD_ENV) or None
    statement = read_statement(Path(path), data, password=password, layout=layout)
    return statement, hashlib.sha256(data).hexdigest()


def import_bank_statement(
    ledger: Ledger,
    path: Path,
    *,
    store: str = DEFAULT_STORE,
    account: str | None = None,
    password: str | None = None,
    layout: Layout | None = None,
) -> BankImportReport:
    path = Path(path)
    statement, digest = read_bank_file(path, password, layout)
    frame = statement.transactions.copy()
    frame["dedup_key"] = dedup_keys(frame)
    name = account or statement.account_masked or DEFAULT_ACCOUNT
    with ledger.write() as conn:
        sid = store_id(conn, store)
        assert sid is not None
        acc = bank_repo.account_id(
            conn, sid, name, bank=statement.bank, number_masked=statement.account_masked
        )
        assert acc is not None
        batch = bank_repo.begin_batch(conn, sid, path.name, digest, int(time.time()))
        inserted = bank_repo.insert_transactions(conn, acc, frame, batch)
        report = BankImportReport(
            file=path.name,
            store=store,
            account=name,
            bank=statement.bank,
            account_masked=statement.account_masked,
            header_row=statement.header_row,
            columns=statement.columns,
            transactions=len(frame),
            inserted=inserted,
            already_present=len(frame) - inserted,
            rows_skipped=statement.rows_skipped,
            deposits=int((frame["deposit"] > 0).sum()),
            deposit_total=int(frame["deposit"].sum()),
            first=int(frame["occurred_at"].min()),
            last=int(frame["occurred_at"].max()),
        )
        bank_repo.finish_batch(
            conn,
            batch,
            rows_read=len(frame) + statement.rows_skipped,
            records=len(frame),
            inserted=inserted,
            unchanged=len(frame) - inserted,
            rows_skipped=statement.rows_skipped,
            report={"account": name, "bank": statement.bank, "header_row": statement.header_row},
        )
    return report
