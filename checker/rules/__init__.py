"""Rule families, one module each. Importing this package registers them all."""

from checker.rules import auth, cred, env, url, probe, src  # noqa: F401
