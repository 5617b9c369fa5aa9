"""GUI resources (translations, icons) from a checkout or a PyInstaller bundle."""

from __future__ import annotations

from pathlib import Path

from recon_app.paths import resource_path


def i18n_dir() -> Path:
    return resource_path("i18n")


def translation_file(language: str) -> Path:
    """The compiled Qt translation for ``language`` ('ko'); English is the source language."""
    return i18n_dir() / f"recon_{language}.qm"
