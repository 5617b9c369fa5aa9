"""Row problems: what is wrong with one row, said so that the user can fix it."""

from __future__ import annotations

from dataclasses import dataclass

#: Cells are shown at most this long in messages (a 1M-character cell must not flood a dialog).
SHOWN_CHARS = 40


@dataclass(frozen=True)
class RowProblem:
    row: int  # 1-based line/row number as the user sees it in the file
    column: str | None  # the header text, as in the file
    value: str | None
    message: str  # what is wrong and how to fix it (Korean)

    def describe(self, file_name: str) -> str:
        where = f"'{file_name}' {self.row}행"
        if self.column is not None:
            where += f", '{shorten(self.column)}' 열"
        if self.value is not None:
            where += f", 값 '{shorten(self.value)}'"
        return f"{where}: {self.message}"


def shorten(text: str, limit: int = SHOWN_CHARS) -> str:
    """Printable and short: control characters escaped, long text cut with its length noted."""
    text = str(text)
    cut = text[:limit]
    cut = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in cut)
    if len(text) > limit:
        cut += f"…({len(text):,}자)"
    return cut
