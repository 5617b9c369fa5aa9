"""Payout records from a CSV file, for vouchers before the payouts feature (issue 13) fills them
from the ledger: one row per PG payout into the bank account.

Headers (English or Korean): pg|PG, paid_out_on|지급일 (YYYY-MM-DD), gross|매출, fee|수수료,
fee_vat|수수료부가세, amount|입금액, with amount = gross − fee − fee_vat. UTF-8 (with or without
BOM) or CP949. Every problem names the file, row and column.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from recon_app.domain.accounting import PayoutRecord
from recon_app.domain.display import format_count, format_won
from recon_app.domain.errors import InputError

HEADERS = {
    "pg": ("pg", "PG", "PG사"),
    "paid_out_on": ("paid_out_on", "지급일", "입금일"),
    "gross": ("gross", "매출", "정산대상"),
    "fee": ("fee", "수수료"),
    "fee_vat": ("fee_vat", "수수료부가세", "수수료 부가세"),
    "amount": ("amount", "입금액", "지급액"),
}
MAX_BYTES = 20 * 1024 * 1024


def read_payouts(path: Path) -> list[PayoutRecord]:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"지급 파일 '{path}'이(가) 없습니다.") from None
    except OSError as exc:
        raise InputError(f"지급 파일 '{path}'을(를) 읽을 수 없습니다: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise InputError(f"지급 파일 '{path}'이(가) 너무 큽니다 ({format_count(len(raw))} 바이트).")
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(f"지급 파일 '{path}'의 인코딩을 알 수 없습니다 (UTF-8 또는 CP949).")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise InputError(f"지급 파일 '{path}'이(가) 비어 있습니다.")
    header = [h.strip() for h in rows[0]]
    where: dict[str, int] = {}
    for key, names in HEADERS.items():
        found = [i for i, h in enumerate(header) if h in names]
        if not found:
            raise InputError(
                f"지급 파일 '{path}'에 '{names[0]}' 열이 없습니다 (머리글: {', '.join(header)}).",
                hint="머리글: " + ", ".join(n[0] for n in HEADERS.values()),
            )
        where[key] = found[0]
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if any(cell.strip() for cell in row):
            out.append(_record(_Row(path, number, header, where, row)))
    return out


class _Row:
    def __init__(
        self, path: Path, number: int, header: list[str], where: dict[str, int], row: list[str]
    ) -> None:
        self.path, self.number, self.header, self.where, self.row = path, number, header, where, row

    def text(self, key: str) -> str:
        i = self.where[key]
        return self.row[i].strip() if i < len(self.row) else ""

    def problem(self, key: str, what: str) -> InputError:
        return InputError(
            f"지급 파일 '{self.path}' {self.number}행 '{self.header[self.where[key]]}' 열의 값 "
            f"'{self.text(key)}'은(는) {what}."
        )

    def won(self, key: str) -> int:
        try:
            return int(self.text(key).replace(",", ""))
        except ValueError:
            raise self.problem(key, "원 단위 정수가 아닙니다") from None

    def day(self, key: str) -> date:
        try:
            return date.fromisoformat(self.text(key))
        except ValueError:
            raise self.problem(key, "YYYY-MM-DD 날짜가 아닙니다") from None


def _record(r: _Row) -> PayoutRecord:
    record = PayoutRecord(
        r.text("pg"),
        r.day("paid_out_on"),
        r.won("gross"),
        r.won("fee"),
        r.won("fee_vat"),
        r.won("amount"),
    )
    expected = record.gross - record.fee - record.fee_vat
    if record.amount != expected:
        raise InputError(
            f"지급 파일 '{r.path}' {r.number}행: 입금액 {format_won(record.amount)}원이 매출 − 수수료 − "
            f"수수료 부가세 = {format_won(expected)}원과 다릅니다."
        )
    return record
