"""The text report of `diagnose`: the story first, then the checklist every command prints."""

from __future__ import annotations

import textwrap

import click

from checker.diagnose.model import Diagnosis
from checker.diagnose.story import Story
from checker.report import Report


def render_text(report: Report, story: Story, diagnosis: Diagnosis, *, color: bool | None, verbose: int) -> str:
    from checker.output.text import render

    styled = color is not False and color is not None
    title = click.style("Diagnosis:", bold=True) if styled else "Diagnosis:"
    blocks = [f"{title} {story.headline}"]
    if story.nothing_found:
        blocks.append(_read_summary(diagnosis))
        if report.notes:
            blocks.append("\n".join(f"note: {note}" for note in report.notes))
        return "\n\n".join(blocks)

    if story.lead is not None:
        blocks.append(_lead_block(story))
    blocks.append(render(report, color=color, verbose=verbose))
    blocks.append(_read_summary(diagnosis))
    return "\n\n".join(blocks)


def _lead_block(story: Story) -> str:
    # The cause stays with the finding in the checklist below; the fix is what the engineer sends back.
    return "\n".join(textwrap.wrap(story.lead.fix, width=100, initial_indent="  Fix: ", subsequent_indent=" " * 7))


def _read_summary(diagnosis: Diagnosis) -> str:
    if not diagnosis.pieces:
        return "Read: nothing recognisable."
    parts = [f"{KIND_NAMES.get(piece.kind, piece.kind)} at line {piece.line}" for piece in diagnosis.pieces[:12]]
    more = len(diagnosis.pieces) - 12
    if more > 0:
        parts.append(f"{more} more")
    return "Read: " + ", ".join(parts) + "."


KIND_NAMES = {
    "header": "Authorization header",
    "curl": "curl command",
    "transcript": "curl -v transcript",
    "http": "HTTP message",
    "har": "HAR file",
    "env": "env file",
    "code": "code snippet",
    "json": "JSON body",
    "error": "client error message",
}
