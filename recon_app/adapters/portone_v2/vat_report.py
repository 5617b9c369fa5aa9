"""PortOne V2 ``GET /payment-reconciliations/transactions/vat-report`` (거래일 기준 부가세 내역).

The endpoint is marked ``x-portone-unstable`` in PortOne's OpenAPI (1.16.0): the caller treats
any failure as a note, never as an error. Request: ``requestBody`` = JSON ``{dateRange: {from,
until}}`` with ``yyyy-MM-dd`` dates (and an optional ``filter``). Answer: ``summary
{totalSupplyAmount, totalVatAmount, totalTaxFreeAmount, totalAmount}`` and ``items[]
{paymentMethod: CARD|VIRTUAL_ACCOUNT|TRANSFER|CHARGE|MOBILE|POINT|ETC, supplyAmount, vatAmount,
taxFreeAmount, totalAmount}``, all int64 (FACTS §4.4; schema read from the public OpenAPI).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from recon_app.adapters.portone.errors import ContractError
from recon_app.adapters.portone_v2.client import PortOneV2Client

PATH = "/payment-reconciliations/transactions/vat-report"
METHODS = ("CARD", "VIRTUAL_ACCOUNT", "TRANSFER", "CHARGE", "MOBILE", "POINT", "ETC")


@dataclass(frozen=True)
class VatLine:
    method: str
    supply: int
    vat: int
    tax_free: int
    total: int


@dataclass(frozen=True)
class V2VatReport:
    supply: int
    vat: int
    tax_free: int
    total: int
    items: tuple[VatLine, ...]


def fetch_transaction_vat_report(client: PortOneV2Client, first: date, last: date) -> V2VatReport:
    """The V2 VAT totals of transactions dated ``first``..``last`` (both yyyy-MM-dd)."""
    body = {"dateRange": {"from": first.isoformat(), "until": last.isoformat()}}
    answer, _date = client._call(  # the client's retrying, authenticated request
        "GET",
        PATH,
        what=f"부가세 내역 {first.isoformat()}~{last.isoformat()}",
        params={"requestBody": json.dumps(body, separators=(",", ":"))},
    )
    return parse_vat_report(answer)


def parse_vat_report(answer: Any) -> V2VatReport:
    if not isinstance(answer, Mapping) or not isinstance(answer.get("summary"), Mapping):
        raise ContractError("PortOne V2 부가세 내역 응답에 summary가 없습니다", field="summary")
    s = answer["summary"]
    items = answer.get("items") or []
    if not isinstance(items, list):
        raise ContractError("PortOne V2 부가세 내역의 items가 배열이 아닙니다", field="items")
    lines = []
    for i, item in enumerate(items):
        if not isinstance(item, Mapping) or item.get("paymentMethod") not in METHODS:
            raise ContractError(
                f"PortOne V2 부가세 내역 items[{i}]의 paymentMethod를 알 수 없습니다",
                field=f"items[{i}].paymentMethod",
            )
        lines.append(
            VatLine(
                str(item["paymentMethod"]),
                _int(item, "supplyAmount", f"items[{i}]"),
                _int(item, "vatAmount", f"items[{i}]"),
                _int(item, "taxFreeAmount", f"items[{i}]"),
                _int(item, "totalAmount", f"items[{i}]"),
            )
        )
    return V2VatReport(
        _int(s, "totalSupplyAmount", "summary"),
        _int(s, "totalVatAmount", "summary"),
        _int(s, "totalTaxFreeAmount", "summary"),
        _int(s, "totalAmount", "summary"),
        tuple(lines),
    )


def _int(obj: Mapping[str, Any], key: str, where: str) -> int:
    value = obj.get(key)
    if type(value) is not int:
        raise ContractError(
            f"PortOne V2 부가세 내역의 {where}.{key}가 정수가 아닙니다", field=f"{where}.{key}"
        )
    return value
