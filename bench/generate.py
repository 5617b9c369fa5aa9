"""Seeded benchmark workload: a month (2026-10 KST) of a Korean shop's orders and PortOne payments.

Everything is built column-wise with numpy (a million orders in a couple of seconds); per-row
Python appears only where a consumer needs per-row objects (API payment dicts for the sandbox,
ledger rows for ``payments_repo``), and those are built straight from the columns.

Each order gets a *kind* — the situation it was generated for — and with it the reconciliation
status the rules must give it (``EXPECTED``). Most orders simply match; every exception kind
appears at a few percent, as do partial refunds, full cancels, failed-then-paid retries and
payments that match no order (orphans, ~1 % on top of the N orders).

Files written by :func:`write_files` (``bench/data/<N>/``):

* ``orders.csv``  — the shop's order export, CP949, headers as a Korean shop writes them;
* ``orders.xlsx`` — the same rows as a workbook (shared strings, numbers as numbers), written
  by a small streaming XML writer here so that a million rows take seconds, not minutes.

Run ``python bench/generate.py --sizes 10000,100000`` to (re)write the files.
"""

from __future__ import annotations

import argparse
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "bench" / "data"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from recon_app.adapters.spreadsheet import column_letter  # noqa: E402
from recon_app.domain.timeutil import KST_OFFSET_SECONDS, month_bounds  # noqa: E402

MONTH = "2026-10"
START, END = month_bounds(MONTH)
SEED = 20261001
GENERATOR_VERSION = "4"  # bump when the data changes: cached files and ledgers are rebuilt

HEADERS = (
    "주문번호",
    "주문일시",
    "주문상태",
    "결제수단",
    "주문자명",
    "상품명",
    "총 결제금액",
    "환불금액",
)

# (pg, weight, ((method, weight), ...)) — roughly the mix of a mid-size Korean shop.
PG_MIX: tuple[tuple[str, int, tuple[tuple[str, int], ...]], ...] = (
    ("html5_inicis", 22, (("card", 70), ("trans", 10), ("vbank", 12), ("phone", 8))),
    ("kcp", 18, (("card", 65), ("trans", 10), ("vbank", 15), ("phone", 10))),
    ("nice_v2", 12, (("card", 75), ("trans", 10), ("vbank", 15))),
    ("tosspayments", 16, (("card", 70), ("trans", 10), ("vbank", 12), ("phone", 8))),
    ("kakaopay", 16, (("kakaopay", 85), ("point", 15))),
    ("naverpay", 10, (("naverpay", 70), ("point", 30))),
    ("danal_tpay", 6, (("card", 70), ("trans", 15), ("vbank", 15))),
)
METHOD_WORDS = {
    "card": "신용카드",
    "trans": "실시간계좌이체",
    "vbank": "가상계좌",
    "phone": "휴대폰결제",
    "kakaopay": "카카오페이",
    "naverpay": "네이버페이",
    "point": "포인트결제",
}

# kind -> (share, expected reconciliation status). "matched" takes what is left.
KINDS: dict[str, tuple[float, str]] = {
    "partial_refund": (0.04, "matched"),  # shop refunded part, PG cancelled the same part
    "full_cancel": (0.03, "matched"),  # cancelled order, PG payment fully cancelled
    "retry": (0.02, "matched"),  # a declined payment, then a paid one
    "pending": (0.02, "pending"),  # awaiting deposit, vbank issued
    "cancelled_unpaid": (0.01, "cancelled_unpaid"),  # cancelled before paying (payment failed)
    "duplicate": (0.01, "duplicate_payment"),  # double click: two paid payments
    "vbank_unpaid": (0.01, "vbank_unpaid"),  # shop says paid, the virtual account is not
    "missing_payment": (0.01, "missing_payment"),  # shop says paid, PG has nothing
    "unconfirmed": (0.01, "unconfirmed_payment"),  # deposit arrived, shop still waits
    "refund_missing": (0.01, "refund_missing"),  # shop refunded, PG did not
    "refund_excess": (0.01, "refund_excess"),  # PG refunded, shop did not
    "amount_mismatch": (0.01, "amount_mismatch"),  # PG captured a different amount
}
KIND_NAMES = ("matched", *KINDS)
EXPECTED = {"matched": "matched", **{k: v[1] for k, v in KINDS.items()}}
ORPHAN_SHARE = 0.01

