"""The immutable records that rules and probes produce."""

from __future__ import annotations

import dataclasses
import enum


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


class Verdict(str, enum.Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    INCONCLUSIVE = "inconclusive"
    SKIPPED = "skipped"


@dataclasses.dataclass(frozen=True)
class Location:
    path: str
    line: int | None = None
    column: int | None = None
    commit: str | None = None

    def to_dict(self) -> dict:
        data: dict = {"path": self.path}
        if self.commit is not None:
            data["commit"] = self.commit
        if self.line is not None:
            data["line"] = self.line
        if self.column is not None:
            data["column"] = self.column
        return data

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclasses.dataclass(frozen=True)
class Hit:
    """What a rule function yields: the specific message and where it applies.

    `evidence` must already be masked; the engine never sees raw secrets in it.
    `secret_hash` identifies the secret behind a finding (for scan baselines)
    without storing it.
    """

    message: str
    location: Location | None = None
    evidence: str | None = None
    secret_hash: str | None = None


@dataclasses.dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    cause: str
    fix: str
    location: Location | None = None
    evidence: str | None = None
    secret_hash: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict:
        data = {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "cause": self.cause,
            "fix": self.fix,
        }
        if self.location is not None:
            data["location"] = self.location.to_dict()
        if self.evidence is not None:
            data["evidence"] = self.evidence
        return data


@dataclasses.dataclass(frozen=True)
class ProbeResult:
    family: str
    method: str
    url: str
    verdict: Verdict
    status: int | None = None
    code: str | None = None
    cause: str = ""
    fix: str = ""
    elapsed_ms: int = 0
    details: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        data = {
            "family": self.family,
            "method": self.method,
            "url": self.url,
            "status": self.status,
            "verdict": self.verdict.value,
            "code": self.code,
            "cause": self.cause,
            "fix": self.fix,
            "elapsed_ms": self.elapsed_ms,
        }
        if self.details:
            data["details"] = list(self.details)
        return data
