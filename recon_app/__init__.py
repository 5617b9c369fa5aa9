"""Recon (정산 대사): reconciliation and settlement for Korean online shops."""

from __future__ import annotations

from importlib import metadata


def _version() -> str:
    """The installed distribution's version (pyproject.toml is the one source). The PyInstaller
    bundle carries the metadata too (build.spec: copy_metadata); a bare source tree that was never
    installed says so instead of guessing."""
    try:
        return metadata.version("recon-app")
    except metadata.PackageNotFoundError:
        return "0+unknown"


__version__ = _version()
