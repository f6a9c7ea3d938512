"""`scan`: not built yet."""
