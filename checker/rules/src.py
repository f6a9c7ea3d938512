"""Rules: src."""
