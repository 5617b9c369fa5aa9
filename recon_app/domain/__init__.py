"""Pure business rules: money, fees, statuses, reconciliation.

Imports no Qt, httpx or SQLAlchemy (enforced by import-linter in pyproject.toml). Bulk work is
column-wise (numpy/pandas); per-row objects exist for detail views and for tests that pin rules.
"""