SURNAMES = list("김이박최정강조윤장임한오서신권황안송류홍")
GIVEN = [
    "민준",
    "서연",
    "도윤",
    "지우",
    "하준",
    "서윤",
    "은우",
    "하은",
    "지호",
    "수아",
    "예준",
    "지민",
    "현우",
    "채원",
    "준서",
    "다은",
    "건우",
    "유진",
    "우진",
    "소율",
]
PRODUCTS = [
    "린넨 셔츠",
    "울 니트",
    "데님 팬츠",
    "캔버스 토트백",
    "머그컵 세트",
    "핸드크림",
    "캠핑 의자",
    "원두 1kg",
    "유기농 그래놀라",
    "요가 매트",
    "텀블러",
    "무선 충전기",
]


@dataclass(frozen=True)
class Dataset:
    n: int
    seed: int
    #: one row per order: order_id, ordered_at, status (canonical), status_word, method,
    #: method_word, buyer_name, product, amount, refunded (-1 = empty cell), kind
    orders: pd.DataFrame
    #: one row per payment: imp_uid, merchant_uid, pg_provider, pay_method, status, amount,
    #: cancel_amount, started_at, paid_at, failed_at, cancelled_at, buyer_name, name,
    #: cancel_at (time of the single cancel entry, 0 = none)
    payments: pd.DataFrame


_TWO = np.array([f"{i:02d}" for i in range(60)], dtype=object)


def _day_texts(local_day: np.ndarray, fmt: str) -> np.ndarray:
    """Day numbers (days since 1970 in KST) -> formatted date, one strftime per distinct day."""
    codes, uniques = pd.factorize(local_day)
    texts = pd.to_datetime(np.asarray(uniques, dtype=np.int64) * 86_400, unit="s").strftime(fmt)
    return np.asarray(texts, dtype=object)[codes]


def _kst_text(ts: np.ndarray) -> np.ndarray:
    """Unix seconds -> "YYYY-MM-DD HH:MM:SS" KST, vectorised (no datetime per row)."""
    local = np.asarray(ts, dtype=np.int64) + KST_OFFSET_SECONDS
    day, sec = np.divmod(local, 86_400)
    h, rest = np.divmod(sec, 3600)
    m, s = np.divmod(rest, 60)
    return _day_texts(day, "%Y-%m-%d ") + _TWO[h] + ":" + _TWO[m] + ":" + _TWO[s]


def _lookup(values: np.ndarray, mapping: dict[str, str]) -> np.ndarray:
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return np.asarray([mapping[u] for u in uniques], dtype=object)[codes]


def _obj(values: Any) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=object), dtype=object)


