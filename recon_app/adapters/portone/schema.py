"""PortOne V1 JSON → validated ledger rows, checked at the boundary.

Everything the API sends passes through here before anything is written: a response that breaks
the contract (missing or mistyped field, non-integral KRW, unknown status, absurd paging) raises
``ContractError`` naming the field and the imp_uid, and the caller writes nothing of that window.

Numbers: the API sends amounts as JSON numbers (fractional for some foreign currencies), so JSON
is parsed with ``parse_float=Decimal`` and converted to int exactly — never through float.
Timestamps are unix seconds, 0 meaning "not set" (FACTS §3); we also read ``null`` as 0.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from recon_app.adapters.portone.errors import ContractError
from recon_app.domain.money import currency_exponent

STATUSES = frozenset({"ready", "paid", "cancelled", "failed"})

#: Ledger ``payments`` columns filled from the API, in the order of the bulk INSERT.
PAYMENT_FIELDS: tuple[str, ...] = (
    "imp_uid",
    "merchant_uid",
    "status",
    "pay_method",
    "pg_provider",
    "emb_pg_provider",
    "pg_tid",
    "channel",
    "currency",
    "amount",
    "cancel_amount",
    "name",
    "buyer_name",
    "buyer_email",
    "buyer_tel",
    "card_name",
    "card_number",
    "card_quota",
    "apply_num",
    "vbank_name",
    "vbank_num",
    "vbank_date",
    "started_at",
    "paid_at",
    "failed_at",
    "cancelled_at",
    "fail_reason",
    "cancel_reason",
    "receipt_url",
    "sandbox",
)
#: ``payment_cancels`` columns after (store_id, imp_uid).
CANCEL_FIELDS: tuple[str, ...] = (
    "seq",
    "pg_tid",
    "amount",
    "cancelled_at",
    "reason",
    "cancellation_id",
    "receipt_url",
)

_OPTIONAL_TEXT = (
    "pay_method",
    "pg_provider",
    "emb_pg_provider",
    "pg_tid",
    "channel",
    "name",
    "buyer_name",
    "buyer_email",
    "buyer_tel",
    "card_name",
    "card_number",
    "apply_num",
    "vbank_name",
    "vbank_num",
    "fail_reason",
    "cancel_reason",
    "receipt_url",
)
_TIMESTAMPS = ("started_at", "paid_at", "failed_at", "cancelled_at", "vbank_date")

_MAX_AMOUNT = 10**15  # beyond any real payment; an int64 column holds it with room to spare
_MAX_TS = 253402300799  # 9999-12-31


class SchemaError(ValueError):
    """One field of one payment is wrong. ``str()`` is a Korean sentence naming both."""

    def __init__(
        self, field: str, imp_uid: str | None, problem: str, *, index: int | None = None
    ) -> None:
        self.field = field
        self.imp_uid = imp_uid
        self.problem = problem
        self.index = index
        super().__init__(field, imp_uid, problem)

    def __str__(self) -> str:
        if self.imp_uid:
            who = f"결제 imp_uid={self.imp_uid}"
        elif self.index is not None:
            who = f"{self.index + 1}번째 결제"
        else:
            who = "결제"
        return f"{who}의 '{self.field}' 필드: {self.problem}"

    def as_contract_error(self, where: str) -> ContractError:
        return ContractError(
            f"PortOne 응답이 계약을 어겼습니다 ({where}): {self}",
            field=self.field,
            imp_uid=self.imp_uid,
        )


def loads(data: bytes | str) -> Any:
    """JSON with exact numbers: floats become Decimal; NaN/Infinity are refused."""

    def _no_constant(name: str) -> Any:
        raise ValueError(f"JSON에 허용되지 않는 값 {name}")

    try:
        return json.loads(data, parse_float=Decimal, parse_constant=_no_constant)
    except RecursionError:
        # The C decoder recurses once per level; a payment document is about five levels deep
        # (envelope, response, list, payment, cancel_history), a hostile one 100,000.
        raise ValueError(
            "배열이나 객체가 너무 깊게 중첩되어 있습니다 (결제 응답은 다섯 단계 정도입니다)"
        ) from None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(
    p: Mapping[str, Any], field: str, imp_uid: str | None, *, required: bool = False
) -> str | None:
    value = p.get(field)
    if value is None:
        if required:
            raise SchemaError(field, imp_uid, "필수 값이 없습니다")
        return None
    if not isinstance(value, str):
        raise SchemaError(
            field, imp_uid, f"문자열이어야 하는데 {type(value).__name__} 값 {value!r}입니다"
        )
    if required and not value.strip():
        raise SchemaError(field, imp_uid, "빈 문자열입니다")
    return value


def _timestamp(value: Any, field: str, imp_uid: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        value = int(value)
    if not _is_int(value) or not 0 <= value <= _MAX_TS:
        raise SchemaError(field, imp_uid, f"유닉스 초(0 이상의 정수)여야 하는데 {value!r}입니다")
    return int(value)


def minor_units(value: Any, field: str, imp_uid: str | None, currency: str) -> int:
    """An API amount as an exact int in the currency's smallest unit (won for KRW)."""
    if value is None:
        raise SchemaError(field, imp_uid, "필수 금액이 없습니다")
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise SchemaError(
            field, imp_uid, f"숫자여야 하는데 {type(value).__name__} 값 {value!r}입니다"
        )
    amount = Decimal(value)
    if not amount.is_finite():
        raise SchemaError(field, imp_uid, f"유한한 숫자가 아닙니다: {value!r}")
    exponent = currency_exponent(currency)  # 12.34 USD is stored as 1234 (cents)
    scaled = amount.scaleb(exponent)
    if scaled != scaled.to_integral_value():
        if currency == "KRW":
            raise SchemaError(field, imp_uid, f"원화(KRW) 금액은 정수여야 하는데 {value}입니다")
        raise SchemaError(
            field, imp_uid, f"{currency} 금액 {value}은(는) 소수 {exponent}자리를 넘습니다"
        )
    won = int(scaled)
    if not 0 <= won <= _MAX_AMOUNT:
        raise SchemaError(field, imp_uid, f"금액이 범위(0 이상)를 벗어났습니다: {value}")
    return won


