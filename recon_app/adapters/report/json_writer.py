"""JSON report: a small head (month, summary) and the rows, money as JSON integers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from recon_app.adapters.report.atomic import atomic_path


def write_json(path: Path, head: dict[str, Any], rows: pd.DataFrame, keys: Sequence[str]) -> Path:
    """``{**head, "rows": [...]}``; rows are serialised by pandas' C encoder (a million rows in
    about a second) with None → null and int64 → integer."""
    body = rows[list(keys)].to_json(orient="records", force_ascii=False) if len(rows) else "[]"
    head_text = json.dumps(head, ensure_ascii=False, indent=1)
    assert head_text.endswith("}")
    separator = ",\n" if head else "\n"
    text = head_text[:-1].rstrip() + separator + ' "rows": ' + body + "\n}\n"
    with atomic_path(Path(path), "JSON 파일") as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)
