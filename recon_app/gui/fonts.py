"""A Korean UI font on every OS, without bundling one.

Each OS ships a Hangul UI font: Malgun Gothic (맑은 고딕) on Windows since Vista, Apple SD Gothic
Neo on macOS since 10.8; Linux desktops have Noto Sans CJK KR or Nanum (tools/bootstrap.sh
installs fonts-nanum). The app font is a *family list* in that order of preference (Qt 6's
``QFont.setFamilies``), so each glyph comes from the first listed family that has it and Latin
text keeps the platform's default family as the last fallback.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

#: Preference order. Windows may list Malgun Gothic under its Korean name on a Korean locale.
KOREAN_FAMILIES = (
    "Malgun Gothic",
    "맑은 고딕",
    "Apple SD Gothic Neo",
    "Noto Sans KR",
    "Noto Sans CJK KR",
    "NanumGothic",
    "NanumBarunGothic",
)


def korean_families_found() -> list[str]:
    """The families of :data:`KOREAN_FAMILIES` installed here (needs a Q(Gui)Application)."""
    installed = set(QFontDatabase.families())
    return [f for f in KOREAN_FAMILIES if f in installed]


def apply_korean_font(app: QApplication) -> list[str]:
    """Set the app font's family list: the Korean families found, then the default family."""
    font = QFont(app.font())
    default = font.family()
    families = [*korean_families_found(), default]
    font.setFamilies(list(dict.fromkeys(families)))
    app.setFont(font)
    return font.families()