def make_dataset(n: int, seed: int = SEED) -> Dataset:
    """N orders of MONTH and their payments (plus ~1 % orphan payments), deterministic per seed."""
    rng = np.random.default_rng([seed, n])
    # -- orders ------------------------------------------------------------------------------
    ordered_at = np.sort(rng.integers(START, END - 3600, size=n))
    day = ((ordered_at + KST_OFFSET_SECONDS) // 86_400).astype(np.int64)
    day_text = _day_texts(day, "%Y%m%d").tolist()
    order_id = np.asarray([f"ORD{d}-{i:07d}" for i, d in enumerate(day_text, 1)], dtype=object)

    shares = np.array([v[0] for v in KINDS.values()])
    probs = np.concatenate([[1.0 - shares.sum()], shares])
    kind_code = rng.choice(len(KIND_NAMES), size=n, p=probs)
    kind = np.asarray(KIND_NAMES, dtype=object)[kind_code]

    pg_names = [p[0] for p in PG_MIX]
    pg_w = np.array([p[1] for p in PG_MIX], dtype=float)
    pg_code = rng.choice(len(PG_MIX), size=n, p=pg_w / pg_w.sum())
    pg = np.asarray(pg_names, dtype=object)[pg_code]
    method = np.empty(n, dtype=object)
    for i, (_, _, methods) in enumerate(PG_MIX):
        mask = pg_code == i
        names = np.asarray([m for m, _ in methods], dtype=object)
        w = np.array([w for _, w in methods], dtype=float)
        method[mask] = names[rng.choice(len(names), size=int(mask.sum()), p=w / w.sum())]
    # Situations that only exist for virtual accounts get one (issued by html5_inicis).
    vb = np.isin(kind, ["pending", "vbank_unpaid", "unconfirmed"])
    pg[vb] = "html5_inicis"
    method[vb] = "vbank"
    # ...and virtual accounts cannot be declined-then-retried or double-clicked.
    method[np.isin(kind, ["retry", "duplicate"]) & (method == "vbank")] = "card"

    amount = rng.integers(5, 1600, size=n) * 100 + np.where(rng.random(n) < 0.4, 3000, 0)
    part = np.maximum(100, (amount * rng.choice([10, 20, 30, 50], size=n) // 100) // 100 * 100)
    status = np.full(n, "paid", dtype=object)
    status[np.isin(kind, ["partial_refund", "refund_missing"])] = "partially_refunded"
    status[np.isin(kind, ["full_cancel", "cancelled_unpaid"])] = "cancelled"
    status[np.isin(kind, ["pending", "unconfirmed"])] = "awaiting_payment"
    refunded = np.full(n, -1, dtype=np.int64)  # -1: empty refund cell
    shows_refund = rng.random(n) < 0.5  # half the exports write 0 in the refund column
    refunded[shows_refund & (status == "paid")] = 0
    pr = status == "partially_refunded"
    refunded[pr] = part[pr]
    fc = kind == "full_cancel"
    refunded[fc] = amount[fc]
    status_words = {
        "paid": np.array(
            ["결제완료", "배송준비중", "배송중", "배송완료", "구매확정"], dtype=object
        ),
        "awaiting_payment": np.array(["입금대기"], dtype=object),
        "cancelled": np.array(["주문취소", "취소완료"], dtype=object),
        "partially_refunded": np.array(["부분환불"], dtype=object),
    }
    status_word = np.empty(n, dtype=object)
    for st, words in status_words.items():
        mask = status == st
        status_word[mask] = words[rng.integers(0, len(words), size=int(mask.sum()))]
    buyer = (
        np.asarray(SURNAMES, dtype=object)[rng.integers(0, len(SURNAMES), n)]
        + np.asarray(GIVEN, dtype=object)[rng.integers(0, len(GIVEN), n)]
    )
    product = np.asarray(PRODUCTS, dtype=object)[rng.integers(0, len(PRODUCTS), n)]
    orders = pd.DataFrame(
        {
            "order_id": _obj(order_id),
            "ordered_at": ordered_at.astype(np.int64),
            "status": _obj(status),
            "status_word": _obj(status_word),
            "method": _obj(method),
            "method_word": _obj(_lookup(method, METHOD_WORDS)),
            "buyer_name": _obj(buyer),
            "product": _obj(product),
            "amount": amount.astype(np.int64),
            "refunded": refunded,
            "kind": _obj(kind),
        }
    )

    # -- payments ----------------------------------------------------------------------------
    paid_delay = np.where(
        method == "vbank", rng.integers(600, 6 * 3600, n), rng.integers(15, 240, n)
    )
    paid_at = ordered_at + paid_delay
    cancel_at = paid_at + rng.integers(3600, 5 * 86_400, n)
    parts: list[dict[str, np.ndarray]] = []

    def add(
        idx: np.ndarray,
        *,
        status: str,
        amount_: np.ndarray | None = None,
        cancel: np.ndarray | None = None,
        paid: np.ndarray | None = None,
        started: np.ndarray | None = None,
    ) -> None:
        k = len(idx)
        amt = amount[idx] if amount_ is None else amount_
        can = np.zeros(k, np.int64) if cancel is None else cancel
        st = ordered_at[idx] + 5 if started is None else started
        pa = (
            np.zeros(k, np.int64)
            if status in ("ready", "failed")
            else (paid_at[idx] if paid is None else paid)
        )
        parts.append(
            {
                "merchant_uid": order_id[idx],
                "pg_provider": pg[idx],
                "pay_method": method[idx],
                "status": np.full(k, status, dtype=object),
                "amount": amt.astype(np.int64),
                "cancel_amount": can.astype(np.int64),
                "started_at": st.astype(np.int64),
                "paid_at": pa.astype(np.int64),
                "failed_at": (st + 40).astype(np.int64)
                if status == "failed"
                else np.zeros(k, np.int64),
                "cancelled_at": cancel_at[idx] if status == "cancelled" else np.zeros(k, np.int64),
                "cancel_at": np.where(can > 0, cancel_at[idx], 0).astype(np.int64),
                "buyer_name": buyer[idx],
                "name": product[idx],
            }
        )

    def where(*kinds: str) -> np.ndarray:
        return np.flatnonzero(np.isin(kind, list(kinds)))

    add(where("matched", "refund_missing", "unconfirmed"), status="paid")
    idx = where("partial_refund", "refund_excess")
    add(idx, status="paid", cancel=part[idx])
    idx = where("full_cancel")
    add(idx, status="cancelled", cancel=amount[idx])
    idx = where("retry")
    add(idx, status="failed", started=ordered_at[idx] + 2)
    add(idx, status="paid", started=ordered_at[idx] + 90, paid=paid_at[idx] + 120)
    idx = where("duplicate")
    add(idx, status="paid")
    add(idx, status="paid", started=ordered_at[idx] + 9, paid=paid_at[idx] + 7)
    add(where("pending", "vbank_unpaid"), status="ready")
    add(where("cancelled_unpaid"), status="failed")
    idx = where("amount_mismatch")
    delta = 1000 * rng.integers(1, 5, len(idx))
    add(
        idx,
        status="paid",
        amount_=np.where(amount[idx] > delta + 100, amount[idx] - delta, amount[idx] + delta),
    )
    payments = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}

    # Orphans: payments captured in the month whose merchant_uid is in no export.
    m = max(1, int(n * ORPHAN_SHARE))
    o_at = np.sort(rng.integers(START, END - 3600, size=m))
    o_pg = rng.integers(0, len(PG_MIX), m)
    o_amount = rng.integers(5, 1600, size=m) * 100
    orphan = {
        "merchant_uid": np.asarray([f"ORDX{i:07d}" for i in range(1, m + 1)], dtype=object),
        "pg_provider": np.asarray(pg_names, dtype=object)[o_pg],
        "pay_method": np.asarray([PG_MIX[i][2][0][0] for i in o_pg], dtype=object),
        "status": np.full(m, "paid", dtype=object),
        "amount": o_amount.astype(np.int64),
        "cancel_amount": np.zeros(m, np.int64),
        "started_at": o_at - 30,
        "paid_at": o_at,
        "failed_at": np.zeros(m, np.int64),
        "cancelled_at": np.zeros(m, np.int64),
        "cancel_at": np.zeros(m, np.int64),
        "buyer_name": buyer[rng.integers(0, n, m)],
        "name": product[rng.integers(0, n, m)],
    }
    payments = {k: np.concatenate([payments[k], orphan[k]]) for k in payments}
    order = np.argsort(payments["started_at"], kind="stable")  # the API's natural order
    total = len(order)
    uid_base = 300_000_000_000 + (seed % 500) * 1_000_000_000
    frame = {k: (_obj(v[order]) if v.dtype == object else v[order]) for k, v in payments.items()}
    frame["imp_uid"] = _obj([f"imp_{uid_base + i}" for i in range(total)])
    return Dataset(n=n, seed=seed, orders=orders, payments=pd.DataFrame(frame))


# -- the shop's export files ---------------------------------------------------------------------
def export_frame(ds: Dataset) -> pd.DataFrame:
    """The order export as the shop's admin would download it (text cells, Korean headers)."""
    o = ds.orders
    refunded = o["refunded"].to_numpy()
    refund_text = np.where(refunded < 0, "", refunded.astype(str)).astype(object)
    return pd.DataFrame(
        {
            HEADERS[0]: o["order_id"],
            HEADERS[1]: _obj(_kst_text(o["ordered_at"].to_numpy())),
            HEADERS[2]: o["status_word"],
            HEADERS[3]: o["method_word"],
            HEADERS[4]: o["buyer_name"],
            HEADERS[5]: o["product"],
            HEADERS[6]: o["amount"],
            HEADERS[7]: _obj(refund_text),
        }
    )


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, encoding="cp949", lineterminator="\r\n")


def _xml_escape(values: np.ndarray) -> np.ndarray:
    s = pd.Series(values, dtype=object).astype(str)
    if s.str.contains(r"[&<>\"]", regex=True).any():
        s = (
            s.str.replace("&", "&amp;")
            .str.replace("<", "&lt;")
            .str.replace(">", "&gt;")
            .str.replace('"', "&quot;")
        )
    return s.to_numpy(dtype=object)


def write_xlsx(frame: pd.DataFrame, path: Path, sheet: str = "주문목록") -> None:
    """A plain one-sheet workbook: strings in the shared-strings table (as Excel writes them),
    int64 columns as numbers. Rows are streamed in blocks so memory stays flat."""
    n, ncol = len(frame), len(frame.columns)
    letters = [column_letter(j) for j in range(ncol)]
    # shared strings: one table over every text column (headers included)
    text_cols = [c for c in frame.columns if frame[c].dtype == object]
    pool = pd.Series(
        np.concatenate(
            [
                np.asarray(list(frame.columns), dtype=object),
                *[frame[c].to_numpy(dtype=object) for c in text_cols],
            ]
        ),
        dtype=object,
    )
    codes_all, uniques = pd.factorize(pool)
    header_codes = codes_all[:ncol]
    codes: dict[str, np.ndarray] = {}
    pos = ncol
    for c in text_cols:
        codes[c] = codes_all[pos : pos + n]
        pos += n
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK.replace("SHEETNAME", sheet))
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/styles.xml", _STYLES)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{_NS}" '
                f'count="{n * len(text_cols) + ncol}" uniqueCount="{len(uniques)}">'.encode()
            )
            esc = _xml_escape(np.asarray(uniques, dtype=object))
            for i in range(0, len(esc), 200_000):
                f.write(
                    ("<si><t>" + pd.Series(esc[i : i + 200_000]) + "</t></si>").str.cat().encode()
                )
            f.write(b"</sst>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            last = f"{letters[-1]}{n + 1}"
            f.write(
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_NS}">'
                f'<dimension ref="A1:{last}"/><sheetData>'.encode()
            )
            head = "".join(
                f'<c r="{letters[j]}1" t="s"><v>{header_codes[j]}</v></c>' for j in range(ncol)
            )
            f.write(f'<row r="1">{head}</row>'.encode())
            cells = []
            for j, c in enumerate(frame.columns):
                kind = ' t="s"' if c in codes else ""
                cells.append(f'<c r="{letters[j]}%(r)d"{kind}><v>%(c{j})d</v></c>')
            template = '<row r="%(r)d">' + "".join(cells) + "</row>"
            # positional %-formatting is ~3x faster than dict lookups per row
            template = template.replace("%(r)d", "%d")
            for j in range(ncol):
                template = template.replace(f"%(c{j})d", "%d")
            block = 100_000
            for start in range(0, n, block):
                stop = min(n, start + block)
                rownum = range(start + 2, stop + 2)
                cols = [
                    (codes[c] if c in codes else frame[c].to_numpy())[start:stop].tolist()
                    for c in frame.columns
                ]
                args = []
                for j in range(ncol):
                    args += [rownum, cols[j]]
                f.write("".join([template % t for t in zip(rownum, *args)]).encode())
            f.write(b"</sheetData></worksheet>")
    tmp.replace(path)


