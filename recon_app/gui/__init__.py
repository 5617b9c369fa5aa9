"""The PySide6 desktop app. The only package that imports Qt; it calls services, never storage."""
