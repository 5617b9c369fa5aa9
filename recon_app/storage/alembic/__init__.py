"""Alembic revisions of the ledger schema (run by ``recon_app.storage.migrations``, no alembic.ini).

The scripts live inside the package so that they ship in the wheel and the frozen app. They are
written dialect-neutral (``op.create_table``, ``op.batch_alter_table`` for SQLite's limited
ALTER TABLE) so that the same revisions can build a PostgreSQL ledger later (issue 15).
A revision is frozen once released: never edit one, add the next.
"""
