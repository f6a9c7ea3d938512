"""Source scanning: walking trees, reading git content, suppressions and baselines.

The detection itself lives in `checker.rules.src`. This package turns
paths, the git index or git history into `SourceFile` objects for those
rules, and filters what they find.
"""
