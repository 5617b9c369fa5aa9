"""Application start: QApplication, translations, palette, the last-resort excepthook, main().

``main(argv)`` flags: ``--demo`` (open on the demo store), ``--db PATH`` (ledger file),
``--lang ko|en`` (this run; the menu choice is remembered), ``--smoke-test`` (open offscreen, load
the demo through the sandbox, reconcile, check the table and KPI cards, exit 0 — or non-zero with
a message).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from recon_app.domain.display import format_count, format_won

log = logging.getLogger(__name__)

SMOKE_TIMEOUT_MS = 60_000


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="recon-app gui", description="Recon desktop app")
    parser.add_argument("--demo", action="store_true", help="open straight on the demo store")
    parser.add_argument("--db", metavar="PATH", help="ledger file (default: the user data folder)")
    parser.add_argument("--lang", choices=("ko", "en"), help="UI language for this run")
    parser.add_argument("--smoke-test", action="store_true", help="offscreen self-check, then exit")
    return parser.parse_args(list(argv))


def _ensure_platform(smoke: bool) -> str | None:
    """A Qt binary with neither DISPLAY nor QT_QPA_PLATFORM aborts (ENVIRONMENT.md): avoid it."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return None
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        if smoke:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
            return None
        return (
            "화면(DISPLAY)이 없어 창을 열 수 없습니다 (no display). "
            "명령줄 도구를 쓰거나(recon-app --help), QT_QPA_PLATFORM=offscreen 으로 실행하세요."
        )
    return None


# -- look & language -----------------------------------------------------------------------------
def install_translator(app: object, language: str) -> object | None:
    """Load ``recon_<language>.qm`` (Korean by default); English is the source text."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from recon_app.gui.resources import translation_file

    for old in getattr(app, "_recon_translators", []):
        app.removeTranslator(old)  # type: ignore[attr-defined]
    app._recon_translators = []  # type: ignore[attr-defined]
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return None
    QLocale.setDefault(QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea))
    ours = QTranslator(app)  # type: ignore[arg-type]
    if not ours.load(str(translation_file(language))):
        log.warning("translation %s not found; showing English", translation_file(language))
        return None
    app.installTranslator(ours)  # type: ignore[attr-defined]
    app._recon_translators.append(ours)  # type: ignore[attr-defined]
    qt_base = QTranslator(app)  # type: ignore[arg-type]
    if qt_base.load(
        QLocale(QLocale.Language.Korean),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    ):
        app.installTranslator(qt_base)  # type: ignore[attr-defined]
        app._recon_translators.append(qt_base)  # type: ignore[attr-defined]
    return ours


def apply_palette(app: object, scheme: object = None) -> None:
    """Follow the OS light/dark setting (Qt ≥ 6.5 reports it); Fusion draws both well everywhere.

    ``scheme`` is the Qt.ColorScheme to apply; None asks the platform (styleHints).
    """
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    if scheme is None:
        scheme = app.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        p = QPalette()
        window, base, text = QColor(37, 37, 38), QColor(30, 30, 30), QColor(230, 230, 230)
        p.setColor(QPalette.ColorRole.Window, window)
        p.setColor(QPalette.ColorRole.WindowText, text)
        p.setColor(QPalette.ColorRole.Base, base)
        p.setColor(QPalette.ColorRole.AlternateBase, QColor(45, 45, 48))
        p.setColor(QPalette.ColorRole.Text, text)
        p.setColor(QPalette.ColorRole.Button, window)
        p.setColor(QPalette.ColorRole.ButtonText, text)
        p.setColor(QPalette.ColorRole.ToolTipBase, base)
        p.setColor(QPalette.ColorRole.ToolTipText, text)
        p.setColor(QPalette.ColorRole.Highlight, QColor(38, 79, 120))
        p.setColor(QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
        p.setColor(QPalette.ColorRole.PlaceholderText, QColor(140, 140, 140))
        p.setColor(QPalette.ColorRole.Link, QColor(90, 160, 255))
        app.setPalette(p)
    else:
        app.setPalette(app.style().standardPalette())


def _font_setup(app: object) -> None:
    """A Korean UI font on each OS (gui/fonts.py); high-DPI is Qt 6's default and left on."""
    from PySide6.QtWidgets import QApplication

    from recon_app.gui.fonts import apply_korean_font

    assert isinstance(app, QApplication)
    apply_korean_font(app)


