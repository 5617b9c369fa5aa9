"""Import a shop's order export into the ledger (and preview one before importing).

One import is one transaction: the file is read, decoded, validated and folded entirely in memory
first; only a file with no bad rows (or ``skip_bad_rows``) reaches ``ledger.write()``, where the
batch row and the upsert commit together or not at all. Re-importing the same bytes with the same
options is recognised by sha256 and writes nothing.

Refunds: ``orders.refunded_amount`` is the shop's refunded amount when the export has a non-empty
refund cell, else NULL. A cancelled order with NULL is read by reconciliation as fully refunded;
we store NULL rather than the amount so that "the shop said nothing" stays distinguishable.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from recon_app.adapters.orders.headers import (
    FIELDS,
    PAY_STATE,
    STATUS,
    STATUS_DETAIL,
    detect_mapping,
)
from recon_app.adapters.orders.layouts import BUILTIN_LAYOUTS, Layout
from recon_app.adapters.orders.parsing import NO_REFUND, check_status_map, parse_orders
from recon_app.adapters.orders.problems import RowProblem
from recon_app.adapters.orders.reading import (
    PasswordRequired,
    WrongPassword,
    read_file_bytes,
    read_grid,
)
from recon_app.adapters.orders.values import map_statuses, status_table
from recon_app.domain.display import format_won
from recon_app.domain.errors import InputError
from recon_app.domain.progress import CancelToken, ProgressFn, report
from recon_app.logs import register_secret
from recon_app.services.order_layouts import all_layouts, find_layout
from recon_app.storage import orders_repo
from recon_app.storage.db import Ledger
from recon_app.storage.stores import store_id as get_store_id

__all__ = [
    "FIELDS",
    "PASSWORD_ENV",
    "ImportOptions",
    "ImportPreview",
    "ImportReport",
    "PasswordRequired",
    "RowProblem",
    "WrongPassword",
    "import_orders",
    "preview_orders",
]

PASSWORD_ENV = "RECON_XLSX_PASSWORD"
#: The columns a status word can come from, in the order parsing uses them.
STATUS_FIELDS = (STATUS, STATUS_DETAIL, PAY_STATE)
#: Problems listed in a rejection message (the rest are counted); the report lists all skips.
SHOWN_PROBLEMS = 20
#: Skipped rows kept in the batch's report_json (the live report has all of them).
STORED_SKIPS = 1000
SAMPLE_ROWS = 20


@dataclass(frozen=True)
class ImportOptions:
    store: str = "default"
    sheet: str | None = None
    password: str | None = field(default=None, repr=False)  # for encrypted XLSX; never logged
    skip_bad_rows: bool = False
    status_map: Mapping[str, str] = field(default_factory=dict)  # word -> one of STATUSES
    column_map: Mapping[str, str] = field(default_factory=dict)  # field -> header text
    layout: str | None = None  # a named layout (built-in or saved); None = recognise it

    def key(self) -> str:
        """What makes two imports of the same bytes the same import (never the password)."""
        key: dict[str, Any] = {
            "sheet": self.sheet,
            "skip_bad_rows": self.skip_bad_rows,
            "status_map": sorted(self.status_map.items()),
            "column_map": sorted(self.column_map.items()),
        }
        if self.layout:  # added only when used, so earlier imports keep their key
            key["layout"] = self.layout
        return json.dumps(key, ensure_ascii=False)


@dataclass(frozen=True)
class ImportPreview:
    path: Path
    encoding: str | None
    sheet: str | None
    sheets: list[str]
    header_row: int
    headers: list[str]
    mapping: dict[str, str | None]  # field -> header text
    sample: list[list[str]]
    unknown_statuses: list[str]
    problems: list[str]
    layout: str | None = None  # the known layout in use (label), if any
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportReport:
    path: Path
    file_sha256: str
    encoding: str | None
    sheet: str | None
    header_row: int
    rows_read: int
    orders: int
    rows_folded: int
    inserted: int
    updated: int
    unchanged: int
    skipped: list[RowProblem]
    already_imported: bool
    batch_id: int | None
    layout: str | None = None
    warnings: list[str] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        name = self.path.name
        source = ", ".join(
            x
            for x in (
                self.encoding and self.encoding.upper(),
                self.sheet and f"시트 '{self.sheet}'",
            )
            if x
        )
        if self.already_imported:
            return [
                f"'{name}'은(는) 이미 같은 옵션으로 가져온 파일입니다 (가져오기 #{self.batch_id}). "
                "원장은 바뀌지 않았습니다.",
                f"주문 {format_won(self.orders)}건 (읽은 행 {format_won(self.rows_read)})",
            ]
        lines = [
            f"'{name}'{f' ({source})' if source else ''}: 머리글 {self.header_row}행, "
            f"읽은 행 {format_won(self.rows_read)}, 주문 {format_won(self.orders)}건",
        ]
        if self.layout:
            lines.append(f"양식: {self.layout}")
        lines.extend(f"주의: {w}" for w in self.warnings)
        if self.rows_folded:
            lines.append(f"여러 줄 주문을 합친 행: {format_won(self.rows_folded)}")
        lines.append(
            f"새로 추가 {format_won(self.inserted)}, 변경 {format_won(self.updated)}, "
            f"그대로 {format_won(self.unchanged)} (가져오기 #{self.batch_id})"
        )
        if self.skipped:
            rows = len({p.row for p in self.skipped})
            lines.append(
                f"건너뛴 행 {format_won(rows)}개 (이 주문들의 결제는 대사에서 원장에 없는 결제로 "
                "보입니다; 행을 고쳐 다시 가져오면 바로잡힙니다):"
            )
            lines.extend("  " + p.describe(name) for p in self.skipped)
        return lines


def _password(options: ImportOptions) -> str | None:
    password = options.password or os.environ.get(PASSWORD_ENV) or None
    register_secret(password)
    return password


@dataclass(frozen=True)
class _Resolved:
    column_map: dict[str, str]
    status_map: dict[str, str]
    layouts: dict[str, Layout]  # to recognise from the header row ({} when one was chosen)


def _resolve(options: ImportOptions) -> _Resolved:
    """The column/status maps to use: a named layout's, with the user's own on top."""
    if options.layout:
        chosen = find_layout(options.layout)
        return _Resolved(
            {**chosen.column_map, **options.column_map},
            {**chosen.status_map, **options.status_map},
            {},
        )
    try:
        layouts = all_layouts()
    except InputError:  # a damaged saved-layouts file must not stop imports that don't use it
        layouts = dict(BUILTIN_LAYOUTS)
    return _Resolved(dict(options.column_map), dict(options.status_map), layouts)


def _check_options(options: ImportOptions) -> None:
    check_status_map(options.status_map)
    unknown = [k for k in options.column_map if k not in FIELDS]
    if unknown:
        raise InputError(
            f"열 지정의 필드 이름 {', '.join(unknown)}을(를) 알 수 없습니다.",
            hint=f"다음 중 하나를 쓰세요: {', '.join(FIELDS)}.",
        )
    if not options.store.strip():
        raise InputError(
            "상점 이름이 비어 있습니다.", hint="--store 에 이름을 적거나 빼세요(default)."
        )


def preview_orders(path: Path, options: ImportOptions = ImportOptions()) -> ImportPreview:
    """What an import would see: header row, mapping, a sample and the problems found.

    Unreadable files raise InputError (PasswordRequired for an encrypted workbook without a
    password); a readable file with missing columns or bad rows returns them in ``problems``.
    """
    path = Path(path)
    _check_options(options)
    resolved = _resolve(options)
    data = read_file_bytes(path)
    grid = read_grid(path, data, sheet=options.sheet, password=_password(options))
    mapping = detect_mapping(path.name, grid.cells, resolved.column_map, resolved.layouts)
    body = grid.cells.iloc[mapping.header_row : mapping.header_row + SAMPLE_ROWS]
    sample = [[str(c) for c in row] for row in body.itertuples(index=False, name=None)]
    problems = list(mapping.problems)
    unknown: list[str] = []
    warnings: list[str] = []
    status_col = next(
        (mapping.columns[f] for f in STATUS_FIELDS if mapping.columns.get(f) is not None), None
    )
    if status_col is not None:
        words = grid.cells.iloc[mapping.header_row :][status_col]
        words = words[words.str.strip() != ""]
        _, missing = map_statuses(words, status_table(resolved.status_map))
        unknown = sorted({str(w).strip() for w in words[missing].unique()})
    if not mapping.problems:
        try:
            parsed = parse_orders(
                path.name,
                grid,
                status_map=resolved.status_map,
                column_map=resolved.column_map,
                layouts=resolved.layouts,
            )
            warnings = parsed.warnings
            if parsed.problems:
                problems.append(f"잘못된 행 {parsed.bad_rows:,}개:")
                problems.extend(p.describe(path.name) for p in parsed.problems[:SHOWN_PROBLEMS])
        except InputError as exc:
            problems.append(str(exc))
    return ImportPreview(
        path=path,
        encoding=grid.encoding,
        sheet=grid.sheet,
        sheets=list(grid.sheets),
        header_row=mapping.header_row,
        headers=mapping.headers,
        mapping={f: mapping.header_of(f) for f in FIELDS},
        sample=sample,
        unknown_statuses=unknown,
        problems=problems,
        layout=mapping.layout,
        warnings=warnings,
    )


def _reject(name: str, problems: list[RowProblem]) -> InputError:
    rows = len({p.row for p in problems})
    lines = [p.describe(name) for p in problems[:SHOWN_PROBLEMS]]
    more = len(problems) - len(lines)
    if more > 0:
        lines.append(f"… 그 밖에 {more:,}건")
    return InputError(
        f"'{name}'에 잘못된 행이 {rows:,}개 있어 아무것도 가져오지 않았습니다 (원장은 그대로입니다).\n"
        + "\n".join("  " + line for line in lines),
        hint="파일의 해당 칸을 고쳐 다시 가져오거나, 잘못된 행만 빼고 가져오려면 --skip-bad-rows 를 쓰세요.",
    )


def _already(path: Path, sha: str, batch: dict[str, Any]) -> ImportReport:
    r = batch["report"]
    skipped = [RowProblem(**p) for p in r.get("skipped", []) if isinstance(p, dict)]
    return ImportReport(
        path=path,
        file_sha256=sha,
        encoding=r.get("encoding"),
        sheet=r.get("sheet"),
        header_row=int(r.get("header_row", 0)),
        rows_read=int(r.get("rows_read", 0)),
        orders=int(r.get("orders", 0)),
        rows_folded=int(r.get("rows_folded", 0)),
        inserted=0,
        updated=0,
        unchanged=int(r.get("orders", 0)),
        skipped=skipped,
        already_imported=True,
        batch_id=batch["id"],
        layout=r.get("layout"),
        warnings=[str(w) for w in r.get("warnings", [])],
    )


def _previous(batches: list[dict[str, Any]], key: str) -> dict[str, Any] | None:
    return next((b for b in batches if b["report"].get("options_key") == key), None)


def import_orders(
    ledger: Ledger,
    path: Path,
    options: ImportOptions = ImportOptions(),
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> ImportReport:
    """Read, validate and upsert one order export; see the module docstring for the guarantees."""
    path = Path(path)
    _check_options(options)
    resolved = _resolve(options)
    cancel = cancel or CancelToken()
    report(progress, 0, None, "파일 읽는 중")
    data = read_file_bytes(path)
    sha = hashlib.sha256(data).hexdigest()
    key = options.key()
    with ledger.read() as conn:
        sid = get_store_id(conn, options.store, create=False)
        earlier = _previous(orders_repo.find_batches(conn, sid, sha), key) if sid else None
    if earlier is not None:
        return _already(path, sha, earlier)

    cancel.raise_if_cancelled()
    grid = read_grid(path, data, sheet=options.sheet, password=_password(options))
    del data
    cancel.raise_if_cancelled()
    report(progress, 0, None, "행 검사 중")
    encoding, sheet = grid.encoding, grid.sheet
    parsed = parse_orders(
        path.name,
        grid,
        status_map=resolved.status_map,
        column_map=resolved.column_map,
        layouts=resolved.layouts,
    )
    del grid
    if parsed.problems and not options.skip_bad_rows:
        raise _reject(path.name, parsed.problems)
    if not len(parsed.orders):
        raise InputError(
            f"'{path.name}'의 모든 행({parsed.rows_read:,}개)이 잘못되어 가져올 주문이 없습니다.\n"
            + "\n".join("  " + p.describe(path.name) for p in parsed.problems[:SHOWN_PROBLEMS]),
            hint="파일을 고쳐 다시 가져오세요.",
        )
    cancel.raise_if_cancelled()
    columns = _columns(parsed.orders)
    total = len(parsed.orders)
    now = int(time.time())

    def on_chunk(done: int) -> None:
        report(progress, done, total, "원장에 쓰는 중")
        cancel.raise_if_cancelled()  # raising here rolls the whole transaction back

    with ledger.write() as conn:
        sid = get_store_id(conn, options.store)
        assert sid is not None
        earlier = _previous(orders_repo.find_batches(conn, sid, sha), key)
        if earlier is not None:  # another window imported it meanwhile
            return _already(path, sha, earlier)
        batch_id = orders_repo.begin_batch(conn, sid, path.name, sha, now)
        inserted, updated = orders_repo.upsert_orders(conn, sid, batch_id, columns, now, on_chunk)
        unchanged = total - inserted - updated
        skipped_rows = len({p.row for p in parsed.problems})
        summary = {
            "options_key": key,
            "encoding": encoding,
            "sheet": sheet,
            "header_row": parsed.mapping.header_row,
            "rows_read": parsed.rows_read,
            "orders": total,
            "rows_folded": parsed.rows_folded,
            "mapping": {f: parsed.mapping.header_of(f) for f in FIELDS},
            "skipped": [asdict(p) for p in parsed.problems[:STORED_SKIPS]],
            "skipped_total": len(parsed.problems),
            "layout": parsed.mapping.layout,
            "warnings": parsed.warnings,
        }
        result = ImportReport(
            path=path,
            file_sha256=sha,
            encoding=encoding,
            sheet=sheet,
            header_row=parsed.mapping.header_row,
            rows_read=parsed.rows_read,
            orders=total,
            rows_folded=parsed.rows_folded,
            inserted=inserted,
            updated=updated,
            unchanged=unchanged,
            skipped=parsed.problems,
            already_imported=False,
            batch_id=batch_id,
            layout=parsed.mapping.layout,
            warnings=parsed.warnings,
        )
        orders_repo.finish_batch(
            conn,
            batch_id,
            rows_read=parsed.rows_read,
            records=total,
            inserted=inserted,
            updated=updated,
            unchanged=unchanged,
            rows_folded=parsed.rows_folded,
            rows_skipped=skipped_rows,
            report=summary,
        )
    report(progress, total, total, "완료")
    return result


def _columns(orders: Any) -> dict[str, list[Any]]:
    """The folded frame as plain Python columns for executemany (None for missing values)."""
    refund = orders["refunded_amount"].to_numpy()
    refund_list: list[int | None] = refund.tolist()
    if (refund == NO_REFUND).any():
        refund_list = [None if v == NO_REFUND else v for v in refund_list]
    return {
        "order_id": orders["order_id"].tolist(),
        "ordered_at": orders["ordered_at"].to_numpy(dtype=np.int64).tolist(),
        "amount": orders["amount"].to_numpy(dtype=np.int64).tolist(),
        "status": orders["status"].tolist(),
        "refunded_amount": refund_list,
        "pay_method": orders["pay_method"].tolist(),
        "buyer_name": orders["buyer_name"].tolist(),
    }
