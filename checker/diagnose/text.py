"""The text report of `diagnose`: the story first, then the checklist every command prints."""

from __future__ import annotations

import dataclasses
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
    if report.credentials:
        blocks.append(_credentials_block(report))
    # The shared checklist would print the credentials through tabulate, whose import alone costs
    # about 20 ms of the start-up budget, so they are printed above instead.
    blocks.append(render(dataclasses.replace(report, credentials={}), color=color, verbose=verbose))
    blocks.append(_read_summary(diagnosis))
    return "\n\n".join(blocks)


def _credentials_block(report: Report) -> str:
    rows = []
    app_id = report.credentials.get("app_id")
    app_key = report.credentials.get("app_key")
    if app_id is not None:
        rows.append(("App ID", app_id.masked or "", f"from {app_id.source}"))
    if app_key is not None:
        rows.append(("App Key", f"length {app_key.length}, {app_key.fingerprint}", f"from {app_key.source}"))
    width = max(len(row[1]) for row in rows)
    return "Credentials\n" + "\n".join(f"{label:<8} {shown:<{width}}  {source}" for label, shown, source in rows)


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
    "devtools": "developer tools headers",
    "har": "HAR file",
    "env": "env file",
    "code": "code snippet",
    "json": "JSON body",
    "error": "client error message",
}
