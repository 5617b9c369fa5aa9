"""The accountant's month (issue 14): closed months, reopens, and an append-only audit trail.

* ``month_closes`` — one row per close of a store's month: the frozen result (rows and fee lines
  as zlib-compressed JSON, so a later sync cannot change what was handed to the accountant), the
  totals, the rules used (fees; payouts once they exist), a fingerprint of the inputs, who, when,
  the note, and the open exceptions accepted with a note.
* ``month_reopens`` — a reopen names the close it ends. A month is closed while its latest close
  has no reopen. Closes are never edited, so the history of who closed what stays readable.
* ``audit_log`` — close, reopen, resolution, undo and rule changes with user and time.

All three are append-only: SQLite triggers refuse UPDATE and DELETE, so not even a buggy code path
(or a hand-run SQL statement) can rewrite the trail without dropping the trigger first.

Self-contained (creates its own tables only), so it can be re-chained after sibling revisions.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

APPEND_ONLY = ("month_closes", "month_reopens", "audit_log")


def upgrade() -> None:
    op.create_table(
        "month_closes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("store_id", sa.Integer, sa.ForeignKey("stores.id"), nullable=False),
        sa.Column("month", sa.Text, nullable=False),
        sa.Column("closed_at", sa.Integer, nullable=False),
        sa.Column("closed_by", sa.Text, nullable=False),
        sa.Column("os_user", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("accepted_note", sa.Text),
        sa.Column("accepted_json", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.Text, nullable=False),
        sa.Column("rules_json", sa.Text, nullable=False),
        sa.Column("summary_json", sa.Text, nullable=False),
        sa.Column("rows_blob", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_month_closes_store_month", "month_closes", ["store_id", "month"])
    op.create_table(
        "month_reopens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "close_id", sa.Integer, sa.ForeignKey("month_closes.id"), nullable=False, unique=True
        ),
        sa.Column("reopened_at", sa.Integer, nullable=False),
        sa.Column("reopened_by", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.Integer, nullable=False),
        sa.Column("user", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("store", sa.Text),
        sa.Column("month", sa.Text),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_log_month", "audit_log", ["month"])
    if op.get_bind().dialect.name == "sqlite":
        for table in APPEND_ONLY:
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )


def downgrade() -> None:
    raise NotImplementedError("Recon never downgrades a ledger; restore the .bak copy instead.")
