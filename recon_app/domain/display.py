"""How numbers are written for people: the one place (cf. fava ``core/number.py``).

Amounts are integer won (``domain/money.py``) and counts are ints; both are shown with a
thousands separator and never rounded here. Screens, CLI output, reports' text and services'
Korean messages format through these two functions; what a machine reads keeps the raw int (the
GUI's sort role, Excel cells with the ``#,##0`` number format, the JSON report).
"""

from __future__ import annotations

from recon_app.domain.money import currency_exponent


def format_won(amount: int) -> str:
    """``1234567`` → ``"1,234,567"`` (an amount of won; negative stays ``"-1,234"``)."""
    return f"{int(amount):,}"


def format_count(count: int) -> str:
    """``12345`` → ``"12,345"`` (rows, payments, pages: how many of something)."""
    return f"{int(count):,}"


def format_minor(amount: int, currency: str) -> str:
    """An amount in ``currency``'s minor unit as its major-unit text: ``1250, "USD"`` → ``"12.50"``.

    Exact (integer arithmetic), with the currency's own number of decimals. Won go through
    :func:`format_won`; this is for money that must never be shown as won.
    """
    exponent = currency_exponent(currency)
    sign = "-" if amount < 0 else ""
    whole, minor = divmod(abs(int(amount)), 10**exponent)
    return f"{sign}{whole:,}" + (f".{minor:0{exponent}d}" if exponent else "")
