"""List the catalogue and explain one rule."""

from __future__ import annotations

import json

import click

from checker import registry
from checker.errors import CheckerError, ExitCode
from checker.output import emit


def list_rules(output_format: str, family: str | None, color: bool | None) -> int:
    rules = registry.all_rules()
    if family:
        rules = [entry for entry in rules if entry.code.startswith(family.upper())]
        if not rules:
            raise CheckerError(f"no rule code starts with {family!r}; run `enablex-authcheck rules` for the list")

    if output_format == "json":
        emit(json.dumps([_rule_dict(entry) for entry in rules], indent=2))
        return ExitCode.OK

    from tabulate import tabulate

    rows = [(entry.code, entry.name, entry.severity.value, entry.summary) for entry in rules]
    emit(tabulate(rows, headers=["code", "name", "severity", "detects"], tablefmt="simple"), color=color)
    return ExitCode.OK


def explain_rule(code: str, output_format: str, color: bool | None) -> int:
    try:
        entry = registry.get(code)
    except KeyError:
        raise CheckerError(
            f"unknown rule {code!r}; run `enablex-authcheck rules` for the list of codes"
        ) from None

    if output_format == "json":
        emit(json.dumps(_rule_dict(entry), indent=2))
        return ExitCode.OK

    heading = click.style(f"{entry.code} {entry.name}", bold=True) + f" ({entry.severity.value})"
    lines = [
        heading,
        "",
        f"Detects: {entry.summary}",
        f"Cause:   {entry.cause}",
        f"Fix:     {entry.fix}",
        "",
        "Bad:",
        _indent(entry.bad),
        "",
        "Good:",
        _indent(entry.good),
    ]
    emit("\n".join(lines), color=color)
    return ExitCode.OK


def _rule_dict(entry: registry.Rule) -> dict:
    return {
        "code": entry.code,
        "name": entry.name,
        "severity": entry.severity.value,
        "summary": entry.summary,
        "cause": entry.cause,
        "fix": entry.fix,
        "bad": entry.bad,
        "good": entry.good,
    }


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines() or [""])