#: Longest text a saved payment may hold in one field. PortOne's are a product name, a URL,
#: a reason: far shorter. A bigger one is a damaged or hostile file, not a payment.
MAX_TEXT_CHARS = 10_000


def check_text_sizes(parsed: ParsedPayment, *, index: int | None = None) -> None:
    """Refuse a payment whose text fields (or cancel reasons) exceed ``MAX_TEXT_CHARS``."""
    uid = parsed.row["imp_uid"]
    fields = [(f, parsed.row[f]) for f in ("imp_uid", "merchant_uid", *_OPTIONAL_TEXT)]
    for cancel in parsed.cancels:
        seq = cancel[0]
        fields += [(f"cancel_history[{seq}].{f}", v) for f, v in zip(CANCEL_FIELDS, cancel)]
    for field, value in fields:
        if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
            raise SchemaError(
                field,
                uid[:100],
                f"글자가 너무 많습니다 ({len(value):,}자, 최대 {MAX_TEXT_CHARS:,}자)",
                index=index,
            )


_CARD_DIGITS = re.compile(r"\d")


def masked_card_number(value: str | None) -> str | None:
    """The API returns card numbers masked; if one ever arrives whole, mask it before storing.

    A full PAN has 13–19 digits and no mask character; we then keep the first 6 (BIN) and the
    last 4, as the masks PGs use do, so no full card number ever reaches the ledger.
    """
    if value is None:
        return None
    digits = _CARD_DIGITS.findall(value)
    if len(digits) >= 13 and "*" not in value and "x" not in value.lower():
        body = "".join(digits)
        return body[:6] + "*" * (len(body) - 10) + body[-4:]
    return value


@dataclass(frozen=True)
class ParsedPayment:
    row: dict[str, Any]  # PAYMENT_FIELDS → value
    cancels: list[tuple[Any, ...]]  # CANCEL_FIELDS tuples, in cancel_history order


