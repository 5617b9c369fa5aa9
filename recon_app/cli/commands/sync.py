"""`recon-app sync`: pull a period's payments (and their later refunds) from PortOne.

`--provider portone-v1` (the default, today's behaviour) or `portone-v2`; a store remembers its
provider and its `--order-id-from` rule, so later runs need neither flag. Credentials come from
the OS keyring or the environment (V1: PORTONE_IMP_KEY / PORTONE_IMP_SECRET; V2:
PORTONE_API_SECRET and optional PORTONE_STORE_ID; Toss: TOSS_SECRET_KEY) — never argv. `--sandbox` starts the bundled
sandbox (demo store, speaking the chosen provider's API) in this process and syncs from it.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from datetime import date

from recon_app.cli.common import ProgressLine, ledger_from
from recon_app.domain.errors import InputError
from recon_app.domain.progress import CancelToken


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from recon_app.services.syncing import (
        DEFAULT_API_BASE,
        DEFAULT_CONCURRENCY,
        DEFAULT_WINDOW_DAYS,
    )

    p = sub.add_parser(
        "sync",
        help="PortOne에서 결제내역을 받아 원장에 저장",
        description="기간(KST)의 결제와, 그 결제들의 이후 취소·환불까지 PortOne API(V1 또는 V2)에서 "
        "받아 원장을 갱신합니다. 키/시크릿은 OS 키체인(`recon-app stores set-credentials`) 또는 환경 "
        "변수(V1: PORTONE_IMP_KEY / PORTONE_IMP_SECRET, V2: PORTONE_API_SECRET, 선택 "
        "PORTONE_STORE_ID)에서 읽습니다. 중단된 동기화는 같은 명령을 다시 실행하면 이어서 받습니다.",
    )
    p.add_argument(
        "--from", dest="date_from", required=True, metavar="YYYY-MM-DD", help="시작일 (KST)"
    )
    p.add_argument(
        "--to", dest="date_to", required=True, metavar="YYYY-MM-DD", help="종료일 (KST, 포함)"
    )
    p.add_argument("--store", default="default", metavar="NAME", help="상점 이름 (기본: default)")
    p.add_argument(
        "--api-base",
        default=None,
        metavar="URL",
        help=f"API 주소 (기본: V1 {DEFAULT_API_BASE}, V2 https://api.portone.io; 같은 API를 흉내 "
        "내는 서버도 가능)",
    )
    p.add_argument(
        "--provider",
        default=None,
        choices=("portone-v1", "portone-v2", "toss"),
        help="결제 API (기본: 상점이 기억하는 것, 처음이면 portone-v1)",
    )
    p.add_argument(
        "--order-id-from",
        default=None,
        metavar="SPEC",
        help="V2 결제에서 주문번호를 읽는 방법: id (기본, paymentId), custom:KEY (customData의 "
        "KEY), regex:PATTERN (paymentId에서 첫 괄호 묶음). 상점에 기억됩니다.",
    )
    p.add_argument(
        "--concurrency",
        type=int,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"동시에 받을 페이지 수 (기본 {DEFAULT_CONCURRENCY})",
    )
    p.add_argument(
        "--max-rps",
        type=float,
        default=None,
        metavar="X",
        help="초당 최대 요청 수 (기본: 제한 없음)",
    )
    p.add_argument(
        "--window-days",
        type=float,
        default=DEFAULT_WINDOW_DAYS,
        metavar="D",
        help=f"한 번에 조회할 기간(일, 최대 90; 기본 {DEFAULT_WINDOW_DAYS})",
    )
    p.add_argument(
        "--page-size",
        type=int,
        default=100,
        metavar="N",
        help="페이지당 결제 수 (1~1000, 기본 100)",
    )
    p.add_argument(
        "--read-timeout", type=float, default=None, metavar="S", help="응답 대기 시간(초, 기본 30)"
    )
    p.add_argument(
        "--retries",
        type=int,
        default=None,
        metavar="N",
        help="일시적 오류(연결·시간 초과·429·5xx) 때 요청당 최대 시도 횟수 (기본 6)",
    )
    p.add_argument(
        "--sandbox",
        action="store_true",
        help="내장 샌드박스(데모 상점)를 이 프로세스에서 띄워 그곳에서 받습니다",
    )
    p.set_defaults(func=run)


def _date(text: str, flag: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"{flag} '{text}'은(는) 날짜가 아닙니다",
            hint="YYYY-MM-DD 형식으로 쓰세요 (예: 2026-10-01).",
        ) from None


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from recon_app.adapters.portone.client import ClientOptions
    from recon_app.services.credentials import (
        NO_BACKEND_MESSAGE,
        SOURCE_ENV_NO_KEYRING,
        Credentials,
        PortOneV2Credentials,
        TossCredentials,
        load_provider_credentials,
    )
    from recon_app.services.providers import provider
    from recon_app.services.syncing import SyncRequest, resolve_settings, sync_payments

    date_from, date_to = _date(args.date_from, "--from"), _date(args.date_to, "--to")
    options = ClientOptions()
    if args.read_timeout is not None:
        if args.read_timeout <= 0:
            raise InputError("--read-timeout 은 0보다 커야 합니다")
        options = replace(options, read_timeout=args.read_timeout)
    if args.retries is not None:
        if not 1 <= args.retries <= 20:
            raise InputError("--retries 는 1~20 이어야 합니다")
        options = replace(options, max_attempts=args.retries)
    with ExitStack() as stack:
        ledger = ledger_from(args)
        stack.callback(ledger.close)
        settings = resolve_settings(ledger, args.store, args.provider, args.order_id_from)
        source = provider(settings.provider)
        creds: object
        if args.sandbox:
            if args.api_base:
                raise InputError("--sandbox 와 --api-base 는 함께 쓸 수 없습니다")
            server = stack.enter_context(source.sandbox())
            api_base = server.base_url
            if source.name == "portone-v2":
                creds = PortOneV2Credentials(server.api_secret, server.store_id)
            elif source.name == "toss":
                creds = TossCredentials(server.secret_key)
            else:
                creds = Credentials(server.imp_key, server.imp_secret)
            print(f"내장 샌드박스(데모 상점)에서 받습니다: {api_base}", file=sys.stderr)
        else:
            api_base = args.api_base or source.default_api_base
            creds, where = load_provider_credentials(source.name, args.store)
            if where == SOURCE_ENV_NO_KEYRING:
                names = " / ".join(f.env for f in source.credentials.fields)
                print(
                    f"알림: {NO_BACKEND_MESSAGE} 환경 변수 {names} 의 값을 사용합니다.",
                    file=sys.stderr,
                )
        line = ProgressLine()
        cancel = CancelToken()
        try:
            result = sync_payments(
                ledger,
                SyncRequest(
                    date_from,
                    date_to,
                    args.store,
                    api_base,
                    provider=settings.provider,
                    order_id_from=settings.order_id_from,
                ),
                creds,
                line,
                cancel,
                concurrency=args.concurrency,
                max_requests_per_second=args.max_rps,
                options=options,
                window_days=args.window_days,
                page_size=args.page_size,
            )
        finally:
            line.finish()
    for text in result.summary_lines():
        print(text)
    return 0
