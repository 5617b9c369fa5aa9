"""Stores: one PortOne account (and the shop's order exports) each; 'default' unless named."""

from __future__ import annotations

import time

from sqlalchemy import Connection, insert, select

from recon_app.storage.tables import stores

DEFAULT_STORE = "default"


def store_id(conn: Connection, name: str = DEFAULT_STORE, *, create: bool = True) -> int | None:
    """The id of store ``name``; created on first use when ``create`` (inside ``conn``'s txn)."""
    found = conn.execute(select(stores.c.id).where(stores.c.name == name)).scalar_one_or_none()
    if found is not None or not create:
        return found
    return int(
        conn.execute(
            insert(stores).values(name=name, created_at=int(time.time()))
        ).inserted_primary_key[0]
    )


def list_stores(conn: Connection) -> list[dict[str, object]]:
    rows = conn.execute(select(stores).order_by(stores.c.name)).mappings().all()
    return [dict(r) for r in rows]
