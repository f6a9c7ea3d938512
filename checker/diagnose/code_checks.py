"""A stand-in for the source rule SRC607 on pasted snippets.

The scan rules (`checker.rules.src`) match the join of an App ID and an App
Key by variable names. Snippets in tickets often read both from the
environment inline, as in `os.environ['ENABLEX_APP_ID'] + os.environ['ENABLEX_APP_KEY']`.
So this check reads the text between the two names instead. A join operator
with no colon, next to a Base64 encoder, means the header lacks the `:`.
"""

from __future__ import annotations

import re

from checker.findings import Finding, Location
from checker.registry import make_finding

_ID_NAME = re.compile(r"app[_-]?id|application[_-]?id", re.IGNORECASE)
_KEY_NAME = re.compile(r"app[_-]?key|application[_-]?key|app[_-]?secret", re.IGNORECASE)
_JOIN = re.compile(r"\+|\s\.\s|\}\s*\$?\{|\}#\{|<<|\bconcat\(|\.concat\(|,")
_ENCODER = re.compile(
    r"b64encode|encodebytes|btoa|Buffer\.from|base64_encode|encode64|getEncoder|ToBase64String"
    r"|StdEncoding|Base64\.encode|\|\s*base64",
    re.IGNORECASE,
)
_MAX_GAP = 40


def missing_colon_joins(text: str, path: str, first_line: int) -> list[Finding]:
    """Return SRC607 findings for lines that join id and key without a colon before encoding."""
    lines = text.split("\n")
    findings = []
    for index, line in enumerate(lines):
        window = "\n".join(lines[max(0, index - 1):index + 2])
        if not _ENCODER.search(window):
            continue
        column = _colonless_join(line)
        if column is not None:
            findings.append(make_finding(
                "SRC607", "App ID and App Key are joined without a colon before Base64 encoding",
                Location(path, first_line + index, column),
            ))
    return findings


def _colonless_join(line: str) -> int | None:
    for id_match in _ID_NAME.finditer(line):
        key_match = _KEY_NAME.search(line, id_match.end())
        if key_match is None:
            continue
        gap = line[id_match.end():key_match.start()]
        if len(gap) <= _MAX_GAP and ":" not in gap and _JOIN.search(gap):
            return id_match.start() + 1
    return None
