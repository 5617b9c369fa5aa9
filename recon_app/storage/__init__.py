"""The local ledger: one SQLite file, SQLAlchemy 2 Core, versioned schema. No Qt."""
