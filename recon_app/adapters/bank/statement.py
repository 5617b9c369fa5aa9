"""A bank's transaction export → one frame of transactions, whatever the bank.

Known layouts (../shared/settlement/FACTS.md §2; README "은행 거래내역"): a title and account block
sits above the header (up to ~40 rows), so the header is *found by keywords*, never taken from a
fixed row; 합계/소계/이월 rows are skipped; deposits and withdrawals come as two columns in either
order or as one signed amount column (``-39,000`` is a withdrawal); date and time share a column
or sit in two; column A may be empty. Files: CSV (the encodings the order import reads), XLSX
(encrypted too), real BIFF ``.xls`` and the HTML table saved as ``.xls`` — the bytes decide, not
the extension. Decoding reuses ``adapters.orders.reading`` (one reader of shop and bank files).

Every value is checked column-wise; a bad one stops the import with file, row, column and value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from recon_app.adapters.bank.html_table import looks_like_html, read_html_grid
from recon_app.adapters.orders.reading import read_grid
from recon_app.domain.errors import InputError

#: How far down the header may sit (KB: ~7, 카카오뱅크: ~11; parsers scan 25–40).
HEADER_SCAN_ROWS = 40


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", str(text))


#: Header aliases (compared without spaces). Role → names.
ALIASES: dict[str, tuple[str, ...]] = {
    "datetime": ("거래일시", "거래일자", "거래일", "일자", "거래날짜", "날짜"),
    "time": ("거래시간", "시간", "거래시각"),
    "deposit": (
        "입금액",
        "입금",
        "입금금액",
        "맡기신금액",
        "입금(원)",
        "입금액(원)",
        "입금금액(원)",
    ),
    "withdrawal": (
        "출금액",
        "출금",
        "출금금액",
        "지급(원)",
        "지급",
        "지급액",
        "찾으신금액",
        "출금(원)",
        "출금액(원)",
        "출금금액(원)",
    ),
    "amount": ("거래금액", "거래금액(원)", "금액"),
    "balance": (
        "잔액",
        "잔액(원)",
        "거래후잔액",
        "거래후잔액(원)",
        "거래후잔고",
    ),
    # every text column is kept: the PG's name may be in any of them (banks differ)
    "text": (
        "보낸분/받는분",
        "의뢰인/수취인",
        "입금자명",
        "입금자",
        "상대계좌예금주명",
        "기재내용",
        "적요",
        "내용",
        "거래내용",
        "거래기록사항",
        "송금메모",
        "송금메시지",
        "내통장표시",
        "메모",
        "거래메모",
        "이체메모",
    ),
}
_ROLE_OF = {_norm(alias): role for role, names in ALIASES.items() for alias in names}

_SUMMARY = re.compile(r"^(총?합계|소계|누계|.{0,4}이월)")
_BANKS = (
    "KB국민",
    "국민은행",
    "신한",
    "우리",
    "하나",
    "농협",
    "NH",
    "IBK",
    "기업은행",
    "카카오뱅크",
    "토스뱅크",
)
_ACCOUNT_LABEL = re.compile(r"계좌\s*번호")
_ACCOUNT_NUMBER = re.compile(r"\d[\d\-\s*]{6,}\d")

_DATE = re.compile(
    r"^(\d{4})[-./년\s]*(\d{1,2})[-./월\s]*(\d{1,2})일?"
    r"(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?$"
)
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TIME = re.compile(r"^(\d{1,2}):?(\d{2}):?(\d{2})?$")
_AMOUNT = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?$")


@dataclass(frozen=True)
class BankStatement:
    #: occurred_at (unix s, KST wall time), deposit, withdrawal (int64 ≥ 0), text, balance
    #: (int64), has_balance (bool), row (the file row, 1-based)
    transactions: pd.DataFrame
    header_row: int
    columns: dict[str, list[str]]
    account_masked: str | None = None
    bank: str | None = None
    rows_skipped: int = 0
    kind: str = "csv"
    notes: list[str] = field(default_factory=list)


def mask_account(number: str) -> str:
    """``123-456-789012`` → ``***-***-**9012``: digits but the last four hidden, dashes kept."""
    digits = [i for i, ch in enumerate(number) if ch.isdigit()]
    keep = set(digits[-4:])
    return "".join(
        ch if (i in keep or not ch.isdigit()) else "*" for i, ch in enumerate(number.strip())
    )


@dataclass(frozen=True)
class Layout:
    """What the user says about a layout the keywords do not find: the header's row (1-based)
    and role → header text (roles: ``ROLES``)."""

    header_row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)


#: Roles a column can be mapped to (``--map ROLE=HEADER``).
ROLES = ("datetime", "time", "deposit", "withdrawal", "amount", "balance", "text")


def read_statement(
    path: Path, data: bytes, *, password: str | None = None, layout: Layout | None = None
) -> BankStatement:
    """Decode and parse one statement file (``data`` = its bytes)."""
    name = path.name
    if looks_like_html(data):
        grid, kind = read_html_grid(name, data), "html"
    else:
        cell_grid = read_grid(path, data, password=password)
        grid, kind = cell_grid.cells, cell_grid.kind
    return parse_grid(name, grid, kind, layout=layout)


def parse_grid(
    name: str, grid: pd.DataFrame, kind: str = "csv", *, layout: Layout | None = None
) -> BankStatement:
    if layout is not None and (layout.header_row is not None or layout.columns):
        header_row, roles = _given_header(name, grid, layout)
    else:
        header_row, roles = _find_header(name, grid)
    above = grid.iloc[:header_row]
    account, bank = _account_block(above)
    body = grid.iloc[header_row + 1 :]
    cells: dict[int, np.ndarray] = {
        int(c): body[c].astype(object).map(_clean).to_numpy(object) for c in body.columns
    }
    file_rows = np.arange(header_row + 2, header_row + 2 + len(body))
    header_text = [str(v).strip() for v in grid.iloc[header_row].tolist()]

    def cols(role: str) -> list[int]:
        return [c for c, r in roles.items() if r == role]

    date_col = cols("datetime")[0]
    time_cols = cols("time")
    amounts: dict[str, np.ndarray] = {}
    for role in ("deposit", "withdrawal", "amount", "balance"):
        found = cols(role)
        if found:
            amounts[role] = cells[found[0]]

    # rows to skip: blank, 합계/소계/이월, or footers with neither a date nor any amount
    date_text = cells[date_col]
    first_cells = _first_nonempty(cells, len(body))
    summary = np.array([bool(_SUMMARY.match(t)) for t in first_cells], dtype=bool) | np.array(
        [bool(_SUMMARY.match(t)) for t in date_text], dtype=bool
    )
    money_cols = [amounts[r] for r in ("deposit", "withdrawal", "amount") if r in amounts]
    any_money = np.zeros(len(body), dtype=bool)
    for values in money_cols:
        any_money |= values != ""
    keep = ~summary & any_money & (date_text != "")
    # a row with money but no date is an error, not a footer
    missing_date = ~summary & any_money & (date_text == "")
    if missing_date.any():
        i = int(np.flatnonzero(missing_date)[0])
        raise _bad(name, file_rows[i], header_text[date_col], "", "거래일시가 비어 있습니다")
    idx = np.flatnonzero(keep)
    rows = file_rows[idx]

    occurred = _datetimes(
        name,
        rows,
        header_text[date_col],
        date_text[idx],
        (header_text[time_cols[0]], cells[time_cols[0]][idx]) if time_cols else None,
    )
    if "amount" in amounts and not ("deposit" in amounts or "withdrawal" in amounts):
        signed = _money(name, rows, header_text[cols("amount")[0]], amounts["amount"][idx], True)
        deposit = np.where(signed > 0, signed, 0)
        withdrawal = np.where(signed < 0, -signed, 0)
    else:
        deposit = (
            _money(name, rows, header_text[cols("deposit")[0]], amounts["deposit"][idx], False)
            if "deposit" in amounts
            else np.zeros(len(idx), np.int64)
        )
        withdrawal = (
            _money(
                name, rows, header_text[cols("withdrawal")[0]], amounts["withdrawal"][idx], False
            )
            if "withdrawal" in amounts
            else np.zeros(len(idx), np.int64)
        )
    if "balance" in amounts:
        bal_text = amounts["balance"][idx]
        has_balance = bal_text != ""
        balance = np.zeros(len(idx), np.int64)
        if has_balance.any():
            balance[has_balance] = _money(
                name,
                rows[has_balance],
                header_text[cols("balance")[0]],
                bal_text[has_balance],
                True,
            )
    else:
        has_balance = np.zeros(len(idx), bool)
        balance = np.zeros(len(idx), np.int64)

    text_cols = cols("text")
    texts = [" ".join(t for t in parts if t) for parts in zip(*(cells[c][idx] for c in text_cols))]
    if not text_cols:
        texts = [""] * len(idx)

    frame = pd.DataFrame(
        {
            "occurred_at": occurred,
            "deposit": deposit.astype(np.int64),
            "withdrawal": withdrawal.astype(np.int64),
            "text": pd.Series(texts, dtype=object),
            "balance": balance,
            "has_balance": has_balance,
            "row": rows.astype(np.int64),
        }
    )
    if not len(frame):
        raise InputError(
            f"'{name}'에 거래가 한 건도 없습니다 ({header_row + 1}행의 머리글 아래가 비어 있습니다).",
            hint="조회 기간을 확인하고 거래내역을 다시 내려받으세요.",
        )
    mapping: dict[str, list[str]] = {}
    for c, role in roles.items():
        mapping.setdefault(role, []).append(header_text[c])
    skipped = int(len(body) - len(idx) - int((~any_money & ~summary & (date_text == "")).sum()))
    return BankStatement(
        transactions=frame,
        header_row=header_row + 1,
        columns=mapping,
        account_masked=account,
        bank=bank,
        rows_skipped=max(skipped, 0),
        kind=kind,
    )


# -- header -----------------------------------------------------------------------------------------
def _find_header(name: str, grid: pd.DataFrame) -> tuple[int, dict[int, str]]:
    """The first row (of the first ``HEADER_SCAN_ROWS``) that names a date column and a money
    column; its columns mapped to roles."""
    for r in range(min(HEADER_SCAN_ROWS, len(grid))):
        roles: dict[int, str] = {}
        for c, value in enumerate(grid.iloc[r].tolist()):
            role = _ROLE_OF.get(_norm(value))
            if role is None:
                continue
            # the first column of a role wins, except text (all kept)
            if role != "text" and role in roles.values():
                continue
            roles[c] = role
        has_money = any(r_ in roles.values() for r_ in ("deposit", "withdrawal", "amount"))
        if "datetime" in roles.values() and has_money:
            return r, roles
    raise InputError(
        f"'{name}'의 처음 {HEADER_SCAN_ROWS}행에서 거래내역 머리글(거래일시와 입금/출금 또는 "
        "거래금액 열)을 찾지 못했습니다.",
        hint="은행 사이트의 '거래내역 조회'에서 엑셀/CSV로 내려받은 파일인지 확인하세요. "
        "머리글 예: 거래일시, 적요, 출금액, 입금액, 잔액.",
    )


def _given_header(name: str, grid: pd.DataFrame, layout: Layout) -> tuple[int, dict[int, str]]:
    """The header row and roles the user gave: the row's own aliases, then the user's mapping
    on top (each mapped header must be in that row)."""
    if layout.header_row is None:
        row, roles = _find_header(name, grid)
    else:
        row = layout.header_row - 1
        if not 0 <= row < len(grid):
            raise InputError(
                f"'{name}'에는 {layout.header_row}행이 없습니다 (전체 {len(grid)}행).",
                hint="--header-row 에 머리글이 있는 행 번호를 적으세요.",
            )
        roles = {}
        for c, value in enumerate(grid.iloc[row].tolist()):
            role = _ROLE_OF.get(_norm(value))
            if role is not None and (role == "text" or role not in roles.values()):
                roles[c] = role
    headers = [_norm(v) for v in grid.iloc[row].tolist()]
    for role, header in layout.columns.items():
        if role not in ROLES:
            raise InputError(
                f"열 지정 '{role}={header}': '{role}'은(는) 알 수 없는 항목입니다.",
                hint=f"쓸 수 있는 항목: {', '.join(ROLES)}",
            )
        if _norm(header) not in headers:
            shown = ", ".join(str(v) for v in grid.iloc[row].tolist() if str(v).strip())
            raise InputError(
                f"'{name}' {row + 1}행 머리글에 '{header}' 열이 없습니다. 있는 열: {shown}.",
                hint="--map 에 머리글을 그대로 적으세요 (공백은 무시합니다).",
            )
        column = headers.index(_norm(header))
        if role != "text":  # the mapped column replaces whatever had that role
            roles = {c: r for c, r in roles.items() if r != role}
        roles[column] = role
    has_money = any(r in roles.values() for r in ("deposit", "withdrawal", "amount"))
    if "datetime" not in roles.values() or not has_money:
        raise InputError(
            f"'{name}' {row + 1}행에서 거래일시 열과 입금/출금(또는 거래금액) 열을 정하지 못했습니다.",
            hint="--map datetime=머리글 --map deposit=머리글 처럼 열을 지정하세요.",
        )
    return row, roles


def _account_block(above: pd.DataFrame) -> tuple[str | None, str | None]:
    """The masked account number and the bank's name from the rows above the header."""
    account = bank = None
    for row in above.itertuples(index=False):
        values = [_clean(v) for v in row]
        line = " ".join(v for v in values if v)
        if bank is None:
            bank = next((b for b in _BANKS if b in line), None)
        if account is None and _ACCOUNT_LABEL.search(line):
            m = _ACCOUNT_NUMBER.search(_ACCOUNT_LABEL.split(line, maxsplit=1)[-1])
            if m:
                account = mask_account(m.group(0).strip())
    return account, bank


