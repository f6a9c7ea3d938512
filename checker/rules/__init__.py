"""Rule families, one module each. `checker.registry.FAMILY_MODULES` lists them and loads them on demand."""
