"""The Markdown report of `diagnose`, ready to paste into a support ticket.

Text from findings goes through `escape`, so characters that Markdown reads
as markup (`<app-key>` would vanish as an HTML tag, `|` would split a table
cell) show literally. Inline code spans (`...`) in messages are kept.
"""

from __future__ import annotations

import re

from checker.diagnose.text import KIND_NAMES
from checker.findings import Severity, Verdict
from checker.report import Report

_SPECIAL = re.compile(r"([\\*_\[\]<>|#~])")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def escape(text: str) -> str:
    """Escape Markdown markup outside inline code spans; turn line breaks into spaces."""
    text = " ".join(text.split("\n"))
    parts = []
    position = 0
    for match in _CODE_SPAN.finditer(text):
        parts.append(_SPECIAL.sub(r"\\\1", text[position:match.start()]))
        parts.append(match.group(0))
        position = match.end()
    parts.append(_SPECIAL.sub(r"\\\1", text[position:]))
    return "".join(parts)


def render_diagnosis(report: Report, story, diagnosis) -> str:
    """Render the summary line, the findings with cause and fix, the masked evidence and the key fingerprint."""
    sections = [f"**Diagnosis:** {escape(story.headline)}"]
    if story.lead is not None:
        sections.append(f"**Fix:** {escape(story.lead.fix)}")
    if report.findings:
        sections.append(_findings_section(report))
    if report.probes:
        sections.append(_probes_section(report))
    sections.append(_evidence_section(report, diagnosis))
    if report.notes:
        sections.append("### Notes\n\n" + "\n".join(f"- {escape(note)}" for note in report.notes))
    sections.append(f"_{escape(report.summary_line())}; enablex-authcheck diagnose_")
    return "\n\n".join(sections) + "\n"


def _findings_section(report: Report) -> str:
    items = []
    for number, finding in enumerate(report.findings, start=1):
        severity = "error" if finding.severity is Severity.ERROR else "warning"
        where = f" (line {finding.location.line})" if finding.location and finding.location.line else ""
        lines = [
            f"{number}. **{finding.code} {finding.name}** ({severity}){where}: {escape(finding.message)}",
            f"   - Cause: {escape(finding.cause)}",
            f"   - Fix: {escape(finding.fix)}",
        ]
        if finding.evidence:
            lines.append(f"   - Evidence: {escape(finding.evidence)}")
        items.append("\n".join(lines))
    return "### Findings\n\n" + "\n".join(items)


def _probes_section(report: Report) -> str:
    rows = ["| family | method | status | verdict | code | cause |", "|---|---|---|---|---|---|"]
    for probe in report.probes:
        status = "" if probe.status is None else str(probe.status)
        cause = probe.cause if probe.verdict is not Verdict.ACCEPTED else "authentication passed"
        rows.append(f"| {probe.family} | {probe.method} | {status} | {probe.verdict.value} | "
                    f"{probe.code or ''} | {escape(cause)} |")
    return "### Live re-probe\n\n" + "\n".join(rows)


def _evidence_section(report: Report, diagnosis) -> str:
    lines = []
    app_id = report.credentials.get("app_id")
    app_key = report.credentials.get("app_key")
    if app_id is not None:
        lines.append(f"- App ID: `{app_id.masked}` (from {escape(app_id.source)})")
    if app_key is not None:
        lines.append(f"- App Key: length {app_key.length}, fingerprint `{app_key.fingerprint}` "
                     f"(from {escape(app_key.source)}). Compare it with the portal's key: "
                     "`printf %s \"$ENABLEX_APP_KEY\" | sha256sum` shows the same first 8 hex digits when the "
                     "keys match.")
    read = ", ".join(f"{KIND_NAMES.get(piece.kind, piece.kind)} at line {piece.line}" for piece in diagnosis.pieces[:12])
    if read:
        lines.append(f"- Read from the paste: {escape(read)}")
    for accepted in diagnosis.accepted[:5]:
        lines.append(f"- {escape(accepted)}")
    return "### Evidence (secrets masked)\n\n" + ("\n".join(lines) if lines else "- none")