def parse_payment(p: Any, *, index: int | None = None) -> ParsedPayment:
    """Validate one PortOne payment object and convert it to ledger values.

    The common case (a well-formed KRW payment) takes a fast path of plain type checks — a sync
    of 100k payments runs this 100k times; anything unusual goes through ``_parse_checked``,
    which finds and names the exact problem.
    """
    if type(p) is dict:
        get = p.get
        uid = get("imp_uid")
        status = get("status")
        amount = get("amount")
        cancel_amount = get("cancel_amount")
        sandbox = get("sandbox", False)
        if (
            type(uid) is str
            and uid.strip()
            and type(get("merchant_uid")) is str
            and get("merchant_uid").strip()
            and get("currency") == "KRW"
            and status in STATUSES
            and type(amount) is int
            and type(cancel_amount) is int
            and 0 <= cancel_amount <= amount <= _MAX_AMOUNT
            and (sandbox is None or type(sandbox) is bool)
        ):
            row = {f: get(f) for f in _OPTIONAL_TEXT}
            ok = all(v is None or type(v) is str for v in row.values())
            quota = get("card_quota")
            ok = ok and (quota is None or (type(quota) is int and quota >= 0))
            for f in _TIMESTAMPS:
                v = get(f)
                if v is None:
                    row[f] = 0
                elif type(v) is int and 0 <= v <= _MAX_TS:
                    row[f] = v
                else:
                    ok = False
            history = get("cancel_history")
            cancels: list[tuple[Any, ...]] = []
            if history:
                ok = (
                    ok
                    and type(history) is list
                    and all(
                        type(c) is dict
                        and type(c.get("amount")) is int
                        and type(c.get("cancelled_at")) is int
                        for c in history
                    )
                )
                if ok:
                    cancels = _parse_cancels(history, uid, "KRW")
            if ok:
                row.update(
                    imp_uid=uid,
                    merchant_uid=p["merchant_uid"],
                    status=status,
                    currency="KRW",
                    amount=amount,
                    cancel_amount=cancel_amount,
                    sandbox=bool(sandbox),
                    card_quota=quota,
                )
                card = row["card_number"]
                if card is not None and "*" not in card:
                    row["card_number"] = masked_card_number(card)
                return ParsedPayment(row=row, cancels=cancels)
    return _parse_checked(p, index=index)


def _parse_checked(p: Any, *, index: int | None = None) -> ParsedPayment:
    """The careful path: every check, each failure a SchemaError naming field and imp_uid."""
    if not isinstance(p, Mapping):
        raise SchemaError(
            "(결제 객체)", None, f"객체여야 하는데 {type(p).__name__}입니다", index=index
        )
    raw_uid = p.get("imp_uid")
    _refuse_look_alikes(p, raw_uid if isinstance(raw_uid, str) else None, index)
    try:
        imp_uid = _text(p, "imp_uid", None, required=True)
        assert imp_uid is not None
        merchant_uid = _text(p, "merchant_uid", imp_uid, required=True)
        currency = _text(p, "currency", imp_uid, required=True)
        assert currency is not None
        currency = currency.strip().upper()
        status = _text(p, "status", imp_uid, required=True)
        if status not in STATUSES:
            raise SchemaError(
                "status",
                imp_uid,
                f"알 수 없는 상태 {status!r} (ready/paid/cancelled/failed 중 하나여야 함)",
            )
        for required in ("amount", "cancel_amount"):
            if required not in p:
                raise SchemaError(required, imp_uid, "필수 값이 없습니다")
        amount = minor_units(p["amount"], "amount", imp_uid, currency)
        cancel_amount = minor_units(p["cancel_amount"], "cancel_amount", imp_uid, currency)
        if cancel_amount > amount:
            raise SchemaError(
                "cancel_amount",
                imp_uid,
                f"취소액 {p['cancel_amount']}이(가) 결제액 {p['amount']}보다 큽니다",
            )
        sandbox = p.get("sandbox", False)  # required only since 2026-01-26; older answers lack it
        if sandbox is None:
            sandbox = False
        if not isinstance(sandbox, bool):
            raise SchemaError("sandbox", imp_uid, f"true/false 여야 하는데 {sandbox!r}입니다")
        row: dict[str, Any] = {
            "imp_uid": imp_uid,
            "merchant_uid": merchant_uid,
            "status": status,
            "currency": currency,
            "amount": amount,
            "cancel_amount": cancel_amount,
            "sandbox": sandbox,
        }
        for field in _OPTIONAL_TEXT:
            row[field] = _text(p, field, imp_uid)
        row["card_number"] = masked_card_number(row["card_number"])
        quota = p.get("card_quota")
        if quota is not None and (not _is_int(quota) or quota < 0):
            raise SchemaError(
                "card_quota", imp_uid, f"할부 개월(0 이상의 정수)이어야 하는데 {quota!r}입니다"
            )
        row["card_quota"] = quota
        for field in _TIMESTAMPS:
            row[field] = _timestamp(p.get(field), field, imp_uid)
        cancels = _parse_cancels(p.get("cancel_history"), imp_uid, currency)
    except SchemaError as exc:
        if exc.index is None:
            exc.index = index
        raise
    return ParsedPayment(row=row, cancels=cancels)


