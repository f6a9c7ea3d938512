"""The text form of a scan: `path:line:col: CODE message`, the fix below it, then a summary."""

from __future__ import annotations

import click

from checker.findings import Finding
from checker.report import Report


def render(report: Report, color: bool | None) -> str:
    lines = []
    for finding in report.findings:
        lines.append(_headline(finding, color))
        lines.append(f"    fix: {finding.fix}")
    if report.findings:
        lines.append("")
    lines.append(report.summary_line())
    return "\n".join(lines)


def _headline(finding: Finding, color: bool | None) -> str:
    location = str(finding.location) if finding.location else "-"
    code = finding.code
    if color is not False:
        code = click.style(code, fg="red" if finding.is_error else "yellow", bold=True)
    text = f"{location}: {code} {finding.message}"
    if finding.evidence:
        text += f" [{finding.evidence}]"
    if finding.location and finding.location.commit:
        text += f" (commit {finding.location.commit[:12]})"
    return text
