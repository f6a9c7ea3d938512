"""The unit a paste is split into: one header, command, exchange, file or snippet."""

from __future__ import annotations

import dataclasses

# Kinds a piece can have, also the values of `diagnose --kind`.
KINDS = ("header", "curl", "transcript", "http", "devtools", "har", "env", "code", "json", "error")


@dataclasses.dataclass(frozen=True)
class Piece:
    """A run of lines of one kind. `line` is the 1-based line of its first line in the paste."""

    kind: str
    text: str
    line: int
    language: str | None = None

    @property
    def last_line(self) -> int:
        return self.line + self.text.count("\n")
