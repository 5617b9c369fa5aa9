"""The Qt half of ``recon-app doctor``: Qt/PySide6 versions, platform plugin, Korean fonts, DPI.

Run in the doctor's own process; it makes a QGuiApplication if there is none. On Linux without a
display the offscreen plugin is used (otherwise Qt aborts the process; ENVIRONMENT.md) and the
report says so.
"""

from __future__ import annotations

import os
import sys


def qt_facts() -> list[tuple[str, str]]:
    import PySide6
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication

    if (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QGuiApplication.instance() or QGuiApplication(["recon-app"])
    from recon_app.gui.fonts import korean_families_found

    fonts = korean_families_found()
    screen = QGuiApplication.primaryScreen()
    dpi = (
        f"scale {screen.devicePixelRatio():g}, {screen.logicalDotsPerInch():.0f} logical dpi"
        if screen is not None
        else "no screen"
    )
    del app
    return [
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("Qt 플랫폼 (platform)", QGuiApplication.platformName()),
        (
            "한글 글꼴 (Korean fonts)",
            ", ".join(fonts) if fonts else "none found (boxes instead of Hangul)",
        ),
        ("화면 (screen)", dpi),
    ]