_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<workbook xmlns="{_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="SHEETNAME" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'styles" Target="styles.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{_NS}"><fonts count="1"><font><sz val="11"/><name val="맑은 고딕"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
    '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    "</styleSheet>"
)


# -- ledger rows and API payments ------------------------------------------------------------------
def api_payments(ds: Dataset) -> list[dict[str, Any]]:
    """The payments as PortOne V1 ``Payment`` objects (what the sandbox serves)."""
    from recon_app.sandbox.payment import TEMPLATE

    p = ds.payments
    cols = {c: p[c].tolist() for c in p.columns}
    out: list[dict[str, Any]] = []
    for i in range(len(p)):
        uid = cols["imp_uid"][i]
        d = dict(TEMPLATE)
        d.update(
            imp_uid=uid,
            merchant_uid=cols["merchant_uid"][i],
            pay_method=cols["pay_method"][i],
            pg_provider=cols["pg_provider"][i],
            pg_tid=f"T{uid[4:]}",
            channel="pc",
            amount=cols["amount"][i],
            cancel_amount=cols["cancel_amount"][i],
            currency="KRW",
            status=cols["status"][i],
            started_at=cols["started_at"][i],
            paid_at=cols["paid_at"][i],
            failed_at=cols["failed_at"][i],
            cancelled_at=cols["cancelled_at"][i],
            buyer_name=cols["buyer_name"][i],
            name=cols["name"][i],
            cancel_history=[],
            cancel_receipt_urls=[],
        )
        if d["status"] == "failed":
            d["fail_reason"] = "[CARD_LIMIT] 카드 한도초과"
        if cols["cancel_amount"][i]:
            d["cancel_history"] = [
                {
                    "pg_tid": f"T{uid[4:]}C01",
                    "amount": cols["cancel_amount"][i],
                    "cancelled_at": cols["cancel_at"][i],
                    "reason": "고객 요청 취소",
                    "cancellation_id": f"cancel_{uid[4:]}_1",
                    "receipt_url": None,
                }
            ]
            if d["status"] == "cancelled":
                d["cancel_reason"] = "고객 요청 취소"
        if d["pay_method"] == "vbank":
            d.update(
                vbank_name="KB국민은행",
                vbank_num="12345678901234",
                vbank_date=d["started_at"] + 3 * 86_400,
            )
        out.append(d)
    return out


