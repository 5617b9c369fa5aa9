"""Finding a Korean TrueType font on this machine; nothing is shipped with the app.

Linux: the Nanum fonts (Debian/Ubuntu package fonts-nanum, SIL Open Font License; the set-up
installs it). Windows: 맑은 고딕 (malgun.ttf). macOS: AppleGothic. ``RECON_PDF_FONT`` names a
font file explicitly. The PDF embeds a subset of the font, so the file prints anywhere.
"""

from __future__ import annotations

import os
from pathlib import Path

from recon_app.domain.errors import InputError

CANDIDATES = (
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/usr/share/fonts/truetype/nanum/NanumBarunGothic.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "C:/Windows/Fonts/malgun.ttf",
    "/System/Library/Fonts/Supplemental/AppleGothic.ttf",
    "/Library/Fonts/AppleGothic.ttf",
    "/Library/Fonts/NanumGothic.ttf",
    str(Path.home() / "Library/Fonts/NanumGothic.ttf"),
)


def korean_font() -> Path:
    explicit = os.environ.get("RECON_PDF_FONT")
    if explicit:
        if Path(explicit).is_file():
            return Path(explicit)
        raise InputError(f"RECON_PDF_FONT 글꼴 파일 '{explicit}'이(가) 없습니다.")
    for candidate in CANDIDATES:
        if candidate.endswith(".ttf") and Path(candidate).is_file():
            return Path(candidate)
    raise InputError(
        "PDF에 쓸 한글 글꼴(TTF)을 찾지 못했습니다.",
        hint="나눔고딕을 설치하거나(fonts-nanum), RECON_PDF_FONT 에 .ttf 파일 경로를 지정하세요.",
    )
