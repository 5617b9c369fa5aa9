"""One module per CLI command; each has ``register(subparsers)`` that sets ``func``."""

from __future__ import annotations

from recon_app.cli.commands import (
    accounting,
    closing,
    demo,
    doctor,
    export,
    fees,
    import_bank,
    import_orders,
    import_payments,
    payouts,
    reconcile,
    sandbox,
    senders,
    stores,
    sync,
)

# Order = order in `recon-app --help`: the main job first, then the monthly workflow.
ALL = [
    demo,
    sync,
    import_orders,
    import_payments,
    import_bank,
    reconcile,
    payouts,
    senders,
    export,
    closing,
    accounting,
    fees,
    stores,
    sandbox,
    doctor,
]
