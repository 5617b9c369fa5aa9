"""RecordTableModel: a QAbstractTableModel over columnar data (cf. Orange ``TableModel``).

The model holds a :class:`TableData` (one numpy array per column) and ``_order``, the source row
shown at each view row. No per-cell objects exist; ``data()`` formats only the cells on screen.
Sorting replaces ``_order`` by an ``argsort`` permutation, filtering by a boolean mask — instead of
a QSortFilterProxyModel, whose per-row ``lessThan``/``filterAcceptsRow`` calls into Python would
take seconds at a million rows.

Text sorts and text searches on a big table take longer than a frame, so the model hands them to
``background`` (the owner wires it to the TaskRunner's cpu pool) and applies the answer when it
comes back; a newer request supersedes an older one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from recon_app.domain.display import format_count, format_won
from recon_app.domain.timeutil import format_kst
from recon_app.gui.models.columnar import (
    FilterSpec,
    TableData,
    ascending_permutation,
    empty_table,
    filter_mask,
    is_cheap_filter,
    is_cheap_sort,
    view_order,
)
from recon_app.gui.models.columns import ColumnSpec, Kind, label_for

Role = Qt.ItemDataRole
#: Raw value for sorting/tests: int won for money, int seconds for times (never a string).
SORT_ROLE = Role.UserRole + 1
#: The row's key for explain_row / resolutions.
ROW_KEY_ROLE = Role.UserRole + 2

#: ``background(fn, on_done)``: run ``fn()`` off the GUI thread, then ``on_done(result)`` on it.
Background = Callable[[Callable[[], Any], Callable[[Any], None]], None]

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter


class RecordTableModel(QAbstractTableModel):
    busy_changed = Signal(bool)  # a background sort/filter is running
    view_changed = Signal()  # rows shown changed (filter/sort/data): update counters

    def __init__(self, specs: Sequence[ColumnSpec], parent: Any = None) -> None:
        super().__init__(parent)
        self._specs = tuple(specs)
        self._data = empty_table()
        self._order: np.ndarray | None = None
        self._filter = FilterSpec()
        self._mask: np.ndarray | None = None
        self._sort_key: str | None = None
        self._descending = False
        self._generation = 0  # bumps on every request; stale background answers are dropped
        self._pending = 0
        self.background: Background | None = None
        self._exception_brush: QBrush | None = QBrush(QColor(255, 228, 225))
        self._resolved_brush: QBrush | None = QBrush(QColor(232, 245, 233))

    # -- public API -------------------------------------------------------------------------
    @property
    def specs(self) -> tuple[ColumnSpec, ...]:
        return self._specs

    @property
    def table(self) -> TableData:
        return self._data

    @property
    def total_rows(self) -> int:
        return self._data.n

    def set_row_colours(self, exception: QColor | None, resolved: QColor | None) -> None:
        """Row backgrounds (chosen by the view from the palette, so dark mode stays readable)."""
        self._exception_brush = QBrush(exception) if exception is not None else None
        self._resolved_brush = QBrush(resolved) if resolved is not None else None
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(self.rowCount() - 1, self.columnCount() - 1),
                [Role.BackgroundRole],
            )

    def set_table(self, data: TableData) -> None:
        """Show ``data``, keeping the current filter and sort (O(1) unless they must be redone)."""
        self._generation += 1
        self.beginResetModel()
        self._data = data
        self._mask = None
        self._order = None
        if self._sort_key is not None and self._spec_index(self._sort_key) is None:
            self._sort_key = None
        cheap = is_cheap_filter(data, self._filter) and (
            self._sort_key is None or is_cheap_sort(data, self._sort_key)
        )
        if cheap or self.background is None:
            self._mask = filter_mask(data, self._filter)
            perm = ascending_permutation(data, self._sort_key) if self._sort_key else None
            self._order = view_order(data, perm, self._descending, self._mask)
            self.endResetModel()
            self.view_changed.emit()
        else:
            self.endResetModel()
            self._recompute(reset=True)

    def set_filter(self, spec: FilterSpec) -> None:
        if spec == self._filter:
            return
        self._filter = spec
        self._generation += 1
        if is_cheap_filter(self._data, spec) or self.background is None:
            mask = filter_mask(self._data, spec)
            self._apply(mask, self._current_perm_or_none(), reset=True)
        else:
            self._recompute(reset=True)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Qt override: sort by ``column`` (a header click, or ``view.sortByColumn``)."""
        if not 0 <= column < len(self._specs):
            return
        key = self._specs[column].key
        if key not in self._data.values and key not in self._data.categories:
            return
        self._sort_key = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._generation += 1
        if is_cheap_sort(self._data, key) or self.background is None:
            self._apply(self._mask, ascending_permutation(self._data, key), reset=False)
        else:
            self._recompute(reset=False)

    def background_failed(self) -> None:
        """The owner's background runner calls this if a sort/filter job raised."""
        self._pending = max(0, self._pending - 1)
        if not self._pending:
            self.busy_changed.emit(False)

    def source_row(self, view_row: int) -> int:
        return view_row if self._order is None else int(self._order[view_row])

    def row_key(self, view_row: int) -> str:
        return str(self._data.row_keys[self.source_row(view_row)])

    def view_row_of_key(self, key: str) -> int | None:
        hits = np.flatnonzero(self._data.row_keys == key)
        if not len(hits):
            return None
        src = int(hits[0])
        if self._order is None:
            return src
        pos = np.flatnonzero(self._order == src)
        return int(pos[0]) if len(pos) else None

    def is_exception(self, view_row: int) -> bool:
        return bool(self._data.exception[self.source_row(view_row)])

    def is_resolved(self, view_row: int) -> bool:
        return bool(self._data.resolved[self.source_row(view_row)])

    def raw_value(self, view_row: int, key: str) -> Any:
        src = self.source_row(view_row)
        if key in self._data.categories:
            codes, uniques = self._data.categories[key]
            return uniques[codes[src]]
        value = self._data.values[key][src]
        return value.item() if isinstance(value, np.generic) else value

    # -- Qt overrides ---------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return self._data.n if self._order is None else len(self._order)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._specs)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._specs):
            if orientation == Qt.Orientation.Vertical and role == Role.DisplayRole:
                return str(section + 1)
            return None
        spec = self._specs[section]
        if role == Role.DisplayRole:
            return spec.title()
        if role == Role.TextAlignmentRole:
            return _RIGHT if spec.kind in (Kind.MONEY, Kind.INT) else _LEFT
        if role == Role.ToolTipRole:
            return spec.title()
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Role.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if row >= self.rowCount() or index.column() >= len(self._specs):
            return None
        src = row if self._order is None else int(self._order[row])
        spec = self._specs[index.column()]
        if role == Role.DisplayRole or role == Role.ToolTipRole:
            text = self._display(spec, src)
            if role == Role.ToolTipRole:
                return text if spec.kind is Kind.TEXT and len(text) > 20 else None
            return text
        if role == Role.TextAlignmentRole:
            if spec.kind in (Kind.MONEY, Kind.INT):
                return _RIGHT
            return _CENTER if spec.kind is Kind.BOOL else _LEFT
        if role == Role.BackgroundRole:
            if self._data.exception[src]:
                return self._exception_brush
            if self._data.resolved[src]:
                return self._resolved_brush
            return None
        if role == SORT_ROLE:
            return self._raw(spec, src)
        if role == ROW_KEY_ROLE:
            return str(self._data.row_keys[src])
        if role == Role.AccessibleTextRole:
            return f"{spec.title()}: {self._display(spec, src)}"
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    # -- internals ------------------------------------------------------------------------------
    def _spec_index(self, key: str) -> int | None:
        for i, spec in enumerate(self._specs):
            if spec.key == key:
                return i
        return None

    def _raw(self, spec: ColumnSpec, src: int) -> Any:
        if spec.key in self._data.categories:
            codes, uniques = self._data.categories[spec.key]
            return uniques[codes[src]]
        arr = self._data.values.get(spec.key)
        if arr is None:
            return None
        value = arr[src]
        return value.item() if isinstance(value, np.generic) else value

    def _display(self, spec: ColumnSpec, src: int) -> str:
        kind = spec.kind
        if kind is Kind.CATEGORY:
            cat = self._data.categories.get(spec.key)
            if cat is None:
                return ""
            return label_for(spec, cat[1][cat[0][src]])
        arr = self._data.values.get(spec.key)
        if arr is None:
            return ""
        value = arr[src]
        if kind is Kind.MONEY:
            return format_won(int(value))
        if kind is Kind.INT:
            return format_count(int(value))
        if kind is Kind.TIME:
            return format_kst(int(value))
        if kind is Kind.BOOL:
            return "✓" if value else ""
        return str(value)

    def _current_perm_or_none(self) -> np.ndarray | None:
        return self._data.sort_cache.get(self._sort_key) if self._sort_key else None

    def _apply(self, mask: np.ndarray | None, perm: np.ndarray | None, *, reset: bool) -> None:
        """Install a new view order on the GUI thread; a sort keeps the selection (layout change)."""
        if reset:
            self.beginResetModel()
            self._mask = mask
            self._order = view_order(self._data, perm, self._descending, mask)
            self.endResetModel()
        else:
            self.layoutAboutToBeChanged.emit()
            old_order = self._order
            self._mask = mask
            self._order = view_order(self._data, perm, self._descending, mask)
            self._remap_persistent(old_order)
            self.layoutChanged.emit()
        self.view_changed.emit()

    def _remap_persistent(self, old_order: np.ndarray | None) -> None:
        """Move selection/current indexes with their rows (only the few persistent ones)."""
        persistent = self.persistentIndexList()
        if not persistent:
            return
        count = self.rowCount()
        where = np.full(self._data.n, -1, dtype=np.int64)
        if self._order is None:
            where[:] = np.arange(self._data.n)
        else:
            where[self._order] = np.arange(len(self._order))
        new = []
        for idx in persistent:
            src = idx.row() if old_order is None else int(old_order[idx.row()])
            row = int(where[src])
            new.append(self.index(row, idx.column()) if 0 <= row < count else QModelIndex())
        self.changePersistentIndexList(persistent, new)

    def _recompute(self, *, reset: bool) -> None:
        """Filter and/or sort on a worker; apply on return unless superseded."""
        assert self.background is not None
        data, spec, key, generation = self._data, self._filter, self._sort_key, self._generation

        def work() -> tuple[np.ndarray | None, np.ndarray | None]:
            mask = filter_mask(data, spec)
            perm = ascending_permutation(data, key) if key else None
            return mask, perm

        def done(result: tuple[np.ndarray | None, np.ndarray | None]) -> None:
            self._pending -= 1
            if not self._pending:
                self.busy_changed.emit(False)
            if generation != self._generation or data is not self._data:
                return
            mask, perm = result
            # A filter change (reset) changes the row count; a pure sort is a layout change.
            self._apply(mask, perm, reset=reset or self.rowCount() != _count(data, mask))

        self._pending += 1
        self.busy_changed.emit(True)
        self.background(work, done)


def _count(data: TableData, mask: np.ndarray | None) -> int:
    return data.n if mask is None else int(mask.sum())
