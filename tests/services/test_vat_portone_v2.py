"""The VAT reference's cross-check against PortOne V2's (unstable) vat-report endpoint, with a
real HTTP server on 127.0.0.1 answering in the documented shape: the totals appear beside
Recon's with the difference; an error answer only adds a note."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from ledger_builders import add_payments, kst, payment

from recon_app.services.vat import vat_report
from recon_app.storage.db import raw

SECRET = "v2-test-secret"


class _Api(BaseHTTPRequestHandler):
    seen: list[dict[str, Any]] = []
    fail = False

    def log_message(self, *args: Any) -> None:
        pass

    def _send(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length) or b"{}")
        if self.path == "/login/api-secret" and body.get("apiSecret") == SECRET:
            self._send(200, {"accessToken": "acc", "refreshToken": "ref"})
        else:
            self._send(401, {"type": "UNAUTHORIZED", "message": "no"})

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if self.headers.get("Authorization") != "Bearer acc":
            self._send(401, {"type": "UNAUTHORIZED", "message": "no"})
            return
        if type(self).fail:
            self._send(403, {"type": "FORBIDDEN", "message": "거래대사 서비스 미사용 상점"})
            return
        request = json.loads(parse_qs(url.query)["requestBody"][0])
        type(self).seen.append({"path": url.path, "request": request})
        self._send(
            200,
            {
                "items": [
                    {
                        "paymentMethod": "CARD",
                        "supplyAmount": 100_000,
                        "vatAmount": 10_000,
                        "taxFreeAmount": 0,
                        "totalAmount": 110_000,
                    },
                    {
                        "paymentMethod": "POINT",
                        "supplyAmount": 30_000,
                        "vatAmount": 3_000,
                        "taxFreeAmount": 0,
                        "totalAmount": 33_000,
                    },
                ],
                "summary": {
                    "totalSupplyAmount": 130_000,
                    "totalVatAmount": 13_000,
                    "totalTaxFreeAmount": 0,
                    "totalAmount": 143_000,
                },
            },
        )


@pytest.fixture
def api() -> Iterator[str]:
    _Api.seen, _Api.fail = [], False
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Api)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _v2_store(ledger, api_base: str) -> None:  # type: ignore[no-untyped-def]
    add_payments(
        ledger,
        [
            payment("c1", "O1", 110_000, paid_at=kst("2026-10-05 10:00")),
            payment("p1", "O2", 44_000, paid_at=kst("2026-11-05 10:00"), pay_method="point"),
        ],
        store="v2shop",
    )
    with ledger.write() as conn:
        raw(conn).execute(
            "UPDATE stores SET provider = 'portone-v2', api_base = ? WHERE name = 'v2shop'",
            (api_base,),
        )


def test_v2_totals_beside_recons_with_the_difference(ledger, api, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PORTONE_API_SECRET", SECRET)
    _v2_store(ledger, api)
    report = vat_report(ledger, "2026Q4", "v2shop")
    assert _Api.seen == [
        {
            "path": "/payment-reconciliations/transactions/vat-report",
            "request": {"dateRange": {"from": "2026-10-01", "until": "2026-12-31"}},
        }
    ]
    check = report.cross_check
    assert check is not None and check["ok"]
    assert (check["portone_total"], check["recon_total"], check["difference"]) == (
        143_000,
        154_000,  # 110,000 card + 44,000 point
        11_000,
    )
    assert [m["method"] for m in check["by_method"]] == ["CARD", "POINT"]
    assert any("11,000원 다릅니다" in n for n in report.notes)
    assert report.summary_form()["total"] == 154_000  # Recon's own figures are untouched


def test_a_failing_v2_endpoint_is_a_note_not_an_error(ledger, api, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PORTONE_API_SECRET", SECRET)
    _v2_store(ledger, api)
    _Api.fail = True
    report = vat_report(ledger, "2026Q4", "v2shop")
    assert report.cross_check is not None and report.cross_check["ok"] is False
    assert "대조하지 못했습니다" in report.notes[-1]
    assert report.summary_form()["total"] == 154_000


def test_no_credentials_is_a_note_too(ledger, api) -> None:  # type: ignore[no-untyped-def]
    _v2_store(ledger, api)
    report = vat_report(ledger, "2026Q4", "v2shop")
    assert report.cross_check is not None and report.cross_check["ok"] is False
    assert _Api.seen == []
