"""Report writers: xlsx (xlsxwriter, constant memory), CSV and JSON; text sanitising.

They know nothing about reconciliation: services/exporting.py decides sheets and columns and
hands over plain columns. Every writer writes a temp file beside the target and renames it.
"""

from __future__ import annotations