# -- the last line of defence ----------------------------------------------------------------------
def install_excepthook(get_window: object) -> None:
    """An exception no one caught: log it to the file, then show a polite dialog (never crash)."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("uncaught exception", exc_info=(exc_type, exc, tb))
        if threading.current_thread() is not threading.main_thread():
            return  # workers never reach here (TaskRunner catches), and widgets are GUI-thread only
        try:
            window = get_window()  # type: ignore[operator]
            if window is not None:
                exc.__traceback__ = tb
                window.show_error(exc)
        except Exception:  # noqa: BLE001 - showing the dialog must not raise again
            traceback.print_exc()

    sys.excepthook = hook


# -- main ------------------------------------------------------------------------------------------
class _Controller:
    """Owns the window; switching the language rebuilds it (every label re-translated at once)."""

    def __init__(self, app: object, ctx: object, state: object, language: str) -> None:
        self.app = app
        self.ctx = ctx
        self.state = state
        self.language = language
        self.window: object | None = None

    def build(self, *, demo: bool = False, start: bool = True) -> object:
        from recon_app.gui.main_window import MainWindow

        window = MainWindow(self.ctx, state=self.state, language=self.language)  # type: ignore[arg-type]
        window.language_change_requested.connect(self.switch_language)
        self.window = window
        window.show()
        if start:
            window.start(demo=demo)
        return window

    def switch_language(self, language: str) -> None:
        from recon_app.gui.main_window import MainWindow

        old = self.window
        assert isinstance(old, MainWindow)
        self.state.language = language  # type: ignore[attr-defined]
        self.language = language
        install_translator(self.app, language)
        view, month = old.view, old.month
        old.save_state()
        old.runner.shutdown()
        old.hide()
        old.deleteLater()
        new = self.build(start=False)
        assert isinstance(new, MainWindow)
        new.set_month(month)
        new.refresh_stores()
        if view is not None:
            new.show_view(view)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    problem = _ensure_platform(args.smoke_test)
    if problem:
        print(problem, file=sys.stderr)
        return 2

    from recon_app.logs import setup_logging

    setup_logging()
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from recon_app.gui.ui_state import APPLICATION, ORGANIZATION, UiState
    from recon_app.services.app_context import AppContext

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "recon-app"])
    assert isinstance(app, QApplication)
    state = UiState()
    language = args.lang or state.language
    install_translator(app, language)
    apply_palette(app)
    _font_setup(app)
    app.styleHints().colorSchemeChanged.connect(lambda scheme: apply_palette(app, scheme))

    tmp: tempfile.TemporaryDirectory[str] | None = None
    if args.db:
        ledger_path: Path | None = Path(args.db)
    elif args.smoke_test:
        tmp = tempfile.TemporaryDirectory(prefix="recon-smoke-")
        ledger_path = Path(tmp.name) / "ledger.sqlite3"
    else:
        ledger_path = None
    ctx = AppContext(ledger_path, store=state.store or "default")
    controller = _Controller(app, ctx, state, language)
    install_excepthook(lambda: controller.window)
    try:
        if args.smoke_test:
            return _smoke_test(app, controller)
        controller.build(demo=args.demo)
        return int(app.exec())
    finally:
        ctx.close()
        if tmp is not None:
            tmp.cleanup()


def _smoke_test(app: object, controller: _Controller) -> int:
    """Open the window, load the demo through the sandbox, reconcile, check what is shown."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from recon_app.gui.main_window import MainWindow

    assert isinstance(app, QApplication)
    outcome: dict[str, object] = {}

    def finish(code: int, message: str) -> None:
        if "code" not in outcome:
            outcome.update(code=code, message=message)
            app.exit(code)

    window = controller.build(start=False)
    assert isinstance(window, MainWindow)
    window.show_errors = False

    def check() -> None:
        model = window.results.model
        cards = window.dashboard.cards
        if model.rowCount() <= 0:
            finish(1, "smoke test: the results table is empty")
            return
        empty = [k for k, c in cards.items() if c.value is None]
        if empty:
            finish(1, f"smoke test: KPI cards without values: {', '.join(empty)}")
            return
        if cards["gross"].value == 0:
            finish(1, "smoke test: gross sales is 0 for the demo month")
            return
        language = _ui_language(window)
        if language != controller.language:
            finish(1, f"smoke test: UI is {language}, not {controller.language} (translations?)")
            return
        window.tabs.setCurrentWidget(window.results)
        finish(
            0,
            f"smoke test ok: {format_count(model.rowCount())} rows, "
            f"gross {format_won(cards['gross'].value)} KRW, "
            f"{cards['exceptions'].value} open exceptions, UI language {language}",
        )

    window.reconciled.connect(lambda: QTimer.singleShot(0, check))
    window.failed.connect(lambda exc: finish(1, f"smoke test failed: {exc}"))
    window.runner.cancelled.connect(lambda label: finish(1, f"smoke test: '{label}' was cancelled"))
    QTimer.singleShot(SMOKE_TIMEOUT_MS, lambda: finish(1, "smoke test: timed out after 60 s"))
    window.start(demo=True)
    app.exec()
    window.close()
    print(
        outcome.get("message", "smoke test: no outcome"),
        file=sys.stderr if outcome.get("code") else sys.stdout,
    )
    return int(outcome.get("code", 1))  # type: ignore[call-overload]


def _ui_language(window: object) -> str:
    """'ko' when the window's labels come from recon_ko.qm, 'en' when they are the source text
    (so a bundle whose translations went missing fails the Korean smoke test)."""
    text = window.about_action.text()  # type: ignore[attr-defined]
    if text == "&About Recon":
        return "en"
    return "ko" if any("\uac00" <= c <= "\ud7a3" for c in text) else f"unknown ({text!r})"


if __name__ == "__main__":
    sys.exit(main())
