"""The doctor-style checklist: one row per check or probe, then a one-line summary.

Each row starts with a status mark and a code. Rows that need action carry
their cause and fix on indented lines beneath, wrapped to the terminal width.
"""

from __future__ import annotations

import shutil
import sys
import textwrap

import click

from checker.findings import Finding, ProbeResult, Severity, Verdict
from checker.output.columns import format_columns
from checker.report import Report

FAMILY_TITLES = {
    "ENV": "env file",
    "CRED": "credential values",
    "URL": "base URL",
    "AUTH": "Authorization header built from the credentials",
}
_MARKS = {"pass": ("✓", "ok"), "error": ("✗", "x"), "warning": ("!", "!"), "skipped": ("-", "-"),
          "inconclusive": ("?", "?")}
_COLORS = {"pass": "green", "error": "red", "warning": "yellow", "skipped": None, "inconclusive": "yellow"}
_VERDICT_KINDS = {Verdict.ACCEPTED: "pass", Verdict.REJECTED: "error", Verdict.INCONCLUSIVE: "inconclusive",
                  Verdict.SKIPPED: "skipped"}


def render(report: Report, *, color: bool | None = None, verbose: int = 0, families: tuple[str, ...] = ()) -> str:
    """Render `report` as the checklist. `families` lists rule families to show as passed when clean."""
    styled = _use_style(color)
    blocks = []
    if report.credentials:
        blocks.append(_credentials_block(report))
    blocks.append(_checks_block(report, styled, families))
    if report.probes:
        blocks.append(_probes_block(report, styled, verbose))
    if report.notes:
        blocks.append("\n".join(f"note: {note}" for note in report.notes))
    blocks.append(_summary(report, styled))
    return "\n\n".join(block for block in blocks if block)


def _use_style(color: bool | None) -> bool:
    if color is False:
        return False
    return sys.stdout.isatty() if color is None else True


def mark(kind: str, styled: bool) -> str:
    fancy, plain = _MARKS[kind]
    encoding = (getattr(sys.stdout, "encoding", None) or "ascii").lower()
    symbol = fancy if "utf" in encoding else plain
    text = f"[{symbol}]"
    return click.style(text, fg=_COLORS[kind], bold=True) if styled and _COLORS[kind] else text


def _credentials_block(report: Report) -> str:
    rows = []
    labels = {"app_id": "App ID", "app_key": "App Key"}
    for name, info in report.credentials.items():
        if info.fingerprint is not None:
            shown = f"length {info.length}, {info.fingerprint}"
        elif info.masked is not None:
            shown = info.masked
        else:
            shown = "(not set)"
        source = "" if info.source == "not set" else f"from {info.source}"
        rows.append((labels.get(name, name), shown, source))
    for label, value in report.extra.get("context", {}).items():
        rows.append((label, value, ""))
    return "Credentials\n" + format_columns(rows)


def _checks_block(report: Report, styled: bool, families: tuple[str, ...]) -> str:
    lines = []
    by_family: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_family.setdefault(finding.code.rstrip("0123456789"), []).append(finding)
    order = list(families) + [family for family in by_family if family not in families]
    for family in order:
        found = by_family.get(family, [])
        if not found:
            lines.append(f"{mark('pass', styled)} {family:<8} {FAMILY_TITLES.get(family, family)}: no problem found")
        for finding in sorted(found, key=lambda item: item.severity is not Severity.ERROR):
            lines += finding_lines(finding, styled)
    return "Checks\n" + "\n".join(lines) if lines else ""


def finding_lines(finding: Finding, styled: bool) -> list[str]:
    kind = "error" if finding.severity is Severity.ERROR else "warning"
    head = f"{finding.name}: {finding.message}"
    if finding.location is not None:
        head = f"{finding.location}: {head}"
    if finding.evidence:
        head += f" [{finding.evidence}]"
    return [f"{mark(kind, styled)} {finding.code:<8} {head}", *_explained(finding.cause, finding.fix)]


def _explained(cause: str, fix: str) -> list[str]:
    width = _width()
    lines = []
    for label, text in (("cause:", cause), ("fix:", fix)):
        if text:
            lines += textwrap.wrap(text, width=width, initial_indent=f"    {label:<7}", subsequent_indent=" " * 11)
    return lines


def _probes_block(report: Report, styled: bool, verbose: int) -> str:
    rows = []
    for probe in report.probes:
        status = "-" if probe.status is None else str(probe.status)
        elapsed = "" if probe.verdict is Verdict.SKIPPED else f"{probe.elapsed_ms} ms"
        rows.append((mark(_VERDICT_KINDS[probe.verdict], styled), probe.family, probe.method, _path(probe.url), status,
                     probe.verdict.value, probe.code or "", elapsed))
    table = format_columns(rows, headers=("", "family", "method", "path", "status", "verdict", "code", "time"))
    return "Probes\n" + table + _probe_explanations(report.probes, verbose)


def _probe_explanations(probes: list[ProbeResult], verbose: int) -> str:
    lines = []
    skipped = [probe for probe in probes if probe.verdict is Verdict.SKIPPED]
    if skipped and len(skipped) == len(probes):
        lines += _explained(skipped[0].cause, skipped[0].fix)
    groups: dict[tuple[str, ...], list[ProbeResult]] = {}
    for probe in probes:
        if probe.verdict is Verdict.SKIPPED:
            continue
        explain = probe.verdict is not Verdict.ACCEPTED
        details = probe.details if (verbose or explain or probe.family == "token") else ()
        if not explain and not details:
            continue
        key = (probe.cause if explain else "", probe.fix if explain else "") + tuple(details)
        groups.setdefault(key, []).append(probe)
    for key, members in groups.items():
        first = members[0]
        lines.append("  " + ", ".join(member.family for member in members) + ":")
        if first.verdict is not Verdict.ACCEPTED:
            lines += _explained(first.cause, first.fix)
        lines += [f"    {detail}" for detail in first.details if detail in key]
    return "\n" + "\n".join(lines) if lines else ""


def _path(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path or url


def _summary(report: Report, styled: bool) -> str:
    line = "Summary: " + report.summary_line()
    if not styled:
        return line
    colour = "red"
    if report.exit_code == 0:
        colour = "green"
    elif report.exit_code == 3:
        colour = "yellow"
    return click.style(line, fg=colour, bold=True)


def _width() -> int:
    return max(60, min(shutil.get_terminal_size((100, 24)).columns, 120) - 2)
