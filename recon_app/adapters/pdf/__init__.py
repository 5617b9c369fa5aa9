"""The one-page printable month summary (PDF, Korean font embedded)."""
