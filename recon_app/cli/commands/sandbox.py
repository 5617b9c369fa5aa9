"""`recon-app sandbox`: run the local PortOne sandbox (V1, or V2 with `--api portone-v2`) in the
foreground until Ctrl-C."""

from __future__ import annotations

import argparse

from recon_app.domain.display import format_count
from recon_app.domain.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "sandbox",
        help="로컬 PortOne API 샌드박스 실행 (테스트·데모용)",
        description="PortOne V1 API를 흉내 내는 로컬 서버를 127.0.0.1에서 실행합니다. Ctrl-C로 멈춥니다.",
    )
    p.add_argument("--port", type=int, default=0, help="포트 (기본: 빈 포트 자동 선택)")
    p.add_argument("--seed", type=int, default=1, help="생성 데이터의 시드 (기본 1)")
    p.add_argument(
        "--payments", type=int, default=2000, metavar="N", help="생성할 결제 건수 (기본 2000)"
    )
    p.add_argument("--demo", action="store_true", help="데모 상점 데이터(2026-10 전후)를 사용")
    p.add_argument("--latency", type=float, default=0.0, metavar="SEC", help="요청마다 지연 (초)")
    p.add_argument(
        "--api",
        default="portone-v1",
        choices=("portone-v1", "portone-v2", "toss"),
        help="흉내 낼 API (기본 portone-v1; portone-v2는 같은 데이터를 V2 API로 제공)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from recon_app.sandbox.server import SandboxServer
    from recon_app.sandbox.store import SandboxStore

    if not 0 <= args.port <= 65535:
        raise InputError(f"--port {args.port}: 0~65535 사이의 포트 번호를 적으세요 (0 = 자동).")
    if args.payments < 0:
        raise InputError(f"--payments {args.payments}: 0 이상의 건수를 적으세요.")
    store = (
        SandboxStore.demo() if args.demo else SandboxStore.generate(args.payments, seed=args.seed)
    )
    try:
        server = SandboxServer(store, port=args.port, latency=args.latency, api=args.api)
    except OSError as exc:
        raise InputError(
            f"포트 {args.port}에서 샌드박스를 열 수 없습니다: {exc.strerror or exc}",
            hint="다른 --port 를 주거나 0(자동)으로 두세요.",
        ) from None
    kind = "데모 상점" if args.demo else f"생성 데이터 (시드 {args.seed})"
    try:
        server.start()
        label = {"portone-v2": "PortOne V2 샌드박스", "toss": "토스페이먼츠 샌드박스"}.get(
            args.api, "PortOne 샌드박스"
        )
        print(f"{label} 실행 중: {server.base_url}", flush=True)
        print(f"  데이터: {kind}, 결제 {format_count(len(store))}건", flush=True)
        if args.api == "toss":
            print(f"  secretKey:  {server.secret_key}", flush=True)
        elif args.api == "portone-v2":
            print(f"  apiSecret:  {server.api_secret}", flush=True)
            print(f"  storeId:    {server.store_id}", flush=True)
        else:
            print(f"  imp_key:    {server.imp_key}", flush=True)
            print(f"  imp_secret: {server.imp_secret}", flush=True)
        print("  (가짜 데모 자격 증명입니다. 멈추려면 Ctrl-C)", flush=True)
        server.serve_until_interrupted()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    print("샌드박스를 멈췄습니다.", flush=True)
    return 0
