"""Rules: auth."""