def ledger_payment_rows(
    ds: Dataset,
) -> tuple[list[dict[str, Any]], dict[str, list[tuple[Any, ...]]]]:
    """The payments as ``payments_repo.upsert_payments`` takes them (PAYMENT_FIELDS dicts and
    CANCEL_FIELDS tuples), built from the columns without going through JSON."""
    from recon_app.adapters.portone.schema import PAYMENT_FIELDS

    p = ds.payments
    n = len(p)
    cols: dict[str, list[Any]] = {c: p[c].tolist() for c in p.columns}
    none = [None] * n
    zero = [0] * n
    source = {
        "imp_uid": cols["imp_uid"],
        "merchant_uid": cols["merchant_uid"],
        "status": cols["status"],
        "pay_method": cols["pay_method"],
        "pg_provider": cols["pg_provider"],
        "pg_tid": ["T" + u[4:] for u in cols["imp_uid"]],
        "channel": ["pc"] * n,
        "currency": ["KRW"] * n,
        "amount": cols["amount"],
        "cancel_amount": cols["cancel_amount"],
        "name": cols["name"],
        "buyer_name": cols["buyer_name"],
        "card_quota": zero,
        "vbank_date": zero,
        "started_at": cols["started_at"],
        "paid_at": cols["paid_at"],
        "failed_at": cols["failed_at"],
        "cancelled_at": cols["cancelled_at"],
        "sandbox": [False] * n,
    }
    columns = [source.get(f, none) for f in PAYMENT_FIELDS]
    rows = [dict(zip(PAYMENT_FIELDS, values)) for values in zip(*columns)]
    cancels: dict[str, list[tuple[Any, ...]]] = {}
    for i in np.flatnonzero(p["cancel_amount"].to_numpy() > 0).tolist():
        uid = cols["imp_uid"][i]
        # CANCEL_FIELDS: seq, pg_tid, amount, cancelled_at, reason, cancellation_id, receipt_url
        cancels[uid] = [
            (
                0,
                f"T{uid[4:]}C01",
                cols["cancel_amount"][i],
                cols["cancel_at"][i],
                "고객 요청 취소",
                f"cancel_{uid[4:]}_1",
                None,
            )
        ]
    return rows, cancels


