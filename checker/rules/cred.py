"""Rules: cred."""
