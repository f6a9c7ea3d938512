"""The report every command builds, and its JSON form (schemas/report.schema.json)."""

from __future__ import annotations

import dataclasses
from typing import Any

from checker import __version__
from checker.errors import ExitCode
from checker.findings import Finding, ProbeResult, Severity, Verdict

SCHEMA_VERSION = 1


@dataclasses.dataclass
class CredentialInfo:
    """The source of one credential, and its value shown without the secret part."""

    source: str
    masked: str | None = None
    length: int | None = None
    fingerprint: str | None = None

    def to_dict(self) -> dict:
        data: dict[str, Any] = {"source": self.source}
        for field in ("masked", "length", "fingerprint"):
            value = getattr(self, field)
            if value is not None:
                data[field] = value
        return data


@dataclasses.dataclass
class Report:
    command: str
    findings: list[Finding] = dataclasses.field(default_factory=list)
    probes: list[ProbeResult] = dataclasses.field(default_factory=list)
    credentials: dict[str, CredentialInfo] = dataclasses.field(default_factory=dict)
    notes: list[str] = dataclasses.field(default_factory=list)
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)
    strict: bool = False
    exit_override: int | None = None

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for finding in self.findings if finding.severity is Severity.WARNING)

    def verdict_count(self, verdict: Verdict) -> int:
        return sum(1 for probe in self.probes if probe.verdict is verdict)

    @property
    def exit_code(self) -> int:
        """Exit 1 on an error or a rejected probe, 3 when only inconclusive probes remain."""
        if self.exit_override is not None:
            return self.exit_override
        if self.errors or self.verdict_count(Verdict.REJECTED):
            return ExitCode.FINDINGS
        if self.strict and self.warnings:
            return ExitCode.FINDINGS
        if self.verdict_count(Verdict.INCONCLUSIVE):
            return ExitCode.INCONCLUSIVE
        return ExitCode.OK

    def summary(self) -> dict:
        return {
            "errors": self.errors,
            "warnings": self.warnings,
            "accepted": self.verdict_count(Verdict.ACCEPTED),
            "rejected": self.verdict_count(Verdict.REJECTED),
            "inconclusive": self.verdict_count(Verdict.INCONCLUSIVE),
            "skipped": self.verdict_count(Verdict.SKIPPED),
            "exit_code": int(self.exit_code),
        }

    def to_dict(self) -> dict:
        data: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "enablex-authcheck", "version": __version__},
            "command": self.command,
            "summary": self.summary(),
            "findings": [finding.to_dict() for finding in self.findings],
            "probes": [probe.to_dict() for probe in self.probes],
            "credentials": {name: info.to_dict() for name, info in self.credentials.items()},
        }
        if self.notes:
            data["notes"] = list(self.notes)
        data.update(self.extra)
        return data

    def summary_line(self) -> str:
        counts = self.summary()
        parts = [_plural(counts["errors"], "error"), _plural(counts["warnings"], "warning")]
        if self.probes:
            parts += [f"{counts[name]} {name}" for name in ("accepted", "rejected", "inconclusive", "skipped")]
        return ", ".join(parts) + f"; exit {counts['exit_code']}"


def to_json(report: Report) -> str:
    import json

    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")
