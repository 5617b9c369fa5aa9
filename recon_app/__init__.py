"""Recon (정산 대사): reconciliation and settlement for Korean online shops."""

from __future__ import annotations

__version__ = "0.1.0"