# -- cache on disk ---------------------------------------------------------------------------------
def data_dir(n: int) -> Path:
    return DATA_DIR / str(n)


def _stamp(n: int, seed: int) -> str:
    return f"v{GENERATOR_VERSION} n={n} seed={seed}"


def ensure_files(
    n: int, seed: int = SEED, *, xlsx: bool = True, force: bool = False
) -> dict[str, Path]:
    """Write orders.csv (and orders.xlsx) for N unless the cached ones match this generator."""
    d = data_dir(n)
    d.mkdir(parents=True, exist_ok=True)
    stamp_file = d / "STAMP"
    csv_path, xlsx_path = d / "orders.csv", d / "orders.xlsx"
    fresh = not force and stamp_file.exists() and stamp_file.read_text() == _stamp(n, seed)
    if not fresh:
        for f in d.iterdir():
            if f.is_file():
                f.unlink()
    if not csv_path.exists() or (xlsx and not xlsx_path.exists()):
        frame = export_frame(make_dataset(n, seed))
        if not csv_path.exists():
            write_csv(frame, csv_path)
        if xlsx and not xlsx_path.exists():
            write_xlsx(frame, xlsx_path)
        stamp_file.write_text(_stamp(n, seed))
    return {"csv": csv_path, "xlsx": xlsx_path, "dir": d}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--no-xlsx", action="store_true")
    args = ap.parse_args(argv)
    for n in [int(s) for s in args.sizes.split(",") if s]:
        t0 = time.perf_counter()
        ds = make_dataset(n, args.seed)
        t1 = time.perf_counter()
        frame = export_frame(ds)
        d = data_dir(n)
        d.mkdir(parents=True, exist_ok=True)
        write_csv(frame, d / "orders.csv")
        t2 = time.perf_counter()
        if not args.no_xlsx:
            write_xlsx(frame, d / "orders.xlsx")
        t3 = time.perf_counter()
        (d / "STAMP").write_text(_stamp(n, args.seed))
        print(
            f"N={n:>9,}: {len(ds.payments):,} payments; columns {t1 - t0:.2f}s, csv {t2 - t1:.2f}s, "
            f"xlsx {t3 - t2:.2f}s",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
