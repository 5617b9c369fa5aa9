"""Stores: one payment account (and the shop's order exports) each; 'default' unless named.

A store remembers which provider it syncs from and how a V2/Toss payment's order id is read
(``order_id_from``), so that a later `sync` or the GUI need not be told again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from recon_app.storage.tables import DEFAULT_PROVIDER, stores

DEFAULT_STORE = "default"


@dataclass(frozen=True)
class StoreSettings:
    provider: str = DEFAULT_PROVIDER
    order_id_from: str | None = None  # None: the payment's own id (see portone_v2/mapping.py)


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


def store_settings(conn: Connection, name: str = DEFAULT_STORE) -> StoreSettings | None:
    """The remembered provider and order-id rule of store ``name`` (None: no such store)."""
    row = conn.execute(
        select(stores.c.provider, stores.c.order_id_from).where(stores.c.name == name)
    ).first()
    return None if row is None else StoreSettings(row.provider, row.order_id_from)


def remember_settings(conn: Connection, sid: int, settings: StoreSettings) -> None:
    conn.execute(
        update(stores)
        .where(stores.c.id == sid)
        .values(provider=settings.provider, order_id_from=settings.order_id_from)
    )
