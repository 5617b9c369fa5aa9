"""`recon-app senders`: the names each PG's payouts carry in the bank statement (per store).

The matching of `payouts` looks for these in a deposit's text. Built-in names cover the common
PGs; a store's own list for a PG replaces the built-in one (``--set``), ``--reset`` brings the
built-in list back.
"""

from __future__ import annotations

import argparse

from recon_app.cli.common import ledger_from
from recon_app.domain.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "senders",
        help="PG별 입금자명 보기/바꾸기 (입금 대사에 쓰임)",
        description="은행 거래내역에서 PG 지급을 알아보는 입금자명입니다. 공백·(주)·대소문자는 무시하고, "
        "4글자 이상으로 잘린 이름도 인정합니다.",
    )
    p.add_argument("--store", default="default", metavar="NAME", help="상점 이름 (기본: default)")
    p.add_argument(
        "--set",
        nargs=2,
        metavar=("PG", "NAMES"),
        help='PG의 입금자명을 바꿉니다 (쉼표로 구분, 예: --set kcp "KCP,한국사이버결제")',
    )
    p.add_argument("--reset", metavar="PG", help="PG의 입금자명을 기본값으로 되돌립니다")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from recon_app.services.payouts import save_senders, senders_for, senders_table

    ledger = ledger_from(args)
    try:
        if args.set:
            pg, names = args.set
            parsed = [n.strip() for n in names.split(",") if n.strip()]
            if not pg.strip() or not parsed:
                raise InputError(
                    f"--set '{pg}' '{names}': PG 이름과 입금자명을 하나 이상 적어 주세요.",
                    hint='예: --set kcp "KCP,한국사이버결제"',
                )
            save_senders(ledger, args.store, pg.strip(), parsed)
        if args.reset:
            save_senders(ledger, args.store, args.reset.strip(), [])
        rows = senders_table(senders_for(ledger, args.store))
    finally:
        ledger.close()
    width = max(len(pg) for pg, _ in rows)
    for pg, names in rows:
        print(f"{pg:<{width}}  {names}")
    return 0
