"""Inline suppressions: `enablex-authcheck: ignore[SRC601]` or a bare `enablex-authcheck: ignore`.

A suppression applies to findings on its own line and on the line after it,
so it can sit at the end of the offending line or in a comment above it.
"""

from __future__ import annotations

import re

from checker.findings import Finding
from checker.scan.lazy_regex import lazy
from checker.scan.source import SourceFile

MARKER = "enablex-authcheck"
IGNORE_COMMENT = lazy(r"enablex-authcheck:\s*ignore(?:\[(?P<codes>[A-Za-z0-9,\s]*)\])?", re.IGNORECASE)
ALL_CODES = frozenset({"*"})


def ignored_lines(source: SourceFile) -> dict[int, frozenset[str]]:
    """Map each line number covered by an inline ignore to the code prefixes it ignores."""
    if MARKER not in source.lowered:
        return {}
    covered: dict[int, frozenset[str]] = {}
    for match in IGNORE_COMMENT.finditer(source.text):
        codes = _codes(match.group("codes"))
        line = source.line_number(match.start())
        for number in (line, line + 1):
            covered[number] = covered.get(number, frozenset()) | codes
    return covered


def _codes(listed: str | None) -> frozenset[str]:
    if listed is None or not listed.strip():
        return ALL_CODES
    return frozenset(code.strip().upper() for code in listed.split(",") if code.strip())


def is_suppressed(finding: Finding, covered: dict[int, frozenset[str]]) -> bool:
    if finding.location is None or finding.location.line is None:
        return False
    codes = covered.get(finding.location.line)
    if not codes:
        return False
    return "*" in codes or any(finding.code.startswith(code) for code in codes)
