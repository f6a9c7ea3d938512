"""SARIF 2.1.0 output for scan, in the shape GitHub code scanning accepts.

Every result names its rule by id and by index into `tool.driver.rules`. Its
physical location is relative to `%SRCROOT%`, with a 1-based line and
column. The finding's secret hash is its partial fingerprint, so GitHub can
follow an alert across edits without seeing the secret.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from checker import __version__, registry
from checker.findings import Finding, Severity
from checker.report import Report

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
# GitHub code scanning turns this score into a level ("SARIF support for code
# scanning" in GitHub's docs): 7.0 to 8.9 is high and 4.0 to 6.9 is medium.
SECURITY_SEVERITY = {Severity.ERROR: "8.0", Severity.WARNING: "4.0"}


def render(report: Report) -> str:
    return json.dumps(to_sarif(report), indent=2, ensure_ascii=False)


def to_sarif(report: Report) -> dict:
    from checker.rules import src

    rules = [registry.get(code) for code in src.CODES]
    index = {entry.code: position for position, entry in enumerate(rules)}
    run = {
        "tool": {"driver": {
            "name": "enablex-authcheck",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": [_rule(entry) for entry in rules],
        }},
        "columnKind": "unicodeCodePoints",
        "results": [_result(finding, index) for finding in report.findings],
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _rule(entry: registry.Rule) -> dict:
    help_text = f"{entry.fix}\n\nBad:\n{entry.bad}\n\nGood:\n{entry.good}"
    help_markdown = f"{entry.fix}\n\nBad:\n\n```\n{entry.bad}\n```\n\nGood:\n\n```\n{entry.good}\n```"
    return {
        "id": entry.code,
        "name": entry.name,
        "shortDescription": {"text": entry.summary},
        "fullDescription": {"text": entry.cause},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": _level(entry.severity)},
        "properties": {
            "tags": ["security", "enablex"],
            "precision": "high",
            "problem.severity": _level(entry.severity),
            "security-severity": SECURITY_SEVERITY[entry.severity],
        },
    }


def _result(finding: Finding, index: dict[str, int]) -> dict:
    text = finding.message + (f" [{finding.evidence}]" if finding.evidence else "")
    result: dict = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": _level(finding.severity),
        "message": {"text": f"{text}. Fix: {finding.fix}"},
    }
    if finding.location is not None:
        result["locations"] = [_location(finding)]
    if finding.secret_hash:
        result["partialFingerprints"] = {"secretHash/v1": finding.secret_hash}
    if finding.location is not None and finding.location.commit:
        result["properties"] = {"commit": finding.location.commit}
    return result


def _location(finding: Finding) -> dict:
    location = finding.location
    physical: dict = {"artifactLocation": {"uri": quote(location.path), "uriBaseId": "%SRCROOT%"}}
    if location.line is not None:
        region = {"startLine": location.line}
        if location.column is not None:
            region["startColumn"] = location.column
        physical["region"] = region
    return {"physicalLocation": physical}


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"
