"""Order exports from Korean shops (CSV/XLSX, encrypted XLSX) → validated, folded orders.

reading (bytes → cell grid) → headers (header row, column mapping) → values (amounts, dates,
statuses) → parsing (row checks) → folding (multi-row orders). See services.importing.
"""

from __future__ import annotations
