"""PortOne (I'mport) V1 REST API: token cache, paged bulk pull, payment schema at the boundary.

Nothing here touches the ledger; ``recon_app.services.syncing`` ties the client to
``recon_app.storage.payments_repo``.
"""

from __future__ import annotations
