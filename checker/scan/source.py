"""One file's text as the SRC rules see it, with cheap checks computed once."""

from __future__ import annotations

import bisect
import functools
import re
from typing import Iterator

from checker.findings import Location
from checker.scan import languages
from checker.scan.lazy_regex import LazyPattern

# Every SRC rule needs at least one of these lowercase substrings, so a file
# that contains none of them is skipped before any regular expression runs.
MARKERS = (b"enablex", b"app_key", b"appkey", b"app-key", b"basic ", b"basic\t", b"/voice/v1")
KEY_NAME_MARKERS = ("app_key", "appkey", "app-key")
TOOL_NAME = b"enablex-authcheck"
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def find_markers(lowered: bytes) -> frozenset[str]:
    if TOOL_NAME in lowered:
        # An inline ignore comment names this tool; it does not make the file about EnableX.
        lowered = lowered.replace(TOOL_NAME, b"")
    return frozenset(marker.decode() for marker in MARKERS if marker in lowered)


class SourceFile:
    """A text file to scan.

    `path` is the path shown in findings, relative to the scan root.
    `kind_path` decides what kind of file this is. It is relative to the git
    work tree, so it keeps directory names such as `public/` when the scan
    root is inside them. `lines_in_scope`, when set, limits findings to those
    line numbers (the lines a git commit added).
    """

    def __init__(self, path: str, text: str, markers: frozenset[str], kind_path: str = "",
                 commit: str | None = None, lines_in_scope: frozenset[int] | None = None) -> None:
        self.path = path
        self.text = text
        self.markers = markers
        self.kind_path = kind_path or path
        self.commit = commit
        self.lines_in_scope = lines_in_scope
        # Results that several rules share (for example the decoded Basic
        # tokens), computed by the first rule that needs them.
        self.shared: dict = {}

    @classmethod
    def from_text(cls, path: str, text: str, **extra) -> "SourceFile":
        markers = find_markers(text.lower().encode("utf-8", "replace"))
        return cls(path=path, text=text, markers=markers, **extra)

    def has_any(self, *markers: str) -> bool:
        return any(marker in self.markers for marker in markers)

    @functools.cached_property
    def lowered(self) -> str:
        """Return the text in lower case with every offset unchanged."""
        lowered = self.text.lower()
        if len(lowered) != len(self.text):
            # A few characters (such as U+0130) grow when lowered, so only
            # ASCII is lowered here to keep offsets aligned with `text`.
            lowered = self.text.translate(_ASCII_LOWER)
        return lowered

    def matches(self, expression: re.Pattern[str] | LazyPattern, *words: str) -> Iterator[re.Match[str]]:
        """Run `expression` only on the lines that contain one of the lowercase `words`.

        The substring search is the cheap prefilter. The expression runs on
        the full text between the line's bounds, so match offsets stay
        absolute. Expressions given words must not match across lines.
        """
        if not words:
            yield from expression.finditer(self.text)
            return
        for start, end in self._line_spans(words):
            yield from expression.finditer(self.text, start, end)

    def _line_spans(self, words: tuple[str, ...]) -> list[tuple[int, int]]:
        lines: set[int] = set()
        lowered = self.lowered
        for word in words:
            position = lowered.find(word)
            while position != -1:
                lines.add(self.line_number(position))
                position = lowered.find(word, position + len(word))
        return [self._line_bounds(number) for number in sorted(lines)]

    def _line_bounds(self, number: int) -> tuple[int, int]:
        start = self.line_starts[number - 1]
        end = self.line_starts[number] if number < len(self.line_starts) else len(self.text)
        return start, end

    @functools.cached_property
    def line_starts(self) -> list[int]:
        starts = [0]
        position = self.text.find("\n")
        while position != -1:
            starts.append(position + 1)
            position = self.text.find("\n", position + 1)
        return starts

    @functools.cached_property
    def browser_reason(self) -> str | None:
        return languages.browser_reason(self.kind_path)

    @functools.cached_property
    def is_env_file(self) -> bool:
        return languages.is_env_file(self.kind_path)

    @functools.cached_property
    def is_shell_like(self) -> bool:
        return languages.is_shell_like(self.kind_path)

    @functools.cached_property
    def mentions_enablex(self) -> bool:
        """Return True when the file names EnableX or a Voice API path anywhere."""
        return self.has_any("enablex", "/voice/v1")

    @functools.cached_property
    def mentions_credentials(self) -> bool:
        return self.mentions_enablex or self.has_any(*KEY_NAME_MARKERS)

    def line_number(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def line_text(self, number: int) -> str:
        start = self.line_starts[number - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end == -1 else self.text[start:end]

    def window(self, number: int, radius: int) -> str:
        """Return the lowercased lines from `number - radius` to `number + radius`."""
        first = max(1, number - radius)
        last = min(len(self.line_starts), number + radius)
        start = self.line_starts[first - 1]
        end = self.line_starts[last] if last < len(self.line_starts) else len(self.text)
        return self.lowered[start:end]

    def location(self, offset: int) -> Location:
        line = self.line_number(offset)
        column = offset - self.line_starts[line - 1] + 1
        return Location(self.path, line, column, self.commit)

    def in_scope(self, offset: int) -> bool:
        return self.lines_in_scope is None or self.line_number(offset) in self.lines_in_scope
