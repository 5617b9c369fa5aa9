"""Panels of the desktop app."""

from __future__ import annotations
