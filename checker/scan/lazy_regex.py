"""Regular expressions compiled on first use.

The SRC rules define about fifty expressions. Compiling them all took 5 to
7 ms on the benchmark machine (docs/benchmarks.md), close to a tenth of a
pre-commit hook call on one file. A `LazyPattern` compiles when a rule first
runs it, so a call pays only for the expressions its files reach.
"""

from __future__ import annotations

import re
from typing import Iterator


class LazyPattern:
    """A stand-in for `re.compile(pattern, flags)` that compiles on the first search."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def finditer(self, text: str, *bounds: int) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text, *bounds)

    def search(self, text: str, *bounds: int) -> re.Match[str] | None:
        return self.compiled.search(text, *bounds)

    def match(self, text: str, *bounds: int) -> re.Match[str] | None:
        return self.compiled.match(text, *bounds)

    def fullmatch(self, text: str, *bounds: int) -> re.Match[str] | None:
        return self.compiled.fullmatch(text, *bounds)


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)
