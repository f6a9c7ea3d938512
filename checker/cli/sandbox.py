"""`sandbox`: not built yet."""
