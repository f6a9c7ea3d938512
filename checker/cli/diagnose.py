"""`diagnose`: not built yet."""
