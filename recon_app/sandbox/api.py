"""The PortOne V1 endpoints the app uses, as plain functions of a request (no HTTP here).

Behaviour follows /work/shared/portone/FACTS.md §1–§3 and the official V1 schema:
- envelope ``{code, message, response}``; ``code`` 0 and ``message`` null on success, -1 and a
  reason on errors; error bodies are JSON too (401 included);
- tokens: 30 min (``token_ttl``), getToken before expiry returns the same token, in its last
  minute it extends it by 5 minutes; expired/unknown/missing token → 401. ``Authorization:
  Bearer <token>`` and the bare token (what the official Python client sends) both work;
- lists: ``page`` 1-based, ``limit`` 1..1000 (default 20), ``from``/``to`` inclusive unix
  seconds on each payment's CURRENT status time, a window of at most 90 days (default: the 90
  days up to now), ``sorting`` in -started (default), started, -paid, paid, -updated, updated;
  ``next``/``previous`` 0 when there is none; a page past the end is 400 (page 1 of an empty
  result is a 200 with ``total`` 0);
- ``GET /payments?imp_uid[]=..&merchant_uid[]=..``: at most 100 ids; each merchant_uid gives its
  latest payment (as find/ does); 207 when only some ids were found, 404 when none.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote

from recon_app.sandbox.store import SORTINGS, SandboxStore

MAX_WINDOW = 90 * 86_400
MAX_LIMIT = 1000
DEFAULT_LIMIT = 20
MAX_IDS = 100
LIST_STATUSES = ("all", "ready", "paid", "cancelled", "failed")
FILTER_STATUSES = ("ready", "paid", "cancelled", "failed")

NOT_FOUND = "존재하지 않는 결제정보입니다."
UNAUTHORIZED = "Unauthorized: 인증 토큰이 없거나 만료되었거나 유효하지 않습니다."


@dataclass
class Reply:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def ok(response: Any, status: int = 200, message: str | None = None) -> Reply:
    return Reply(status, {"code": 0, "message": message, "response": response})


def error(status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, {"code": -1, "message": message, "response": None}, headers or {})


class BadRequest(Exception):
    """A 400 with this message."""


class TokenBook:
    """Issued access tokens and their expiry, on the sandbox clock."""

    def __init__(self, clock: Callable[[], int], ttl: int) -> None:
        self._clock = clock
        self.ttl = int(ttl)
        self._lock = threading.Lock()
        self._expiry: dict[str, int] = {}  # token -> expired_at
        self._current: dict[str, str] = {}  # imp_key -> its latest token

    def issue(self, imp_key: str) -> tuple[str, int, int]:
        """(token, expired_at, now): the live token again, extended in its last minute, or a new one."""
        with self._lock:
            now = self._clock()
            token = self._current.get(imp_key)
            expired_at = self._expiry.get(token, 0) if token else 0
            if token and now < expired_at:
                if expired_at - now <= 60:
                    expired_at += 300
                    self._expiry[token] = expired_at
                return token, expired_at, now
            if token:
                self._expiry.pop(token, None)
            token = secrets.token_hex(20)
            expired_at = now + self.ttl
            self._expiry[token] = expired_at
            self._current[imp_key] = token
            return token, expired_at, now

    def valid(self, token: str) -> bool:
        with self._lock:
            return self._clock() < self._expiry.get(token, 0)

    def expire_all(self) -> None:
        """Every issued token answers 401 from now on (getToken then issues a new one)."""
        with self._lock:
            self._expiry.clear()
            self._current.clear()


class SandboxApi:
    """Routes a request to the endpoint logic; thread-safe (the store and token book lock)."""

    def __init__(
        self, store: SandboxStore, imp_key: str, imp_secret: str, token_ttl: int = 1800
    ) -> None:
        self.store = store
        self.imp_key = imp_key
        self.imp_secret = imp_secret
        self.tokens = TokenBook(store.now, token_ttl)

    # ---- entry point --------------------------------------------------------------------------
    def handle(
        self,
        method: str,
        path: str,
        query: Mapping[str, list[str]],
        headers: Mapping[str, str],
        body: bytes = b"",
    ) -> Reply:
        parts = [unquote(s) for s in path.split("/")[1:]]
        if parts and parts[-1] == "" and len(parts) > 1:
            parts = parts[:-1]  # tolerate one trailing slash
        try:
            if parts == ["users", "getToken"]:
                if method != "POST":
                    return error(405, "getToken은 POST로 호출해야 합니다.", {"Allow": "POST"})
                return self._get_token(headers, body)
            if not parts or parts[0] != "payments":
                return error(404, f"존재하지 않는 API입니다: {path}")
            if method != "GET":
                return error(405, f"{path}는 GET으로 호출해야 합니다.", {"Allow": "GET"})
            if not self._authorized(headers):
                return error(401, UNAUTHORIZED)
            return self._payments(parts[1:], query)
        except BadRequest as exc:
            return error(400, str(exc))

    def _payments(self, rest: list[str], query: Mapping[str, list[str]]) -> Reply:
        if not rest:
            return self._multiple(query)
        head, tail = rest[0], rest[1:]
        if head == "status" and len(tail) == 1:
            return self._by_status(tail[0], query)
        if head == "find" and len(tail) in (1, 2):
            return self._find(tail[0], _opt_status(tail), query)
        if head == "findAll" and len(tail) in (1, 2):
            return self._find_all(tail[0], _opt_status(tail), query)
        if len(rest) == 1:
            return self._one(head)
        return error(404, f"존재하지 않는 API입니다: /payments/{'/'.join(rest)}")

    # ---- auth ---------------------------------------------------------------------------------
    def _get_token(self, headers: Mapping[str, str], body: bytes) -> Reply:
        creds = _parse_body(headers.get("content-type", ""), body)
        key, secret = creds.get("imp_key"), creds.get("imp_secret")
        if not isinstance(key, str) or not isinstance(secret, str):
            return error(401, "imp_key, imp_secret 값이 없습니다 (Unauthorized).")
        if not (
            secrets.compare_digest(key, self.imp_key)
            and secrets.compare_digest(secret, self.imp_secret)
        ):
            return error(401, "imp_key, imp_secret 인증에 실패하였습니다 (Unauthorized).")
        token, expired_at, now = self.tokens.issue(key)
        return ok({"access_token": token, "expired_at": expired_at, "now": now})

    def _authorized(self, headers: Mapping[str, str]) -> bool:
        value = headers.get("authorization", "").strip()
        if value[:7].lower() == "bearer ":
            value = value[7:].strip()
        return bool(value) and self.tokens.valid(value)

    # ---- endpoints ----------------------------------------------------------------------------
    def _one(self, imp_uid: str) -> Reply:
        p = self.store._lookup(imp_uid)
        return ok(p) if p is not None else error(404, NOT_FOUND)

    def _multiple(self, query: Mapping[str, list[str]]) -> Reply:
        uids = query.get("imp_uid[]", []) + query.get("imp_uid", [])
        merchants = query.get("merchant_uid[]", []) + query.get("merchant_uid", [])
        if not uids and not merchants:
            raise BadRequest("imp_uid[] 또는 merchant_uid[]를 하나 이상 지정해야 합니다.")
        if len(uids) + len(merchants) > MAX_IDS:
            raise BadRequest(f"한 번에 조회할 수 있는 결제건은 최대 {MAX_IDS}건입니다.")
        found: list[dict[str, Any]] = []
        seen: set[str] = set()
        missing: list[str] = []
        lookups = [self.store._lookup(u) for u in uids]
        lookups += [
            next(iter(self.store._for_merchant(m, None, "-started")), None) for m in merchants
        ]
        for ident, p in zip([*uids, *merchants], lookups):
            if p is None:
                missing.append(ident)
            elif p["imp_uid"] not in seen:
                seen.add(p["imp_uid"])
                found.append(p)
        if not found:
            return error(404, "해당되는 결제건을 찾지 못하였습니다.")
        if missing:
            return ok(found, 207, f"일부 결제건을 찾지 못하였습니다: {', '.join(missing)}")
        return ok(found)

    def _by_status(self, status: str, query: Mapping[str, list[str]]) -> Reply:
        if status not in LIST_STATUSES:
            raise BadRequest(
                f"지원하지 않는 결제상태입니다: {status} (all, ready, paid, cancelled, failed)"
            )
        page, limit, sorting = _paging(query)
        to = _int_param(query, "to")
        to = self.store.now() if to is None else to
        from_ = _int_param(query, "from")
        from_ = to - MAX_WINDOW if from_ is None else from_
        if from_ > to:
            raise BadRequest("from은 to보다 클 수 없습니다.")
        if to - from_ > MAX_WINDOW:
            raise BadRequest("조회 기간(from~to)은 최대 90일입니다.")
        return _page(self.store._query(status, from_, to, sorting), page, limit)

    def _find(self, merchant_uid: str, status: str | None, query: Mapping[str, list[str]]) -> Reply:
        sorting = _sorting(query)
        found = self.store._for_merchant(merchant_uid, status, sorting)
        return ok(found[0]) if found else error(404, NOT_FOUND)

    def _find_all(
        self, merchant_uid: str, status: str | None, query: Mapping[str, list[str]]
    ) -> Reply:
        page, limit, sorting = _paging(query)
        found = self.store._for_merchant(merchant_uid, status, sorting)
        if not found:
            return error(404, NOT_FOUND)
        return _page(found, page, limit)


# ---- parameter helpers ----------------------------------------------------------------------------
def _opt_status(tail: list[str]) -> str | None:
    if len(tail) < 2 or tail[1] == "":
        return None
    if tail[1] not in FILTER_STATUSES:
        raise BadRequest(
            f"지원하지 않는 결제상태입니다: {tail[1]} (ready, paid, cancelled, failed)"
        )
    return tail[1]


def _int_param(query: Mapping[str, list[str]], name: str) -> int | None:
    values = query.get(name)
    if not values or values[-1] == "":
        return None
    try:
        return int(values[-1])
    except ValueError:
        raise BadRequest(f"{name}은(는) 정수여야 합니다: {values[-1]!r}") from None


def _sorting(query: Mapping[str, list[str]]) -> str:
    sorting = (query.get("sorting") or ["-started"])[-1] or "-started"
    if sorting not in SORTINGS:
        raise BadRequest(f"지원하지 않는 sorting입니다: {sorting} ({', '.join(SORTINGS)})")
    return sorting


def _paging(query: Mapping[str, list[str]]) -> tuple[int, int, str]:
    page = _int_param(query, "page")
    page = 1 if page is None else page
    if page < 1:
        raise BadRequest(f"page는 1 이상이어야 합니다: {page}")
    limit = _int_param(query, "limit")
    limit = DEFAULT_LIMIT if limit is None else limit
    if not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(f"limit은 1 이상 {MAX_LIMIT} 이하여야 합니다: {limit}")
    return page, limit, _sorting(query)


def _page(items: list[dict[str, Any]], page: int, limit: int) -> Reply:
    total = len(items)
    start = (page - 1) * limit
    if page > 1 and start >= total:
        raise BadRequest(
            f"요청한 page({page})가 데이터 범위를 넘었습니다 (전체 {total}건, limit {limit})."
        )
    return ok(
        {
            "total": total,
            "previous": page - 1 if page > 1 else 0,
            "next": page + 1 if start + limit < total else 0,
            "list": items[start : start + limit],
        }
    )


def _parse_body(content_type: str, body: bytes) -> dict[str, Any]:
    """getToken accepts JSON or a form body; anything unreadable counts as no credentials."""
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return {}
    if "json" in content_type or (text.startswith("{") and "form" not in content_type):
        try:
            data = json.loads(text)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return {k: v[-1] for k, v in parse_qs(text, keep_blank_values=True).items()}
