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
    head_text = json.dumps(head, ensure_ascii=False, indent=1)
    assert head_text.endswith("}")
    separator = ",\n" if head else "\n"
    frame = rows[list(keys)]
    with atomic_path(Path(path), "JSON 파일") as tmp, open(tmp, "w", encoding="utf-8") as fh:
        fh.write(head_text[:-1].rstrip() + separator + ' "rows": [')
        # chunks: one 1M-row to_json string would hold ~1.5 GB at once
        for start in range(0, len(frame), _CHUNK):
            part = frame.iloc[start : start + _CHUNK].to_json(orient="records", force_ascii=False)
            fh.write(("," if start else "") + part[1:-1])
        fh.write("]\n}\n")
    return Path(path)


_CHUNK = 100_000
