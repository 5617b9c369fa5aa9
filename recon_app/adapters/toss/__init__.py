"""Toss Payments direct (api.tosspayments.com): the transactions list, payment look-ups and the
mapping into canonical payment records. Facts: ../shared/portone/FACTS.md §5; the Payment object
after the community transcription of Toss's core API spec (kms0219kms/tosspayments-api-spec,
specs/coreApi/2022-11-16.json; not official, FACTS says so)."""
