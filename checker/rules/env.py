"""Rules: env."""
