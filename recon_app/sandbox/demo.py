"""The demo shop: fixed PortOne payments around DEMO_MONTH and the shop's matching order export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from recon_app.paths import resource_path

DEMO_MONTH = "2026-10"
#: Obviously fake credentials the sandbox accepts by default (printed by `recon-app sandbox`).
DEMO_IMP_KEY = "0000000000000000"
DEMO_IMP_SECRET = "sandbox-demo-secret-not-a-real-key"


def demo_orders_path() -> Path:
    return resource_path("demo", f"orders_{DEMO_MONTH}.csv")


def demo_payments() -> list[dict[str, Any]]:
    from recon_app.sandbox.generate import generate_payments

    return generate_payments(200, seed=2026)
