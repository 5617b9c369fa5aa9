"""A local, faithful PortOne V1 API server with a seeded demo store (tests, demo, benchmarks)."""