#: The whole body of a V1 webhook (FACTS §6): ids and a status, no amounts.
_WEBHOOK_KEYS = frozenset({"imp_uid", "merchant_uid", "status", "cancellation_id"})
_REST_PAYMENT_NEEDED = (
    "대사에는 REST API의 결제 정보(GET /payments/{imp_uid} 응답, 또는 recon-app sync)가 필요합니다"
)


def _refuse_look_alikes(p: Mapping[str, Any], imp_uid: str | None, index: int | None) -> None:
    """Objects that carry an imp_uid but are not the REST API's payment: say what they are."""
    if "amount" not in p and "paid_amount" in p:
        raise SchemaError(
            "amount",
            imp_uid,
            "브라우저 결제창 콜백(IMP.request_pay의 응답)으로 보입니다: paid_amount만 있고 "
            f"amount·cancel_amount가 없습니다. {_REST_PAYMENT_NEEDED}",
            index=index,
        )
    if "imp_uid" in p and set(p) <= _WEBHOOK_KEYS:
        raise SchemaError(
            "amount",
            imp_uid,
            "웹훅 알림 본문으로 보입니다: imp_uid·merchant_uid·status만 있고 금액이 없습니다. "
            + _REST_PAYMENT_NEEDED,
            index=index,
        )


def _parse_cancels(history: Any, imp_uid: str, currency: str) -> list[tuple[Any, ...]]:
    if history is None:
        return []
    if not isinstance(history, list):
        raise SchemaError(
            "cancel_history", imp_uid, f"배열이어야 하는데 {type(history).__name__}입니다"
        )
    out: list[tuple[Any, ...]] = []
    for seq, entry in enumerate(history):
        field = f"cancel_history[{seq}]"
        if not isinstance(entry, Mapping):
            raise SchemaError(field, imp_uid, "객체여야 합니다")
        if "amount" not in entry:
            raise SchemaError(f"{field}.amount", imp_uid, "필수 값이 없습니다")
        amount = minor_units(entry["amount"], f"{field}.amount", imp_uid, currency)
        cancelled_at = _timestamp(entry.get("cancelled_at"), f"{field}.cancelled_at", imp_uid)
        texts = [
            _text(entry, name, imp_uid)
            for name in ("pg_tid", "reason", "cancellation_id", "receipt_url")
        ]
        out.append((seq, texts[0], amount, cancelled_at, texts[1], texts[2], texts[3]))
    return out


# ---------------------------------------------------------------------------------------------
# Envelope and page


@dataclass(frozen=True)
class TokenBody:
    access_token: str
    expired_at: int
    now: int


@dataclass(frozen=True)
class Page:
    page: int
    total: int
    previous: int
    next: int
    items: list[Any]  # raw payment objects, validated later by parse_payment


def parse_token(response: Any, where: str) -> TokenBody:
    if not isinstance(response, Mapping):
        raise ContractError(
            f"getToken 응답에 'response' 객체가 없습니다 ({where})", field="response"
        )
    token = response.get("access_token")
    if not isinstance(token, str) or not token:
        raise ContractError("getToken 응답의 'access_token'이 없습니다", field="access_token")
    times = []
    for name in ("expired_at", "now"):
        value = response.get(name)
        if not _is_int(value) or value <= 0:
            raise ContractError(
                f"getToken 응답의 '{name}'이(가) 유닉스 초가 아닙니다: {value!r}", field=name
            )
        times.append(int(value))
    return TokenBody(token, times[0], times[1])


