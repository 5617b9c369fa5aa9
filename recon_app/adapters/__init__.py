"""Edges to the outside world: order files, the PortOne API, report files. No Qt, no SQL."""
