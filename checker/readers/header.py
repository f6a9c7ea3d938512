"""Find Authorization values in header lines and in bare `Basic ...` text."""

from __future__ import annotations

import dataclasses
import re

from checker.readers import credentials

_AUTHORIZATION = re.compile(r"^\s*(?:[-*•]\s+)?(authorization)\s*:[ \t]*(.*?)[ \t]*$", re.IGNORECASE)
# "the header: Authorization: Bearer abc" inside a sentence: the scheme and one token word.
INLINE_AUTHORIZATION = re.compile(
    r"\bauthorization\s*:\s*((?:basic|bearer|token|digest|apikey|api-key|jwt)\b[ \t:=]*[^\s'\"`,;]+)", re.IGNORECASE)
_BARE_BASIC = re.compile(r"(?<![A-Za-z])(basic)([ \t]*[ :=][ \t]*)([A-Za-z0-9+/_=:-]{8,})", re.IGNORECASE)
_BASE64_REST = re.compile(r"^[ \t]*([A-Za-z0-9+/_-]+={0,2})[ \t]*$")
# A value that is code building the header, not a header: `'Basic ' + btoa(...)`.
_CODE_EXPRESSION = re.compile(r"""^['"`]|\$\{|\+\s*\w+\(|\bbtoa\(|\bBuffer\.|base64""")


def looks_like_token(word: str) -> bool:
    """Tell a Base64 token or raw `id:key` from a word in a sentence ("Basic authentication").

    Base64 of an id and key almost always has a digit, `+`, `/` or `=`, or a
    mix of upper- and lower-case letters; English words rarely do.
    """
    if len(word) < 8:
        return False
    if re.search(r"[0-9+/=:]", word):
        return True
    return sum(c.isupper() for c in word) >= 2 and sum(c.islower() for c in word) >= 2


def find_bare_basic(line: str) -> re.Match[str] | None:
    """Return the first `Basic <token>` in a line whose token looks like a credential."""
    for match in _BARE_BASIC.finditer(line):
        if looks_like_token(match.group(3)):
            return match
    return None


@dataclasses.dataclass(frozen=True)
class HeaderValue:
    value: str
    line: int
    column: int
    bare: bool = False  # found as `Basic ...` without the header name


def find_header_values(text: str, first_line: int) -> list[list[HeaderValue]]:
    """Return Authorization values grouped by block: one group per run of header lines.

    Several values in one group mean the same request carried the header twice.
    """
    lines = [line.rstrip("\r") for line in text.split("\n")]
    groups: list[list[HeaderValue]] = []
    current: list[HeaderValue] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            if current:
                groups.append(current)
                current = []
            index += 1
            continue
        found, index = _value_at(lines, index, first_line)
        if found is not None:
            current.append(found)
    if current:
        groups.append(current)

    for group in groups:
        for item in group:
            credentials.register_authorization(item.value)
    return groups


def _value_at(lines: list[str], index: int, first_line: int) -> tuple[HeaderValue | None, int]:
    line = lines[index]
    match = _AUTHORIZATION.match(line)
    if match:
        if _CODE_EXPRESSION.search(match.group(2)):
            return None, index + 1
        value, index = _with_continuation(match.group(2), lines, index)
        return HeaderValue(value, first_line + index - value.count("\n"), match.start(2) + 1), index + 1

    inline = INLINE_AUTHORIZATION.search(line)
    if inline:
        value, index = _with_continuation(inline.group(1), lines, index)
        return HeaderValue(value, first_line + index - value.count("\n"), inline.start(1) + 1), index + 1

    bare = find_bare_basic(line)
    if bare:
        value = bare.group(0)
        value, index = _with_continuation(value, lines, index)
        return HeaderValue(value, first_line + index - value.count("\n"), bare.start() + 1, bare=True), index + 1
    return None, index + 1


def _with_continuation(value: str, lines: list[str], index: int) -> tuple[str, int]:
    """Join the next line when it contains the rest of a token that a wrapping encoder split."""
    if index + 1 >= len(lines) or value.rstrip().endswith("="):
        return value, index
    rest = _BASE64_REST.match(lines[index + 1])
    if rest and len(value.split()[-1] if value.split() else "") >= 16:
        return value + "\n" + rest.group(1), index + 1
    return value, index
