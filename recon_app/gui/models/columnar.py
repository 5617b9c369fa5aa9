"""Qt-free column work behind the results table: prepare, sort, filter.

Everything here is a pure function over numpy arrays, so it can run on a worker (``prepare_table``
always does; a text sort or text search on a big table does too) and be tested without Qt.
A table is kept as one array per column — never one Python object per cell (STYLE.md §4).

Sorting produces a permutation (``argsort``), filtering a boolean mask; the rows the view shows
are ``perm[mask[perm]]`` — a couple of numpy passes even for a million rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from recon_app.gui.models.columns import ColumnSpec, Kind


@dataclass(frozen=True)
class TableData:
    """A frozen columnar table (built on a worker, handed to the model on the GUI thread)."""

    n: int
    #: key -> raw values: int64 for MONEY/INT/TIME, bool for BOOL, object (str) for TEXT.
    values: dict[str, np.ndarray]
    #: CATEGORY key -> (int32 codes, sorted distinct values); codes index into the values.
    categories: dict[str, tuple[np.ndarray, tuple[str, ...]]]
    row_keys: np.ndarray  # object: the key explain_row/resolutions take (order_id or imp_uid)
    exception: np.ndarray  # bool: an exception not (yet) resolved
    resolved: np.ndarray  # bool
    search: np.ndarray | None = None  # object: lower-cased text the search box looks in
    #: key -> ascending stable permutation, for sorts already computed (numeric ones are cheap).
    sort_cache: dict[str, np.ndarray] = field(default_factory=dict)

    def category_values(self, key: str) -> tuple[str, ...]:
        return self.categories[key][1] if key in self.categories else ()


@dataclass(frozen=True)
class FilterSpec:
    """What the filter bar asks for; empty sets mean "any"."""

    statuses: frozenset[str] = frozenset()
    pgs: frozenset[str] = frozenset()
    methods: frozenset[str] = frozenset()
    text: str = ""
    only_exceptions: bool = False

    @property
    def is_empty(self) -> bool:
        return not (
            self.statuses or self.pgs or self.methods or self.text.strip() or self.only_exceptions
        )


def empty_table() -> TableData:
    np.zeros(0, dtype=np.int64)
    b = np.zeros(0, dtype=bool)
    return TableData(0, {}, {}, np.zeros(0, dtype=object), b, b)


def prepare_table(
    frame: pd.DataFrame, specs: Sequence[ColumnSpec], search_keys: Iterable[str] = ()
) -> TableData:
    """Turn a result frame into :class:`TableData` (run this on a worker for big frames)."""
    n = len(frame)
    values: dict[str, np.ndarray] = {}
    categories: dict[str, tuple[np.ndarray, tuple[str, ...]]] = {}
    for spec in specs:
        if spec.key not in frame.columns:
            continue
        col = frame[spec.key]
        if spec.kind is Kind.CATEGORY:
            categories[spec.key] = _category_codes(text_array(col))
        elif spec.kind is Kind.BOOL:
            values[spec.key] = col.fillna(False).to_numpy(dtype=bool)
        elif spec.is_numeric:
            values[spec.key] = _ints(col)
        else:
            values[spec.key] = text_array(col)
    resolved = (
        frame["resolved"].fillna(False).to_numpy(dtype=bool)
        if "resolved" in frame.columns
        else np.zeros(n, dtype=bool)
    )
    is_exc = (
        frame["is_exception"].fillna(False).to_numpy(dtype=bool)
        if "is_exception" in frame.columns
        else np.zeros(n, dtype=bool)
    )
    row_keys = _row_keys(frame)
    search = None
    keys = [k for k in search_keys if k in frame.columns]
    if keys:
        search = _search_text([text_array(frame[k]) for k in keys], n)
    return TableData(n, values, categories, row_keys, is_exc & ~resolved, resolved, search)


#: Rows per slice in the text passes below. A worker builds the table while the GUI thread must
#: keep painting; a single pandas string op over a million rows holds the GIL for 100-700 ms
#: (measured: ``.str.lower()`` 688 ms, ``+`` 200 ms, ``isna`` 130 ms), whereas a Python-level
#: loop over short slices lets the interpreter hand the GIL over every few milliseconds.
_SLICE = 50_000


def text_array(col: pd.Series) -> np.ndarray:
    """A column as an object array of str ('' where missing), built slice by slice."""
    values = col.to_numpy(dtype=object)
    out = np.empty(len(values), dtype=object)
    for start in range(0, len(values), _SLICE):
        part = values[start : start + _SLICE].tolist()
        out[start : start + _SLICE] = [v if v.__class__ is str else _as_text(v) for v in part]
    return out


def _category_codes(values: np.ndarray) -> tuple[np.ndarray, tuple[str, ...]]:
    """(int32 codes, sorted distinct values) of a low-cardinality text column, slice by slice
    (pd.factorize is one C pass over every value: ~70 ms of GIL at a million rows)."""
    seen: dict[str, int] = {}
    codes = np.empty(len(values), dtype=np.int32)
    for start in range(0, len(values), _SLICE):
        part = values[start : start + _SLICE].tolist()
        codes[start : start + _SLICE] = [seen.setdefault(v, len(seen)) for v in part]
    uniques = sorted(seen)
    rank = np.empty(len(seen), dtype=np.int32)
    rank[[seen[u] for u in uniques]] = np.arange(len(uniques), dtype=np.int32)
    return rank[codes] if len(codes) else codes, tuple(uniques)


def _as_text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _search_text(columns: Sequence[np.ndarray], n: int) -> np.ndarray:
    """Lower-cased, tab-joined text of the search columns per row (slice by slice, see _SLICE)."""
    out = np.empty(n, dtype=object)
    for start in range(0, n, _SLICE):
        parts = [c[start : start + _SLICE].tolist() for c in columns]
        out[start : start + _SLICE] = ["\t".join(texts).lower() for texts in zip(*parts)]
    return out


def _ints(col: pd.Series) -> np.ndarray:
    if col.dtype.kind in "iu":
        return col.to_numpy(dtype=np.int64)
    return pd.to_numeric(col, errors="coerce").fillna(0).to_numpy(dtype=np.int64)


def _row_keys(frame: pd.DataFrame) -> np.ndarray:
    """order_id, or imp_uid for a payment with no order (what explain_row takes)."""
    n = len(frame)
    if "row_key" in frame.columns:
        return text_array(frame["row_key"])
    if "order_id" in frame.columns:
        keys = text_array(frame["order_id"])
        if "imp_uid" in frame.columns:
            # a generator, not ``keys == ""``: one C pass over 1M objects holds the GIL ~50 ms
            missing = np.flatnonzero(np.fromiter((not k for k in keys), dtype=bool, count=n))
            keys[missing] = text_array(frame["imp_uid"].iloc[missing])
        return keys
    if "imp_uid" in frame.columns:
        return text_array(frame["imp_uid"])
    return np.arange(n).astype(str).astype(object)


# -- sorting -----------------------------------------------------------------------------------
def sort_key_array(data: TableData, key: str) -> np.ndarray:
    """The array whose argsort orders column ``key`` (codes for categories: they are sorted)."""
    if key in data.categories:
        return data.categories[key][0]
    return data.values[key]


def is_cheap_sort(data: TableData, key: str) -> bool:
    """Numeric and category sorts are one int argsort (≈0.15 s per 1M rows here); text is not."""
    if key in data.sort_cache or key in data.categories:
        return True
    arr = data.values.get(key)
    return arr is not None and arr.dtype != object


def ascending_permutation(data: TableData, key: str) -> np.ndarray:
    """Stable ascending order of column ``key``; cached on ``data`` (safe: data is immutable)."""
    cached = data.sort_cache.get(key)
    if cached is not None:
        return cached
    arr = sort_key_array(data, key)
    if arr.dtype == object:
        arr = _sortable_text(arr)
    perm = np.argsort(arr, kind="stable")
    data.sort_cache[key] = perm
    return perm


def _sortable_text(arr: np.ndarray) -> np.ndarray:
    """Text as a fixed-width numpy array: numpy sorts those in C, ~5x faster than str objects
    (tests/gui/bench_table_model.py), in code point order like Python. ASCII text (order ids,
    imp_uids) becomes bytes in one C pass (0.17 s per 1M here; np.char.encode took 0.67 s);
    other text becomes fixed-width unicode (UCS-4: the same order, no encoding pass)."""
    if not len(arr):
        return arr.astype("S1")
    try:
        return arr.astype("S")
    except UnicodeEncodeError:
        return arr.astype(str)


# -- filtering ---------------------------------------------------------------------------------
def filter_mask(data: TableData, spec: FilterSpec) -> np.ndarray | None:
    """Boolean mask of the rows ``spec`` keeps; None when it keeps all of them."""
    if spec.is_empty:
        return None
    mask = np.ones(data.n, dtype=bool)
    for key, wanted in (
        ("status", spec.statuses),
        ("pg_provider", spec.pgs),
        ("pay_method", spec.methods),
    ):
        if wanted and key in data.categories:
            codes, uniques = data.categories[key]
            idx = [i for i, u in enumerate(uniques) if u in wanted]
            mask &= np.isin(codes, np.asarray(idx, dtype=np.int32))
    if spec.only_exceptions:
        mask &= data.exception
    needle = spec.text.strip().lower()
    if needle and data.search is not None:
        # Only look at rows still in: a status filter first makes the text search cheaper.
        rows = np.flatnonzero(mask)
        hits = pd.Series(data.search[rows], dtype=object).str.contains(needle, regex=False)
        mask[:] = False
        mask[rows[hits.to_numpy(dtype=bool)]] = True
    return mask


def is_cheap_filter(data: TableData, spec: FilterSpec) -> bool:
    return not spec.text.strip() or data.n <= 100_000


def view_order(
    data: TableData, perm: np.ndarray | None, descending: bool, mask: np.ndarray | None
) -> np.ndarray | None:
    """Source row of each view row; None means "all rows in source order" (no copy)."""
    if perm is None:
        return None if mask is None else np.flatnonzero(mask)
    order = perm if mask is None else perm[mask[perm]]
    return order[::-1] if descending else order
