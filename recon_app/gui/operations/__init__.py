"""What the main window's commands do, one module per feature (cf. Anki ``aqt/operations``).

Each function takes the window (the parent of its dialogs and the owner of its ``runner``), runs
one service call through ``win.runner`` (gui/tasks.py) and puts the answer on the window's
panels in the op's callbacks, which run on the GUI thread. Workers get frozen inputs and return
frozen data; no business rule lives here — only "which service, with what, and where the answer
goes". The window itself (gui/main_window.py) is wiring: widgets, actions, menus, signals.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from recon_app.domain.errors import ReconError


def tr(text: str) -> str:
    """Translate in the ``MainWindow`` context, where these strings lived before the split
    (resources/i18n/recon_ko.ts keeps them there)."""
    return QCoreApplication.translate("MainWindow", text)


def user_message(exc: BaseException, *, with_hint: bool = False) -> str:
    """The sentence a person reads: a service error's own message (and hint), else ``str``."""
    if not isinstance(exc, ReconError):
        return str(exc)
    if with_hint and exc.hint:
        return f"{exc.message}\n→ {exc.hint}"
    return exc.message
