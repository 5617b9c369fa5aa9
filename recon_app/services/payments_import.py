"""Import PortOne V1 payment JSON saved to a file (a console/API dump) into the ledger.

Accepted shapes: a list of payments, ``{"list": [...]}``, or an API envelope
``{"code": 0, "message": ..., "response": {"list": [...]}}`` (also ``response: [...]``). The
payments go through the same boundary checks as a sync and are upserted in one transaction:
a file with one bad payment writes nothing, and the error names the payment and field.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from recon_app.adapters.portone import schema
from recon_app.domain.display import format_minor
from recon_app.domain.errors import InputError
from recon_app.storage import payments_repo
from recon_app.storage.db import Ledger
from recon_app.storage.stores import store_id as get_store_id

MAX_FILE_BYTES = 2_000_000_000
#: Read first: a JSON document starts with "[" or "{" within it (after a BOM and blanks).
HEAD_BYTES = 65_536


@dataclass(frozen=True)
class PaymentsImportReport:
    path: Path
    store: str
    file_sha256: str
    payments: int
    inserted: int
    updated: int
    unchanged: int
    cancels: int
    batch_id: int
    #: (imp_uid, amount text, currency) of the payments not in won, e.g. ("imp_1", "12.50", "USD")
    non_krw: tuple[tuple[str, str, str], ...] = ()

    def summary_lines(self) -> list[str]:
        lines = [
            f"결제 파일 '{self.path.name}' → 상점 '{self.store}': 결제 {self.payments:,}건 "
            f"(취소 내역 {self.cancels:,}건)",
            f"  새로 추가 {self.inserted:,} · 갱신 {self.updated:,} · 변경 없음 {self.unchanged:,}",
        ]
        if self.non_krw:
            shown = ", ".join(f"{uid} {amount} {cur}" for uid, amount, cur in self.non_krw[:10])
            more = f" 외 {len(self.non_krw) - 10:,}건" if len(self.non_krw) > 10 else ""
            lines.append(
                f"  원화가 아닌 결제 {len(self.non_krw):,}건은 통화와 함께 따로 보관하고 원화 "
                f"대사·합계에는 넣지 않습니다: {shown}{more}"
            )
        return lines


def read_payment_bytes(name: str, stream: BinaryIO) -> bytes:
    """All bytes of an opened payment file, unless its head shows it is not JSON.

    Reads at most ``HEAD_BYTES`` first, so a CSV or a binary file given by mistake is refused
    without reading (or decoding) the rest of it.
    """
    head = stream.read(HEAD_BYTES)
    start = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if not head.strip() and len(head) < HEAD_BYTES:
        raise InputError(f"결제 파일 '{name}'이(가) 비어 있습니다.")
    # Only an ASCII lead is judged here; other bytes (UTF-16, binary) get the decoder's message.
    if start and start[0] < 0x80 and start[:1] not in (b"[", b"{"):
        first = start[:1].decode("ascii")
        shown = f"'{first}'" if first.isprintable() else f"제어 문자 {first!r}"
        raise InputError(
            f"결제 파일 '{name}'이(가) JSON이 아닙니다 (첫 글자가 {shown}입니다; JSON 결제 "
            "목록은 [ 또는 {로 시작합니다).",
            hint="PortOne API가 돌려준 JSON을 그대로 UTF-8로 저장한 파일을 고르세요.",
        )
    return head + stream.read()


def import_payments_file(
    ledger: Ledger, path: Path, store: str = "default"
) -> PaymentsImportReport:
    path = Path(path)
    try:
        with path.open("rb") as stream:
            data = read_payment_bytes(str(path), stream)
    except FileNotFoundError:
        raise InputError(
            f"결제 파일 '{path}'이(가) 없습니다.", hint="파일 경로를 확인하세요."
        ) from None
    except OSError as exc:
        raise InputError(f"결제 파일 '{path}'을(를) 읽을 수 없습니다: {exc.strerror}") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"결제 파일 '{path}'이(가) 너무 큽니다 ({len(data):,} 바이트).")
    try:
        doc = schema.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(
            f"결제 파일 '{path}'이(가) UTF-8 텍스트가 아닙니다.",
            hint="PortOne API가 돌려준 JSON을 그대로 UTF-8로 저장하세요.",
        ) from None
    except ValueError as exc:
        raise InputError(f"결제 파일 '{path}'이(가) 올바른 JSON이 아닙니다: {exc}") from None
    try:
        items = schema.payments_from_document(doc)
    except ValueError as exc:
        raise InputError(
            f"결제 파일 '{path}': {exc}",
            hint="PortOne API가 결제를 돌려준 응답(code 0)을 그대로 저장한 파일을 고르세요.",
        ) from None

    by_uid: dict[str, schema.ParsedPayment] = {}
    first_seen: dict[str, int] = {}
    for index, item in enumerate(items):
        try:
            parsed = schema.parse_payment(item, index=index)
            schema.check_text_sizes(parsed, index=index)
        except schema.SchemaError as exc:
            raise InputError(
                f"결제 파일 '{path}' {index + 1}번째 결제: {exc}",
                hint="파일의 해당 결제를 고치거나 PortOne에서 다시 내려받으세요. 아무것도 저장하지 않았습니다.",
            ) from None
        uid = parsed.row["imp_uid"]
        earlier = by_uid.get(uid)
        if earlier is None:
            by_uid[uid], first_seen[uid] = parsed, index
        elif earlier != parsed:  # the same payment twice is fine; two versions of it are not
            raise InputError(
                f"결제 파일 '{path}'에 imp_uid={uid}이(가) {first_seen[uid] + 1}번째와 "
                f"{index + 1}번째에 서로 다른 내용으로 있습니다 ({_differences(earlier, parsed)}).",
                hint="어느 쪽이 맞는지 알 수 없어 아무것도 저장하지 않았습니다. PortOne에서 "
                "결제 내역을 다시 내려받으세요.",
            )
    rows = [p.row for p in by_uid.values()]
    non_krw = tuple(
        (r["imp_uid"], format_minor(r["amount"], r["currency"]), r["currency"])
        for r in rows
        if r["currency"] != "KRW"
    )
    cancels = {uid: p.cancels for uid, p in by_uid.items() if p.cancels}
    digest = hashlib.sha256(data).hexdigest()
    with ledger.write() as conn:
        sid = get_store_id(conn, store)
        assert sid is not None
        counts = payments_repo.upsert_payments(
            conn,
            sid,
            rows,
            cancels,
            payment_fields=schema.PAYMENT_FIELDS,
            cancel_fields=schema.CANCEL_FIELDS,
        )
        batch_id = payments_repo.record_payments_batch(
            conn,
            sid,
            file_name=path.name,
            file_sha256=digest,
            records=len(rows),
            counts=counts,
            report={
                "payments": len(rows),
                "inserted": counts.inserted,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
            },
        )
    return PaymentsImportReport(
        path,
        store,
        digest,
        len(rows),
        counts.inserted,
        counts.updated,
        counts.unchanged,
        sum(len(c) for c in cancels.values()),
        batch_id,
        non_krw,
    )


def _differences(a: schema.ParsedPayment, b: schema.ParsedPayment) -> str:
    """``amount 12000 ≠ 15000, status paid ≠ cancelled`` (values as stored, at most three)."""

    def shown(p: schema.ParsedPayment, field: str) -> str:
        value, currency = p.row[field], p.row["currency"]
        if field in ("amount", "cancel_amount") and currency != "KRW":
            return f"{format_minor(value, currency)} {currency}"  # cents are not the amount
        return str(value)

    diffs = [
        f"{f} {shown(a, f)} ≠ {shown(b, f)}" for f in schema.PAYMENT_FIELDS if a.row[f] != b.row[f]
    ]
    if a.cancels != b.cancels:
        diffs.append(f"취소 내역 {len(a.cancels)}건 ≠ {len(b.cancels)}건")
    return ", ".join(diffs[:3]) + (" …" if len(diffs) > 3 else "")
