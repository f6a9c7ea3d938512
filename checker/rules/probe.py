"""Rules: probe."""
