"""The evidence that the analysis of a paste collects before the story is built."""

from __future__ import annotations

import dataclasses

from checker.findings import Finding, Location, Verdict
from checker.readers.pieces import Piece


@dataclasses.dataclass(frozen=True)
class SeenResponse:
    """A response found in the paste and what it means for authentication."""

    status: int
    family: str | None
    verdict: Verdict
    code: str | None
    cause: str
    location: Location
    request_had_header: bool | None  # None when the paste contains no request for it


@dataclasses.dataclass(frozen=True)
class SeenCredentials:
    """An App ID and App Key recovered from the paste (kept in memory only, never printed)."""

    app_id: str | None
    app_key: str | None
    source: str


@dataclasses.dataclass
class Diagnosis:
    name: str
    pieces: list[Piece] = dataclasses.field(default_factory=list)
    findings: list[Finding] = dataclasses.field(default_factory=list)
    responses: list[SeenResponse] = dataclasses.field(default_factory=list)
    credentials: list[SeenCredentials] = dataclasses.field(default_factory=list)
    headers_checked: int = 0
    header_codes: set[str] = dataclasses.field(default_factory=set)
    notes: list[str] = dataclasses.field(default_factory=list)
    domain: str | None = None
    # The API family of the last request seen, for a response pasted after a curl command.
    last_family: str | None = None
    accepted: list[str] = dataclasses.field(default_factory=list)
    voice_commands: int = 0  # curl commands aimed at the Voice API, relevant even when nothing is wrong

    def add(self, findings: list[Finding]) -> None:
        for finding in findings:
            if not any(_same(finding, known) for known in self.findings):
                self.findings.append(finding)

    def add_credentials(self, app_id: str | None, app_key: str | None, source: str) -> None:
        if app_id is None and app_key is None:
            return
        if any(seen.app_id == app_id and seen.app_key == app_key for seen in self.credentials):
            return
        self.credentials.append(SeenCredentials(app_id, app_key, source))

    @property
    def relevant(self) -> bool:
        return bool(self.findings or self.responses or self.credentials or self.headers_checked or self.accepted
                    or self.voice_commands)


def _same(first: Finding, second: Finding) -> bool:
    return first.code == second.code and first.message == second.message and first.location == second.location


def shift(finding: Finding, path: str, first_line: int) -> Finding:
    """Move a finding located in a piece's own text to its place in the whole paste."""
    location = finding.location
    if location is None:
        return dataclasses.replace(finding, location=Location(path, first_line))
    line = location.line + first_line - 1 if location.line is not None else first_line
    return dataclasses.replace(finding, location=Location(path, line, location.column, location.commit))