def _clean(value: object) -> str:
    if value is None:
        return ""
    text = str(value).replace("\u00a0", " ").strip()
    return "" if text.lower() == "nan" else text


def _first_nonempty(cells: dict[int, np.ndarray], n: int) -> list[str]:
    out = [""] * n
    for values in cells.values():
        for i in range(n):
            if not out[i] and values[i]:
                out[i] = values[i]
    return out


# -- values ----------------------------------------------------------------------------------------
def _bad(name: str, row: int, column: str, value: str, what: str) -> InputError:
    return InputError(
        f"'{name}' {row}행 '{column}' 열의 값 '{value}': {what}.",
        hint="은행 사이트에서 거래내역을 다시 내려받거나 그 행을 고친 뒤 다시 가져오세요. "
        "원장은 바뀌지 않았습니다.",
    )


def _datetimes(
    name: str,
    rows: np.ndarray,
    column: str,
    texts: np.ndarray,
    time_col: tuple[str, np.ndarray] | None,
) -> np.ndarray:
    """Unix seconds of each KST wall time (the ledger's unit)."""
    series = pd.Series(texts, dtype=object).astype(str).str.strip()
    parts = series.str.extract(_DATE)
    compact = series.str.extract(_DATE_COMPACT)
    use_compact = parts[0].isna() & compact[0].notna()
    for k in range(3):
        parts.loc[use_compact, k] = compact.loc[use_compact, k]
    bad = parts[0].isna()
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise _bad(
            name, rows[i], column, texts[i], "날짜로 읽을 수 없습니다 (예: 2026.11.02 09:05:00)"
        )
    y, mo, d = (parts[k].astype(int).to_numpy() for k in range(3))
    hh = parts[3].fillna("0").astype(int).to_numpy()
    mi = parts[4].fillna("0").astype(int).to_numpy()
    ss = parts[5].fillna("0").astype(int).to_numpy()
    if time_col is not None:
        t_name, t_texts = time_col
        t_series = pd.Series(t_texts, dtype=object).astype(str).str.strip()
        t_parts = t_series.str.extract(_TIME)
        t_bad = t_parts[0].isna() & (t_series != "")
        if t_bad.any():
            i = int(np.flatnonzero(t_bad.to_numpy())[0])
            raise _bad(
                name, rows[i], t_name, t_texts[i], "시각으로 읽을 수 없습니다 (예: 09:05:00)"
            )
        has = t_parts[0].notna().to_numpy()
        hh = np.where(has, t_parts[0].fillna("0").astype(int).to_numpy(), hh)
        mi = np.where(has, t_parts[1].fillna("0").astype(int).to_numpy(), mi)
        ss = np.where(has, t_parts[2].fillna("0").astype(int).to_numpy(), ss)
    frame = pd.DataFrame({"year": y, "month": mo, "day": d, "hour": hh, "minute": mi, "second": ss})
    stamps = pd.to_datetime(frame, errors="coerce")
    impossible = stamps.isna().to_numpy() | (y < 2000) | (y > 2099)
    if impossible.any():
        i = int(np.flatnonzero(impossible)[0])
        raise _bad(name, rows[i], column, texts[i], "없는 날짜이거나 2000~2099년 밖입니다")
    # wall time in KST → unix seconds
    local = stamps.to_numpy().astype("datetime64[s]").astype(np.int64)
    return local - 9 * 3600


def _money(name: str, rows: np.ndarray, column: str, texts: np.ndarray, signed: bool) -> np.ndarray:
    """Whole won from texts like ``1,234``, ``-39,000``, ``1234원``; empty = 0."""
    series = (
        pd.Series(texts, dtype=object)
        .astype(str)
        .str.replace(r"[\s원₩]", "", regex=True)
        .str.replace("−", "-", regex=False)
    )
    empty = (series == "").to_numpy()
    parts = series.str.extract(_AMOUNT)
    bad = parts[1].isna().to_numpy() & ~empty
    if not signed:
        bad |= (parts[0] == "-").to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        what = "원 단위 금액이 아닙니다" if signed else "0 이상의 원 단위 금액이어야 합니다"
        raise _bad(name, rows[i], column, texts[i], what)
    digits = parts[1].fillna("0").str.replace(",", "", regex=False)
    too_long = (digits.str.len() > 15).to_numpy()
    if too_long.any():
        i = int(np.flatnonzero(too_long)[0])
        raise _bad(name, rows[i], column, texts[i], "금액이 너무 큽니다")
    values = digits.astype(np.int64).to_numpy()
    return np.where((parts[0] == "-").to_numpy(), -values, values).astype(np.int64)
