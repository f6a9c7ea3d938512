"""GitHub Actions workflow commands (`::error file=...,line=...::message`) for scan findings.

The escaping is that of `escapeData` and `escapeProperty` in GitHub's
actions/toolkit (`packages/core/src/command.ts`). In the message, `%`, CR
and LF become `%25`, `%0D` and `%0A`. Property values escape `:` and `,` as
`%3A` and `%2C` as well.
"""

from __future__ import annotations

from checker.findings import Finding
from checker.report import Report


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = [_command(finding) for finding in report.findings]
    lines.append(report.summary_line())
    return "\n".join(lines)


def _command(finding: Finding) -> str:
    level = "error" if finding.is_error else "warning"
    properties = []
    if finding.location is not None:
        properties.append(f"file={escape_property(finding.location.path)}")
        if finding.location.line is not None:
            properties.append(f"line={finding.location.line}")
        if finding.location.column is not None:
            properties.append(f"col={finding.location.column}")
    properties.append(f"title={escape_property(f'{finding.code} {finding.name}')}")
    return f"::{level} {','.join(properties)}::{escape_data(_message(finding))}"


def _message(finding: Finding) -> str:
    text = finding.message
    if finding.evidence:
        text += f" [{finding.evidence}]"
    if finding.location is not None and finding.location.commit:
        text += f" (commit {finding.location.commit})"
    return f"{text}\nFix: {finding.fix}"
