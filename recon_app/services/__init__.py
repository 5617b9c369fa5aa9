"""Use cases as plain blocking functions (import_orders, sync_payments, reconcile_month, …).

The CLI and the GUI both call these; each takes optional ``progress`` and ``cancel`` arguments
(see ``recon_app.domain.progress``) and opens its own ledger transaction.
"""
