"""`recon-app stores`: list stores with their last sync; save or remove a store's API keys.

`stores set-credentials NAME` asks for the key and secret with getpass (no echo, never argv) and
keeps them in the OS keyring only.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from recon_app.cli.common import ledger_from
from recon_app.domain.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "stores",
        help="상점 목록과 마지막 동기화, API 키 저장",
        description="상점(PortOne 계정) 목록과 마지막 동기화를 보여 줍니다.",
    )
    actions = p.add_subparsers(dest="stores_action", metavar="ACTION")
    s = actions.add_parser(
        "set-credentials",
        help="상점의 PortOne REST API 키/시크릿을 OS 키체인에 저장",
        description="키와 시크릿을 화면에 보이지 않게 입력받아 OS 키체인에 저장합니다.",
    )
    s.add_argument("name", metavar="NAME", help="상점 이름 (예: default)")
    s.add_argument("--check", action="store_true", help="저장 전에 PortOne에 토큰을 요청해 확인")
    s.add_argument("--api-base", default=None, metavar="URL", help="--check 에 쓸 API 주소")
    s.add_argument(
        "--provider",
        default="portone-v1",
        choices=("portone-v1", "portone-v2", "toss"),
        help="portone-v1: REST API 키/시크릿 (기본), portone-v2: V2 API 시크릿과 선택 storeId, "
        "toss: 토스페이먼츠 시크릿 키",
    )
    d = actions.add_parser("delete-credentials", help="상점의 키/시크릿을 OS 키체인에서 삭제")
    d.add_argument("name", metavar="NAME")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    action = getattr(args, "stores_action", None)
    if action == "set-credentials":
        return _set_credentials(args)
    if action == "delete-credentials":
        from recon_app.services.credentials import delete_credentials

        delete_credentials(args.name)
        print(f"상점 '{args.name}'의 키/시크릿을 키체인에서 지웠습니다.")
        return 0
    return _list(args)


def _list(args: argparse.Namespace) -> int:
    from recon_app.domain.timeutil import format_kst
    from recon_app.services.syncing import store_overview

    ledger = ledger_from(args)
    try:
        stores = store_overview(ledger)
    finally:
        ledger.close()
    if not stores:
        print(
            "상점이 없습니다. `recon-app sync --from ... --to ...` 를 처음 실행하면 'default' 상점이 생깁니다."
        )
        return 0
    print(
        f"{'상점':<16} {'제공자':<11} {'결제':>10}  {'마지막 동기화(KST)':<20} {'결과':<10} "
        f"{'동기화 완료 시점':<20}"
    )
    for s in stores:
        run = s["last_run"] or {}
        when = format_kst(run.get("finished_at") or run.get("started_at")) or "-"
        outcome = run.get("outcome", "-")
        print(
            f"{s['name']:<16} {s.get('provider') or 'portone-v1':<11} {s['payments']:>10,}  "
            f"{when:<20} {outcome:<10} "
            f"{format_kst(s.get('synced_until')) or '-':<20}"
        )
        if outcome == "failed" and run.get("error"):
            print(f"    └ {str(run['error']).splitlines()[0][:120]}")
    return 0


def _set_v2_credentials(args: argparse.Namespace) -> int:
    from recon_app.services.credentials import PortOneV2Credentials, save_v2_credentials
    from recon_app.services.providers import provider

    if not sys.stdin.isatty():
        print("(입력이 터미널이 아니어서 표준 입력에서 두 줄을 읽습니다)", file=sys.stderr)
        secret = sys.stdin.readline().strip()
        store_id = sys.stdin.readline().strip()
    else:
        secret = getpass.getpass("V2 API 시크릿: ").strip()
        store_id = input("상점 아이디 storeId (없으면 Enter): ").strip()
    if not secret:
        raise InputError("V2 API 시크릿을 입력해야 합니다. 아무것도 저장하지 않았습니다.")
    creds = PortOneV2Credentials(secret, store_id or None)
    if args.check:
        source = provider("portone-v2")
        source.test_connection(args.api_base or source.default_api_base, creds)
        print("PortOne V2가 API 시크릿을 받아들였습니다.")
    save_v2_credentials(args.name, creds)
    print(f"상점 '{args.name}'의 PortOne V2 API 시크릿을 OS 키체인에 저장했습니다.")
    return 0


def _set_toss_credentials(args: argparse.Namespace) -> int:
    from recon_app.services.credentials import TossCredentials, save_toss_credentials
    from recon_app.services.providers import provider

    if not sys.stdin.isatty():
        print("(입력이 터미널이 아니어서 표준 입력에서 한 줄을 읽습니다)", file=sys.stderr)
        secret = sys.stdin.readline().strip()
    else:
        secret = getpass.getpass("토스페이먼츠 시크릿 키: ").strip()
    if not secret:
        raise InputError("시크릿 키를 입력해야 합니다. 아무것도 저장하지 않았습니다.")
    creds = TossCredentials(secret)
    if args.check:
        source = provider("toss")
        source.test_connection(args.api_base or source.default_api_base, creds)
        print("토스페이먼츠가 시크릿 키를 받아들였습니다.")
    save_toss_credentials(args.name, creds)
    print(f"상점 '{args.name}'의 토스페이먼츠 시크릿 키를 OS 키체인에 저장했습니다.")
    return 0


def _set_credentials(args: argparse.Namespace) -> int:
    from recon_app.domain.errors import CredentialsError
    from recon_app.services.credentials import (
        NO_BACKEND_HINT,
        NO_BACKEND_MESSAGE,
        Credentials,
        check_credentials,
        keyring_available,
        save_credentials,
    )
    from recon_app.services.syncing import DEFAULT_API_BASE

    if not keyring_available():
        # Say so before asking for secrets we could not keep.
        raise CredentialsError(
            f"키/시크릿을 저장할 수 없습니다. {NO_BACKEND_MESSAGE}", hint=NO_BACKEND_HINT
        )
    if getattr(args, "provider", "portone-v1") == "portone-v2":
        return _set_v2_credentials(args)
    if getattr(args, "provider", "portone-v1") == "toss":
        return _set_toss_credentials(args)
    if not sys.stdin.isatty():
        print("(입력이 터미널이 아니어서 표준 입력에서 두 줄을 읽습니다)", file=sys.stderr)
        key = sys.stdin.readline().strip()
        secret = sys.stdin.readline().strip()
    else:
        key = getpass.getpass("REST API 키 (imp_key): ").strip()
        secret = getpass.getpass("REST API 시크릿 (imp_secret): ").strip()
    if not key or not secret:
        raise InputError("키와 시크릿을 모두 입력해야 합니다. 아무것도 저장하지 않았습니다.")
    creds = Credentials(key, secret)
    if args.check:
        check_credentials(args.api_base or DEFAULT_API_BASE, creds)
        print("PortOne이 키/시크릿을 받아들였습니다.")
    save_credentials(args.name, creds)
    print(
        f"상점 '{args.name}'의 키/시크릿을 OS 키체인에 저장했습니다 (recon-app/portone/{args.name})."
    )
    return 0
