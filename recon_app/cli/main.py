"""``recon-app`` argument parsing and the one place errors become messages and exit codes.

Exit codes: 0 success, 2 bad input or credentials, 3 API unreachable, 1 unexpected (logged),
130 cancelled. A user never sees a traceback: unexpected errors go to the log file.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from recon_app.cli import commands
from recon_app.console import make_console_safe
from recon_app.domain.errors import ReconError
from recon_app.logs import log_file, setup_logging

log = logging.getLogger(__name__)


class _VersionAction(argparse.Action):
    """``--version``: the version and where the app keeps its files (``--db`` given before it
    counts), as Help → About shows them."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings, dest, nargs=0, help="버전과 원장·데이터·로그 위치를 보고 종료"
        )

    def __call__(self, parser, namespace, values, option_string=None) -> None:  # type: ignore[no-untyped-def]
        from recon_app.services.diagnostics import app_facts, format_facts

        db = getattr(namespace, "db", None)
        print(format_facts(app_facts(Path(db) if db else None)))
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="recon-app",
        description="Recon 정산 대사: PortOne 결제내역과 주문을 맞춰 보고 수수료·정산액을 계산합니다.",
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument(
        "--db", metavar="PATH", help="원장(SQLite) 파일 경로 (기본: 사용자 데이터 폴더)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in commands.ALL:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    make_console_safe()
    setup_logging()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except ReconError as exc:
        print(f"오류: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("중단되었습니다. 원장은 마지막으로 완료된 작업 상태 그대로입니다.", file=sys.stderr)
        return 130
    except Exception:  # the last line of defence: log it, say it politely
        log.exception("unexpected error in %s", args.command)
        print(
            f"예기치 못한 오류가 발생했습니다. 원장은 바뀌지 않았습니다.\n"
            f"자세한 내용은 로그 파일에 있습니다: {log_file()}",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
