"""`check`: not built yet."""
