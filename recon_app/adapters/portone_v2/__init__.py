"""PortOne V2 (api.portone.io): auth, the paged payment list and the mapping into canonical
payment records. Facts: ../shared/portone/FACTS.md §4 and the official V2 schema
(``v2.openapi.subset.json``, used by tests/sandbox/test_sandbox_v2_schema.py)."""
