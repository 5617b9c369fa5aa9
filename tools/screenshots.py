"""Screenshots of the main screens for docs/screenshots/ (real windows, demo data, Korean UI).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/screenshots.py [--lang ko|en]

Needs a display (Xvfb is fine) and a Hangul font (Debian: fonts-nanum), otherwise Korean text
renders as empty boxes. Uses a temp ledger and settings, so the user's data is never touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", choices=("ko", "en"), default="ko")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="recon-shots-"))
    os.environ["RECON_DATA_DIR"] = str(tmp / "data")
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QCoreApplication, QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp / "settings"))
    QCoreApplication.setOrganizationName("ReconShots")
    QCoreApplication.setApplicationName("ReconShots")
    app = QApplication([sys.argv[0]])

    from recon_app.gui.app import _font_setup, apply_palette, install_translator
    from recon_app.gui.main_window import MainWindow
    from recon_app.gui.ui_state import UiState
    from recon_app.sandbox.demo import demo_orders_path
    from recon_app.services.app_context import AppContext

    install_translator(app, args.lang)
    apply_palette(app)
    _font_setup(app)
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.lang == "ko" else "-en"
    window = MainWindow(
        AppContext(tmp / "ledger.sqlite3"), state=UiState(), language=args.lang, show_errors=False
    )
    window.resize(1440, 900)
    window.show()
    shots: list[str] = []
    failures: list[str] = []
    window.failed.connect(lambda exc: failures.append(str(exc)))

    def grab(widget: QWidget, name: str) -> None:
        app.processEvents()
        path = args.out / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        shots.append(str(path.relative_to(ROOT)))

    steps: list[Callable[[], None]] = []

    def next_step() -> None:
        if failures:
            print("failed:", failures, file=sys.stderr)
            app.exit(1)
            return
        if not steps:
            app.exit(0)
            return
        QTimer.singleShot(400, steps.pop(0))

    def step_setup() -> None:
        window.open_setup()
        QTimer.singleShot(
            300,
            lambda: (
                grab(window.setup_dialog, "01-setup"),
                window.setup_dialog.reject(),
                next_step(),
            ),
        )

    def step_demo() -> None:
        window.reconciled.connect(_once(next_step))
        window.open_demo()

    def step_dashboard() -> None:
        window.tabs.setCurrentWidget(window.dashboard)
        grab(window, "02-dashboard")
        next_step()

    def step_results() -> None:
        panel = window.results
        window.tabs.setCurrentWidget(panel)
        rows = window.view.result.rows
        key = str(rows.loc[rows["is_exception"] & (rows["paid_amount"] > 0), "row_key"].iloc[0])
        window.detail_shown.connect(
            _once(
                lambda _k: QTimer.singleShot(200, lambda: (grab(window, "03-results"), next_step()))
            )
        )
        panel.select_key(key)

    def step_exceptions() -> None:
        window.results.only_exceptions.setChecked(True)
        grab(window, "04-exceptions")
        window.results.only_exceptions.setChecked(False)
        next_step()

    def step_import() -> None:
        window.tabs.setCurrentWidget(window.importer)
        window.previewed.connect(
            _once(
                lambda _p: QTimer.singleShot(200, lambda: (grab(window, "05-import"), next_step()))
            )
        )
        window.importer.load_file(demo_orders_path())

    def step_sync() -> None:
        window.tabs.setCurrentWidget(window.sync_panel)
        window.sync_panel.set_month(window.month)
        window.synced.connect(
            _once(lambda _r: QTimer.singleShot(300, lambda: (grab(window, "06-sync"), next_step())))
        )
        window.sync_panel.sync_button.click()

    def step_fees() -> None:
        window.edit_fee_rules()
        QTimer.singleShot(
            500,
            lambda: (
                grab(window.fee_dialog, "07-fee-rules"),
                window.fee_dialog.reject(),
                next_step(),
            ),
        )

    def step_error() -> None:
        from recon_app.domain.errors import CredentialsError

        window.show_errors = True
        window.failed.disconnect()  # this error is staged for the picture, not a failure
        window.show_error(
            CredentialsError(
                "상점 'myshop'의 PortOne 키/시크릿이 키체인에도 환경 변수에도 없습니다.",
                hint="설정에서 키와 시크릿을 저장하거나 환경 변수를 지정하세요.",
            )
        )
        dialog = window.error_dialog
        dialog.toggle.setChecked(True)
        QTimer.singleShot(300, lambda: (grab(dialog, "08-error"), dialog.accept(), next_step()))

    steps.extend(
        [
            step_setup,
            step_demo,
            step_dashboard,
            step_results,
            step_exceptions,
            step_import,
            step_sync,
            step_fees,
            step_error,
        ]
    )
    QTimer.singleShot(120_000, lambda: (print("timed out", file=sys.stderr), app.exit(2)))
    window.start()
    window.stores_refreshed.connect(_once(next_step))
    code = app.exec()
    window.runner.shutdown()
    print("\n".join(shots))
    return int(code)


def _once(fn: Callable[..., None]) -> Callable[..., None]:
    """A slot that runs only the first time its signal fires."""
    done = [False]

    def slot(*args: object) -> None:
        if not done[0]:
            done[0] = True
            fn(*args)

    return slot


if __name__ == "__main__":
    sys.exit(main())
