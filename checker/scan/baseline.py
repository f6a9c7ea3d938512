"""The baseline file: findings accepted once, identified without line numbers or secrets.

An entry is the rule code, the finding's path and a hash of the secret (or,
for findings without a secret, of the matched text). Editing lines above a
finding therefore does not make it new, and the file never contains a key.
"""

from __future__ import annotations

import json
import os

from checker import __version__
from checker.errors import CheckerError
from checker.findings import Finding

FORMAT_VERSION = 1
Entry = tuple[str, str, str]


def entry_of(finding: Finding) -> Entry | None:
    if finding.location is None or finding.secret_hash is None:
        return None
    return finding.code, finding.location.path, finding.secret_hash


def load(path: str) -> set[Entry]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise CheckerError(f"baseline {path} not found; create it with --update-baseline") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CheckerError(f"baseline {path} cannot be read ({error}); check the path") from None
    except json.JSONDecodeError as error:
        raise CheckerError(f"baseline {path} is not valid JSON (line {error.lineno}); recreate it with --update-baseline") from None
    return _entries(data, path)


def _entries(data: object, path: str) -> set[Entry]:
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION or not isinstance(data.get("findings"), list):
        raise CheckerError(f"baseline {path} is not a version {FORMAT_VERSION} baseline; recreate it with --update-baseline")
    entries = set()
    for item in data["findings"]:
        try:
            entries.add((str(item["code"]), str(item["path"]), str(item["hash"])))
        except (TypeError, KeyError):
            raise CheckerError(f"baseline {path} has an entry without code, path and hash; recreate it with --update-baseline") from None
    return entries


def save(path: str, findings: list[Finding]) -> int:
    """Write the baseline for `findings` and return the number of entries."""
    entries = sorted({entry for entry in map(entry_of, findings) if entry is not None})
    data = {
        "version": FORMAT_VERSION,
        "generated_by": f"enablex-authcheck {__version__}",
        "findings": [{"code": code, "path": path_, "hash": digest} for code, path_, digest in entries],
    }
    directory = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(directory, exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2)
            handle.write("\n")
    except OSError as error:
        raise CheckerError(f"cannot write baseline {path} ({error.strerror}); check the path") from None
    return len(entries)


def without_baselined(findings: list[Finding], entries: set[Entry]) -> tuple[list[Finding], int]:
    """Return the findings not in the baseline, and how many were dropped."""
    kept = [finding for finding in findings if entry_of(finding) not in entries]
    return kept, len(findings) - len(kept)
