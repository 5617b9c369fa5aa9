"""`recon-app close`, `reopen` and `audit`: the accountant's month end (issue 14).

close  — freeze the month (refused while exceptions are open, unless --accept-open "사유");
reopen — end a close, with a reason (kept in the audit trail);
audit  — the append-only trail of closes, reopens, resolutions and rule changes.
"""

from __future__ import annotations

import argparse
import json
import sys

from recon_app.cli.common import ProgressLine, ledger_from
from recon_app.domain.display import format_count
from recon_app.domain.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "close",
        help="한 달을 마감(고정)합니다",
        description="그 달의 대사 결과·합계·수수료 규칙과 입력 지문을 고정해 저장합니다. 마감 후에도 "
        "동기화·가져오기는 계속되며, 마감된 달에 닿는 변경은 '마감 후 변동'으로 표시됩니다.",
    )
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument("--store", default="default", metavar="NAME")
    p.add_argument("--note", default="", metavar="TEXT", help="마감 메모")
    p.add_argument("--by", metavar="NAME", help="마감한 사람 이름 (기본: OS 사용자 이름)")
    p.add_argument(
        "--accept-open",
        metavar="REASON",
        help="해결되지 않은 예외를 이 사유와 함께 받아들이고 마감합니다",
    )
    p.set_defaults(func=run_close)

    p = sub.add_parser("reopen", help="마감을 해제합니다 (기록은 남습니다)")
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument("--store", default="default", metavar="NAME")
    p.add_argument("--reason", required=True, metavar="TEXT", help="해제 사유")
    p.add_argument("--by", metavar="NAME", help="해제한 사람 이름 (기본: OS 사용자 이름)")
    p.set_defaults(func=run_reopen)

    p = sub.add_parser(
        "overview",
        help="원장의 모든 상점(고객)의 한 달 상태: 동기화·대사·예외·정산·마감",
    )
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.set_defaults(func=run_overview)

    p = sub.add_parser("audit", help="감사 기록(마감·해제·예외 해결·규칙 변경)을 봅니다")
    p.add_argument("--month", metavar="YYYY-MM", help="이 달의 기록만")
    p.add_argument("--store", metavar="NAME", help="이 상점의 기록만")
    p.add_argument("--json", action="store_true", help="JSON으로 출력")
    p.set_defaults(func=run_audit)


def run_close(args: argparse.Namespace) -> int:
    from recon_app.services.closing import close_month

    ledger = ledger_from(args)
    progress = ProgressLine()
    try:
        info = close_month(
            ledger,
            args.month,
            args.store,
            args.note,
            by=args.by,
            accept_open=args.accept_open,
            progress=progress,
        )
    finally:
        progress.finish()
        ledger.close()
    print(info.line())
    if info.accepted:
        print(
            f"해결되지 않은 채 받아들인 예외 {format_count(len(info.accepted))}건: {info.accepted_note}"
        )
    print(f"입력 지문: {info.fingerprint}")
    return 0


def run_reopen(args: argparse.Namespace) -> int:
    from recon_app.services.closing import reopen_month

    ledger = ledger_from(args)
    try:
        info = reopen_month(ledger, args.month, args.store, args.reason, by=args.by)
    finally:
        ledger.close()
    print(f"{info.month} 마감을 해제했습니다 (마감: {info.closed_by}). 사유: {args.reason}")
    return 0


def run_audit(args: argparse.Namespace) -> int:
    from recon_app.domain.timeutil import format_kst
    from recon_app.services.audit import entries

    ledger = ledger_from(args)
    try:
        found = entries(ledger, month=args.month, store=args.store)
    finally:
        ledger.close()
    if args.json:
        out = [{**e, "at": format_kst(e["at"])} for e in found]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not found:
        print("감사 기록이 없습니다.")
    for e in found:
        where = " ".join(x for x in (e["store"], e["month"]) if x)
        detail = ", ".join(f"{k}={v}" for k, v in e["detail"].items() if v not in (None, "", []))
        print(f"{format_kst(e['at'])}  {e['user']}  {e['label']}  {where}  {detail}")
    return 0


def run_overview(args: argparse.Namespace) -> int:
    from recon_app.domain.display import format_won
    from recon_app.domain.timeutil import format_kst, month_bounds
    from recon_app.services.clients import month_overview

    try:
        month_bounds(args.month)
    except ValueError as exc:
        raise InputError(str(exc), hint="--month 2026-10 처럼 적어 주세요.") from None
    ledger = ledger_from(args)
    try:
        rows = month_overview(ledger, args.month.strip())
    finally:
        ledger.close()
    if not rows:
        print("원장에 상점이 없습니다.")
    for r in rows:
        closed = (
            f"마감 {r.closed.closed_by} {format_kst(r.closed.closed_at)}" if r.closed else "마감 전"
        )
        reconciled = (
            f"대사 {format_kst(r.reconciled_at)}, 예외 {format_count(r.exceptions or 0)}건, "
            f"정산 예정 {format_won(r.settlement or 0)}원"
            if r.reconciled_at
            else "대사 안 함"
        )
        synced = f"동기화 {format_kst(r.last_synced_at)}" if r.last_synced_at else "동기화 안 함"
        print(f"{r.store}  |  {synced}  |  {reconciled}  |  {closed}")
    return 0
