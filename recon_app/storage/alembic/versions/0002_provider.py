"""Providers: which payment API a store syncs from and a payment came through.

``stores.provider`` and ``payments.provider`` take 'portone-v1', 'portone-v2' or 'toss'; every
row that exists when this runs came through PortOne V1, hence the server default. A store also
remembers how its order id is read from a V2/Toss payment (``order_id_from``: NULL or 'id',
'custom:KEY', 'regex:PATTERN'; see adapters/portone_v2/mapping.py). ``payments.set_aside`` holds
why a payment is stored but kept out of the month's figures (another currency, a test channel);
NULL for every payment that counts, which is every row that exists when this runs.

The V1-era column names (imp_uid, merchant_uid) stay until the ledger-wide rename to
payment_id/order_id, a later revision of its own (storage/payment_names.py maps them meanwhile).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite's ALTER TABLE is limited; on SQLite these two ADD COLUMNs run in place
    # (no table copy), on PostgreSQL as plain ALTER TABLE.
    with op.batch_alter_table("stores") as batch:
        batch.add_column(
            sa.Column("provider", sa.Text, nullable=False, server_default="portone-v1")
        )
        batch.add_column(sa.Column("order_id_from", sa.Text))
    with op.batch_alter_table("payments") as batch:
        batch.add_column(
            sa.Column("provider", sa.Text, nullable=False, server_default="portone-v1")
        )
        batch.add_column(sa.Column("set_aside", sa.Text))


def downgrade() -> None:
    raise NotImplementedError("Recon never downgrades a ledger; restore the .bak copy instead.")
