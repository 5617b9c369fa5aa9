"""How PortOne failures become the app's errors.

ApiError (recon_app.domain.errors)
├── PortOneHttpError   a 4xx/unexpected answer: carries HTTP status and the envelope's code/message
├── ContractError      the response breaks the documented contract (field, imp_uid named)
└── ApiUnreachable     network errors, timeouts, 429 and 5xx still failing after the retries
CredentialsError       getToken refused the key/secret, or a 401 survived one token refresh
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from recon_app.domain.errors import ApiError, ApiUnreachable, CredentialsError

#: Transport failures worth another attempt: refused/reset connections, timeouts (connect, read,
#: write, pool) and a server that closed the connection before the whole body arrived
#: (httpx raises RemoteProtocolError for an incomplete Content-Length body).
RETRYABLE_EXCEPTIONS: tuple[type[BaseException], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


class PortOneHttpError(ApiError):
    """The API answered with an error that another attempt will not fix (400, 403, 404, …)."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        api_code: int | None,
        api_message: str | None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.status = status
        self.api_code = api_code
        self.api_message = api_message


class ContractError(ApiError):
    """A response that breaks the API contract; nothing from its window is written."""

    def __init__(
        self, message: str, *, field: str | None = None, imp_uid: str | None = None
    ) -> None:
        super().__init__(
            message,
            hint="PortOne 응답이 문서화된 형식과 다릅니다. 이 구간은 원장에 쓰지 않았습니다. "
            "잠시 뒤 다시 동기화하고, 계속되면 PortOne 고객센터에 문의하세요.",
        )
        self.field = field
        self.imp_uid = imp_uid


def error_envelope(response: httpx.Response) -> tuple[int | None, str | None]:
    """``(code, message)`` of an error body ``{code, message, response}``, if it has one.

    The official Python client threw this body away on non-200 answers
    (iamport-rest-client-python#23); it is the only place PortOne says *why*.
    """
    try:
        body: Any = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None, None
    if not isinstance(body, dict):
        return None, None
    code = body.get("code")
    message = body.get("message")
    return (
        code if isinstance(code, int) and not isinstance(code, bool) else None,
        message if isinstance(message, str) else None,
    )


def http_error(response: httpx.Response, what: str) -> ApiError:
    """The error for a non-retryable HTTP status (the caller handled 401 refresh and retries)."""
    code, message = error_envelope(response)
    status = response.status_code
    said = f' — PortOne: "{message}" (code {code})' if message else ""
    if status == 400:
        text, hint = (
            f"PortOne이 요청을 거부했습니다 (HTTP 400, {what}){said}",
            "조회 기간·상태 값이 올바른지 확인하세요.",
        )
    elif status == 401:
        return CredentialsError(
            f"PortOne 인증이 거부되었습니다 (HTTP 401, {what}){said}",
            hint="REST API 키/시크릿을 확인하고 `recon-app stores set-credentials 상점이름`으로 "
            "다시 저장하세요.",
        )
    elif status == 403:
        text, hint = (
            f"PortOne이 접근을 허용하지 않았습니다 (HTTP 403, {what}){said}",
            "이 키에 결제 조회 권한이 있는지(하위 가맹점이면 Tier 설정) 확인하세요.",
        )
    elif status == 404:
        text, hint = (
            f"PortOne에서 찾을 수 없습니다 (HTTP 404, {what}){said}",
            "--api-base 주소가 PortOne API(https://api.iamport.kr)인지 확인하세요.",
        )
    else:
        text, hint = (
            f"PortOne이 예상하지 못한 응답을 보냈습니다 (HTTP {status}, {what}){said}",
            None,
        )
    return PortOneHttpError(text, status=status, api_code=code, api_message=message, hint=hint)


def unreachable(what: str, attempts: int, cause: str) -> ApiUnreachable:
    return ApiUnreachable(
        f"PortOne API에 연결할 수 없습니다 ({what}, {attempts}회 시도): {cause}",
        hint="인터넷 연결과 --api-base 주소를 확인하고 잠시 뒤 다시 실행하세요. "
        "이미 받은 구간은 저장되어 있어 다음 실행이 이어서 받습니다.",
    )
