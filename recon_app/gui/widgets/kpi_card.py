"""A KPI card: a caption and a big number (won or a count), readable by screen readers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from recon_app.domain.display import format_count, format_won


class KpiCard(QFrame):
    def __init__(self, caption: str, *, money: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("kpiCard")
        self.money = money
        self.caption = QLabel(caption)
        self.caption.setObjectName("kpiCaption")
        self.value_label = QLabel("–")
        self.value_label.setObjectName("kpiValue")
        font = self.value_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.value_label.setFont(font)
        self.value_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sub_label = QLabel("")
        self.sub_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.value_label)
        layout.addWidget(self.sub_label)
        self.value: int | None = None

    def set_value(self, value: int | None, sub: str = "") -> None:
        self.value = value
        if value is None:
            text = "–"
        else:
            text = format_won(value) + self.tr(" KRW") if self.money else format_count(value)
        self.value_label.setText(text)
        self.sub_label.setText(sub)
        self.setAccessibleName(f"{self.caption.text()}: {text}")
