"""Scan the staged content of a repository or the lines its past commits added."""

from __future__ import annotations

import dataclasses
import os
from typing import Sequence

from checker.findings import Finding
from checker.scan import engine, git, walker
from checker.scan.walker import Skipped

# Rules whose findings expose a secret. When one is found in history, the
# secret stays readable in every clone even after the line is removed.
SECRET_CODES = ("SRC601", "SRC602", "SRC606", "SRC611", "SRC612")
# SRC604 exposes one only when the URL's password part is a literal, which
# its evidence then describes by length and fingerprint.
LITERAL_PASSWORD_EVIDENCE = "password part length"
HISTORY_FIX = (
    "Regenerate the App Key in the EnableX portal now: git history keeps the old key in every "
    "clone even after the line or file is removed, so deleting it is not enough. Then: "
)


def scan_git(walk: walker.WalkOptions, codes: Sequence[str], *, staged: bool,
             since: str | None, paths: Sequence[str]) -> engine.ScanResult:
    """Scan the index (`staged`) or the history of the repository around the current directory.

    Paths in findings are relative to the repository's top-level directory.
    """
    top = git.top_level()
    pathspecs = [_relative_to(top, path) for path in paths]
    if staged:
        return _scan_blobs(git.staged_blobs(top, pathspecs), top, walk, codes)
    result = _scan_blobs(git.history_blobs(top, since, pathspecs), top, walk, codes)
    result.findings = _first_introductions(result.findings)
    return result


def _relative_to(top: str, path: str) -> str:
    return os.path.relpath(os.path.abspath(path), top)


def _scan_blobs(blobs, top: str, walk: walker.WalkOptions, codes: Sequence[str]) -> engine.ScanResult:
    result = engine.ScanResult()
    for blob in blobs:
        if walker.is_excluded(walk, os.path.join(top, blob.path)):
            continue
        if len(blob.data) > walk.max_bytes:
            result.skipped.append(Skipped(blob.path, f"larger than the size limit ({len(blob.data)} > {walk.max_bytes} bytes)"))
            continue
        if engine.is_binary(blob.data):
            result.binary += 1
            continue
        result.scanned += 1
        source = engine.source_from_bytes(blob.data, blob.path, blob.path,
                                          commit=blob.commit, lines_in_scope=blob.added_lines)
        if source is not None:
            result.findings.extend(_with_history_fix(finding) for finding in engine.scan_source(source, codes))
    return result


def _with_history_fix(finding: Finding) -> Finding:
    if finding.location is None or finding.location.commit is None or not _exposes_secret(finding):
        return finding
    return dataclasses.replace(finding, fix=HISTORY_FIX + finding.fix)


def _exposes_secret(finding: Finding) -> bool:
    if finding.code in SECRET_CODES:
        return True
    return finding.code == "SRC604" and (finding.evidence or "").startswith(LITERAL_PASSWORD_EVIDENCE)


def _first_introductions(findings: list[Finding]) -> list[Finding]:
    """Keep one finding per (code, path, secret), from the oldest commit that added it.

    `git log` lists the newest commit first, so a later finding replaces an earlier one.
    """
    oldest: dict[tuple, Finding] = {}
    for finding in findings:
        oldest[(finding.code, finding.location.path, finding.secret_hash)] = finding
    return list(oldest.values())
