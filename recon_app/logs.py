"""Logging to a rotating file in the user data dir, with secrets scrubbed on the way out."""

from __future__ import annotations

import logging
import logging.handlers
import re
import traceback
from pathlib import Path

from recon_app.paths import user_data_dir

_configured: Path | None = None

# Anything that looks like a credential in a log record is replaced before it is written.
_SECRET_PATTERNS = [
    re.compile(
        r"(imp_secret|imp_key|access_token|password|Authorization)([\"']?\s*[:=]\s*[\"']?)([^\s\"'&,}]+)",
        re.I,
    ),
    re.compile(r"(Bearer\s+)([A-Za-z0-9._\-]+)"),
]
_known_secrets: set[str] = set()


def register_secret(value: str | None) -> None:
    """Make sure ``value`` never appears in a log line (called wherever a secret is loaded)."""
    if value and len(value) >= 4:
        _known_secrets.add(value)


def scrub(text: str) -> str:
    for secret in _known_secrets:
        text = text.replace(secret, "***")
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(
            lambda m: m.group(1) + (m.group(2) if m.lastindex == 3 else "") + "***", text
        )
    return text


class _ScrubFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        if record.exc_info:
            # A traceback ends with the exception's own text, which can quote a secret (e.g. an
            # error repr carrying a request body); the Formatter would print it unscrubbed.
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            record.exc_text = scrub(text)
            record.exc_info = None
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


def log_file() -> Path:
    return user_data_dir() / "logs" / "recon.log"


def setup_logging(level: int = logging.INFO) -> None:
    """Log to ``log_file()``; called again after the data dir changed, it follows the new path
    (tests give every test its own data dir; an app switching ledgers keeps one log)."""
    global _configured
    path = log_file()
    root = logging.getLogger("recon_app")
    root.setLevel(level)
    if _configured == path:
        return
    for old in [h for h in root.handlers if getattr(h, "_recon", False)]:
        root.removeHandler(old)
        old.close()
    _configured = path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler._recon = True  # type: ignore[attr-defined]
    handler.addFilter(_ScrubFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
