"""One module per benchmark stage; each exposes measure(mode, n, quick) -> dict."""