def parse_page(response: Any, *, page: int, limit: int, where: str) -> Page:
    """Check a ``PagedPaymentAnnotation`` for sanity before trusting its paging fields."""
    if not isinstance(response, Mapping):
        raise ContractError(f"목록 응답에 'response' 객체가 없습니다 ({where})", field="response")
    values = {}
    for name in ("total", "previous", "next"):
        value = response.get(name)
        if not _is_int(value) or value < 0:
            raise ContractError(
                f"목록 응답의 '{name}'이(가) 0 이상의 정수가 아닙니다: {value!r} ({where})",
                field=name,
            )
        values[name] = int(value)
    items = response.get("list")
    if not isinstance(items, list):
        raise ContractError(f"목록 응답의 'list'가 배열이 아닙니다 ({where})", field="list")
    nxt, total = values["next"], values["total"]
    # `next` must be the following page or 0; anything else would loop or skip pages.
    if nxt not in (0, page + 1):
        raise ContractError(
            f"목록 응답의 next={nxt}이(가) 비정상입니다 (page={page}, {where})", field="next"
        )
    if len(items) > limit:
        raise ContractError(
            f"한 페이지에 {len(items)}건이 왔습니다 (limit={limit}, {where})", field="list"
        )
    if nxt and not items:
        raise ContractError(
            f"빈 페이지인데 다음 페이지가 있다고 합니다 (page={page}, {where})", field="next"
        )
    if page == 1 and total > 0 and not items and nxt == 0:
        raise ContractError(f"total={total}인데 첫 페이지가 비었습니다 ({where})", field="total")
    return Page(page=page, total=total, previous=values["previous"], next=nxt, items=items)


def payments_from_document(doc: Any) -> Sequence[Any]:
    """The payment list in a saved file.

    A list of payments, ``{"list": [...]}``, an API envelope ``{code, message, response}``
    around a list, a page or one payment, or a list of such envelopes (several
    ``GET /payments/{imp_uid}`` answers saved into one array). An envelope whose ``code`` is not
    0 is PortOne's error answer: refused with PortOne's own message (FACTS §1: ``message``
    carries the reason).
    """
    if isinstance(doc, list):
        out: list[Any] = []
        for index, item in enumerate(doc):
            if not _is_envelope(item):
                out.append(item)
                continue
            try:
                out.extend(_envelope_payments(item))
            except ValueError as exc:
                raise ValueError(f"{index + 1}번째 응답: {exc}") from None
        return out
    if isinstance(doc, Mapping):
        if _is_envelope(doc):
            return _envelope_payments(doc)
        if isinstance(doc.get("list"), list):
            return doc["list"]
        if "imp_uid" in doc:
            return [doc]
    raise ValueError(
        '결제 목록을 찾을 수 없습니다: 결제 배열, {"list": [...]} 또는 '
        '{"code":0, "response": {"list": [...]}} 형식이어야 합니다'
    )


def _is_envelope(item: Any) -> bool:
    return isinstance(item, Mapping) and "code" in item and "response" in item


def _envelope_payments(envelope: Mapping[str, Any]) -> list[Any]:
    code = envelope.get("code")
    if code not in (0, None):
        message = envelope.get("message") or "메시지 없음"
        raise ValueError(f"PortOne 오류 응답입니다 (code {code}: {message})")
    response = envelope.get("response")
    if isinstance(response, list):  # GET /payments?imp_uid[]=…: Payment[]
        return list(response)
    if isinstance(response, Mapping):
        if isinstance(response.get("list"), list):  # a page
            return list(response["list"])
        if "imp_uid" in response:  # GET /payments/{imp_uid}
            return [response]
    raise ValueError(
        "응답의 'response'에 결제가 없습니다 (결제 하나, 결제 배열 또는 {\"list\": [...]}이어야 "
        "합니다)"
    )
