"""Named column layouts for order exports: the built-in ones and the ones a user saved.

User layouts are one small JSON file in the user data folder (``order_layouts.json`` next to the
ledger's default place and the logs), shared by the CLI (``--save-layout`` / ``--layout``) and the
desktop app's import panel, so a mapping made once works from both. The file holds header names
only, never order data. It is written atomically (temp file + rename): a crash never leaves half
a file, and an unreadable file is reported, not silently replaced.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

from recon_app.adapters.orders.headers import FIELDS
from recon_app.adapters.orders.layouts import BUILTIN_LAYOUTS, Layout
from recon_app.adapters.orders.statuses import STATUSES
from recon_app.domain.errors import InputError
from recon_app.paths import user_data_dir

__all__ = [
    "BUILTIN_LAYOUTS",
    "Layout",
    "all_layouts",
    "check_layout",
    "find_layout",
    "layouts_path",
    "save_layout",
]

FILE_NAME = "order_layouts.json"
_NAME = re.compile(r"^[\w가-힣][\w가-힣 .-]{0,39}$")


def layouts_path() -> Path:
    return user_data_dir() / FILE_NAME


def _read(path: Path) -> dict[str, dict[str, dict[str, str]]]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise InputError(
            f"저장된 열 양식 파일 '{path}'을(를) 읽을 수 없습니다 ({exc}).",
            hint="파일을 지우거나 고친 뒤 다시 실행하세요 (기본 양식은 그대로 쓸 수 있습니다).",
        ) from None
    if not isinstance(raw, dict):
        return {}
    out: dict[str, dict[str, dict[str, str]]] = {}
    for name, entry in raw.items():
        if isinstance(entry, dict):
            columns = entry.get("columns", {})
            statuses = entry.get("statuses", {})
            out[str(name)] = {
                "columns": {str(k): str(v) for k, v in columns.items() if k in FIELDS},
                "statuses": {str(k): str(v) for k, v in statuses.items() if v in STATUSES},
            }
    return out


def all_layouts(path: Path | None = None) -> dict[str, Layout]:
    """Built-in layouts, then the user's (a user layout may not shadow a built-in name)."""
    layouts = dict(BUILTIN_LAYOUTS)
    for name, entry in _read(path or layouts_path()).items():
        if name not in layouts:
            layouts[name] = Layout(
                name,
                name,
                entry["columns"],
                builtin=False,
                status_map=entry["statuses"],
            )
    return layouts


def find_layout(name: str, path: Path | None = None) -> Layout:
    layouts = all_layouts(path)
    if name not in layouts:
        listed = ", ".join(layouts)
        raise InputError(
            f"열 양식 '{name}'이(가) 없습니다. 있는 양식: {listed}.",
            hint="--layout 에 위 이름 중 하나를 쓰거나, --map 으로 열을 지정한 뒤 "
            "--save-layout 이름 으로 저장하세요.",
        )
    return layouts[name]


def check_layout(name: str, column_map: Mapping[str, str]) -> None:
    """Refuse a name or mapping ``save_layout`` would refuse (the CLI checks before importing)."""
    name = name.strip()
    if not _NAME.match(name):
        raise InputError(
            f"양식 이름 '{name}'을(를) 쓸 수 없습니다.",
            hint="글자·숫자·공백·'-'·'.'로 40자 이내의 이름을 쓰세요.",
        )
    if name in BUILTIN_LAYOUTS:
        raise InputError(f"'{name}'은(는) 기본 양식 이름입니다.", hint="다른 이름으로 저장하세요.")
    unknown = [k for k in column_map if k not in FIELDS]
    if unknown or not column_map:
        raise InputError(
            "저장할 열 지정이 없거나 알 수 없는 필드가 있습니다"
            + (f": {', '.join(unknown)}" if unknown else "")
            + ".",
            hint=f"--map 필드=머리글 로 지정하세요 (필드: {', '.join(FIELDS)}).",
        )


def save_layout(
    name: str,
    column_map: Mapping[str, str],
    status_map: Mapping[str, str] | None = None,
    path: Path | None = None,
) -> Path:
    """Save (or replace) the user layout ``name``; returns the file written."""
    check_layout(name, column_map)
    name = name.strip()
    target = path or layouts_path()
    data = _read(target)
    data[name] = {"columns": dict(column_map), "statuses": dict(status_map or {})}
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".layouts-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
