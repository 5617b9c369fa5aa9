"""How numbers are written for people: the one place (cf. fava ``core/number.py``).

Amounts are integer won (``domain/money.py``) and counts are ints; both are shown with a
thousands separator and never rounded here. Screens, CLI output, reports' text and services'
Korean messages format through these two functions; what a machine reads keeps the raw int (the
GUI's sort role, Excel cells with the ``#,##0`` number format, the JSON report).
"""

from __future__ import annotations


def format_won(amount: int) -> str:
    """``1234567`` → ``"1,234,567"`` (an amount of won; negative stays ``"-1,234"``)."""
    return f"{int(amount):,}"


def format_count(count: int) -> str:
    """``12345`` → ``"12,345"`` (rows, payments, pages: how many of something)."""
    return f"{int(count):,}"
