"""Align rows into columns for the check report.

tabulate draws the other tables. This one is on the `check --offline`
start-up path, and importing tabulate 0.10 there costs about 20 ms on a
2-core machine because it reads its own package metadata.
"""

from __future__ import annotations

import click


def format_columns(rows: list[tuple[str, ...]], headers: tuple[str, ...] | None = None) -> str:
    """Return rows as left-aligned columns two spaces apart, with a dashed rule under the headers."""
    table = [tuple(headers)] if headers else []
    table += [tuple(str(cell) for cell in row) for row in rows]
    if not table:
        return ""
    count = max(len(row) for row in table)
    widths = [max((_visible(row[index]) for row in table if index < len(row)), default=0) for index in range(count)]

    lines = [_line(row, widths) for row in table]
    if headers:
        lines.insert(1, _line(tuple("-" * width for width in widths), widths))
    return "\n".join(lines)


def _line(row: tuple[str, ...], widths: list[int]) -> str:
    cells = [cell + " " * (widths[index] - _visible(cell)) for index, cell in enumerate(row)]
    return "  ".join(cells).rstrip()


def _visible(text: str) -> int:
    return len(click.unstyle(text))
