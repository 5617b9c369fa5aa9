"""Errors a user can act on. Every one carries a message fit to show as is (Korean first).

ReconError
├── InputError           bad file, bad argument, bad fee rules → exit code 2
│   └── CredentialsError missing or rejected API key/secret     → exit code 2
├── ApiError             the API answered with a contract or client error (4xx, bad JSON)
│   └── ApiUnreachable   network/5xx/429 still failing after retries → exit code 3
├── LedgerError          ledger file damaged, newer than this app, or busy
└── Cancelled            the user cancelled a long job; nothing was written
"""

from __future__ import annotations


class ReconError(Exception):
    """Base of all errors with a user-facing message."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n→ {self.hint}" if self.hint else self.message


class InputError(ReconError):
    exit_code = 2


class CredentialsError(InputError):
    exit_code = 2


class ApiError(ReconError):
    exit_code = 3


class ApiUnreachable(ApiError):
    exit_code = 3


class LedgerError(ReconError):
    exit_code = 2


class Cancelled(ReconError):
    exit_code = 130

    def __init__(self, message: str = "작업이 취소되었습니다. 원장은 바뀌지 않았습니다.") -> None:
        super().__init__(message)
