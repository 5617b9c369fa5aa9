"""Fee rules kept in the ledger: what reconciliation uses when no ``--fees`` file is given.

Saved rules (tables ``fee_settings`` + ``fee_rules``) win; with none saved, the shipped
``resources/fees.default.toml``. Saving replaces the whole schedule in one transaction, so a
reader never sees half the old rules and half the new.
"""

from __future__ import annotations

import time
from pathlib import Path

from recon_app.adapters.report.atomic import write_atomic
from recon_app.domain.errors import InputError, LedgerError
from recon_app.domain.fees import (
    FeeRule,
    FeeSchedule,
    default_schedule,
    load_schedule,
    schedule_to_toml,
)
from recon_app.domain.money import Rounding, parse_rate
from recon_app.domain.payouts import PayoutRule, PayoutSchedule
from recon_app.services import audit
from recon_app.storage import bank_repo, recon_repo
from recon_app.storage.db import Ledger

SAVED_SOURCE = "원장에 저장된 수수료 규칙"


def load_fee_schedule(ledger: Ledger) -> FeeSchedule:
    """The rules saved in the ledger, else the shipped defaults."""
    with ledger.read() as conn:
        settings, rows = recon_repo.read_fee_rules(conn)
        payout_rows, closed_days = bank_repo.read_payout_rules(conn)
    if settings is None:
        return default_schedule()
    try:
        rules = tuple(
            FeeRule(
                pg=r["pg"],
                method=r["method"],
                rate=parse_rate(r["rate"]),
                min=int(r["min"]),
                flat=int(r["flat"]),
                vat_rate=parse_rate(r["vat_rate"]) if r["vat_rate"] is not None else None,
                rounding=Rounding.parse(r["rounding"]) if r["rounding"] is not None else None,
            )
            for r in rows
        )
        return FeeSchedule(
            rules=rules,
            vat_rate=parse_rate(settings["vat_rate"]),
            rounding=Rounding.parse(settings["rounding"]),
            source=SAVED_SOURCE,
            # saved before payout rules existed (or saved without any): the shipped cycles
            payouts=default_schedule().payouts
            if not payout_rows and not closed_days
            else PayoutSchedule(
                rules=tuple(
                    PayoutRule(
                        pg=r["pg"], method=r["method"], days=int(r["days"]), weekday=r["weekday"]
                    )
                    for r in payout_rows
                ),
                closed_days=tuple(closed_days),
            ),
        )
    except (ValueError, InputError) as exc:
        raise LedgerError(
            f"원장에 저장된 수수료 규칙을 읽을 수 없습니다: {exc}",
            hint="'recon-app fees import 파일.toml'로 규칙을 다시 저장하세요.",
        ) from None


def save_fee_schedule(ledger: Ledger, schedule: FeeSchedule, who: str | None = None) -> None:
    """Replace the saved rules with ``schedule`` (validated already by FeeSchedule)."""
    rows = [
        {
            "pg": r.pg,
            "method": r.method,
            "rate": str(r.rate),
            "min": int(r.min),
            "flat": int(r.flat),
            "vat_rate": None if r.vat_rate is None else str(r.vat_rate),
            "rounding": None if r.rounding is None else r.rounding.value,
        }
        for r in schedule.rules
    ]
    with ledger.write() as conn:
        recon_repo.replace_fee_rules(
            conn,
            vat_rate=str(schedule.vat_rate),
            rounding=schedule.rounding.value,
            rules=rows,
            now=int(time.time()),
        )
        bank_repo.replace_payout_rules(
            conn,
            [
                {"pg": r.pg, "method": r.method, "days": r.days, "weekday": r.weekday}
                for r in schedule.payouts.rules
            ],
            schedule.payouts.closed_days,
        )
        audit.record(conn, "fee_rules", user=who, source=schedule.source, rules=rows)


def reset_fee_schedule(ledger: Ledger, who: str | None = None) -> None:
    """Forget the saved rules: the shipped defaults apply again."""
    with ledger.write() as conn:
        recon_repo.clear_fee_rules(conn)
        bank_repo.replace_payout_rules(conn, [], [])
        audit.record(conn, "fee_rules_reset", user=who)


def import_fee_file(ledger: Ledger, path: Path) -> FeeSchedule:
    """Read a TOML rules file (every mistake is an InputError naming file and key) and save it."""
    schedule = load_schedule(Path(path))
    save_fee_schedule(ledger, schedule)
    return schedule


def export_fee_file(ledger: Ledger, path: Path) -> Path:
    """Write the rules in effect as TOML (temp file + rename, so no half-written file)."""
    text = "# Recon 수수료 규칙 (recon-app fees export)\n" + schedule_to_toml(
        load_fee_schedule(ledger)
    )

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    return write_atomic(Path(path), write, "수수료 파일")
