"""Rules: url."""
