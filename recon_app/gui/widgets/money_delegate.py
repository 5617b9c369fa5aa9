"""Right-aligned KRW amounts with thousands separators, negative amounts in the palette's red.

The model already formats the text (the one place: ``domain.display.format_won``); the delegate
only decides alignment and colour, so a sort still uses SORT_ROLE.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from recon_app.gui.models.record_table import SORT_ROLE


class MoneyDelegate(QStyledItemDelegate):
    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.displayAlignment = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        raw = index.data(SORT_ROLE)
        if isinstance(raw, int) and raw < 0:
            dark = option.palette.color(QPalette.ColorRole.Base).lightness() < 128
            option.palette.setColor(
                QPalette.ColorRole.Text, QColor(255, 120, 120) if dark else QColor(192, 0, 0)
            )
