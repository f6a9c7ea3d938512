"""Canary credentials, the forms they travel in, and leak checks for the secret canary suite.

A canary is an App ID and App Key made up for one test. `Canary.forms()`
returns every form the contract forbids in output: the key, `id:key`, and the
Base64 token of `id:key` (padded, unpadded, base64url, and of `id:key` plus a
trailing newline). `find_leaks` looks for each form as it is and escaped the
ways a writer may escape it (JSON, Python repr, percent-encoding, GitHub
workflow commands), because the output scrubber matches only the plain form.

    canary = Canary(CANARY_ID, CANARY_KEY)
    result = run_cli(["check", "--offline"], env=canary.environ())
    assert_clean(canary, stdout=result.stdout, stderr=result.stderr)
"""

from __future__ import annotations

import base64
import dataclasses
import json
import re
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

# Made up for this suite; no EnableX project has them. The tests folder is excluded from scan.
CANARY_ID = "65a1b2c3d4e5f60718293a4b"
CANARY_KEY = "CanaryK3yZq7Wx9Vb2Nm4Lp6Rt8Hj0Fd"  # enablex-authcheck: ignore[SRC601]

# An occurrence is shown with this many characters of context on each side.
CONTEXT_CHARS = 40


def b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def b64url(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii")


@dataclasses.dataclass(frozen=True)
class Canary:
    app_id: str
    app_key: str

    @property
    def pair(self) -> str:
        return f"{self.app_id}:{self.app_key}"

    @property
    def token(self) -> str:
        """The Base64 token of `id:key`, padded, as a correct Basic header carries it."""
        return b64(self.pair)

    @property
    def latin1_token(self) -> str | None:
        """The token Python requests builds for a non-ASCII pair (Latin-1 bytes), or None when it is the UTF-8 one."""
        try:
            data = self.pair.encode("latin-1")
        except UnicodeEncodeError:
            return None
        if data == self.pair.encode("utf-8"):
            return None
        return base64.b64encode(data).decode("ascii")

    @property
    def header(self) -> str:
        return f"Basic {self.token}"

    def forms(self) -> dict[str, str]:
        """Return every secret form, by a label that names the form without showing it."""
        newline_token = b64(self.pair + "\n")
        forms = {
            "App Key": self.app_key,
            "id:key": self.pair,
            "Base64 token": self.token,
            "Base64 token without padding": self.token.rstrip("="),
            "base64url token": b64url(self.pair),
            "base64url token without padding": b64url(self.pair).rstrip("="),
            "token of id:key and LF": newline_token,
            "token of id:key and LF without padding": newline_token.rstrip("="),
            "Base64 of the key alone": b64(self.app_key),
            # The way secrets.mask_id shows an App ID: eight characters of the key when the key is in the ID's place.
            "key masked as an App ID": f"{self.app_key[:4]}…{self.app_key[-4:]}",
        }
        latin1 = self.latin1_token
        if latin1 is not None:
            forms["Latin-1 token"] = latin1
            forms["Latin-1 token without padding"] = latin1.rstrip("=")
        # An unpadded token can equal the padded one; keep each distinct value once.
        unique: dict[str, str] = {}
        for label, value in forms.items():
            if value not in unique.values():
                unique[label] = value
        return unique

    def environ(self, **extra: str | None) -> dict[str, str | None]:
        """Return an environment for run_cli with both credentials set, plus `extra`."""
        return {"ENABLEX_APP_ID": self.app_id, "ENABLEX_APP_KEY": self.app_key, **extra}


def escaped_variants(value: str) -> dict[str, str]:
    """Return the value as each writer may escape it, by the name of the escaping."""
    variants = {
        "plain": value,
        "JSON-escaped": json.dumps(value)[1:-1],
        "JSON-escaped (UTF-8 kept)": json.dumps(value, ensure_ascii=False)[1:-1],
        "Python repr": repr(value)[1:-1],
        "percent-encoded": quote(value, safe=""),
        "percent-encoded (: and / kept)": quote(value, safe=":/"),
        "GitHub-escaped": value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"),
    }
    # repr() picks the other quote when the value contains one, so try both escapings of quotes.
    variants["Python repr (quotes escaped)"] = value.replace("\\", "\\\\").replace("'", "\\'")
    return variants


@dataclasses.dataclass(frozen=True)
class Leak:
    where: str
    form: str
    escaping: str
    context: str

    def __str__(self) -> str:
        return f"{self.where}: {self.form} ({self.escaping}) in ...{self.context}..."


def find_leaks(canary: Canary, text: str, where: str) -> list[Leak]:
    """Return every secret form of `canary` that occurs in `text`.

    The context shown replaces the secret with a marker, so a failing test
    does not print the canary in full.
    """
    leaks = []
    if not text:
        return leaks
    for form, value in canary.forms().items():
        for escaping, variant in escaped_variants(value).items():
            if len(variant) < 4:
                continue
            position = text.find(variant)
            if position < 0:
                continue
            start = max(0, position - CONTEXT_CHARS)
            end = position + len(variant) + CONTEXT_CHARS
            context = text[start:end].replace(variant, f"<{form}>")
            leaks.append(Leak(where, form, escaping, context))
            break
    return leaks


def json_strings(document: object) -> Iterator[str]:
    """Yield every string in a parsed JSON document, keys included."""
    if isinstance(document, str):
        yield document
    elif isinstance(document, dict):
        for name, value in document.items():
            yield name
            yield from json_strings(value)
    elif isinstance(document, list):
        for item in document:
            yield from json_strings(item)


def leaks_in_json_values(canary: Canary, text: str, where: str) -> list[Leak]:
    """Parse `text` as JSON (or JSON lines) and look for secrets in its decoded strings."""
    documents = []
    try:
        documents.append(json.loads(text))
    except ValueError:
        for line in text.splitlines():
            try:
                documents.append(json.loads(line))
            except ValueError:
                continue
    found = []
    for document in documents:
        for value in json_strings(document):
            found += find_leaks(canary, value, f"{where} (a JSON value)")
    return found


def files_under(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file() and ".git" not in path.parts)


def snapshot(root: Path) -> dict[Path, bytes]:
    """Return the content of every file under `root`, to tell later which files a command wrote."""
    return {path: path.read_bytes() for path in files_under(root)}


def written_since(root: Path, before: dict[Path, bytes]) -> list[Path]:
    """Return the files under `root` created or changed since `before` was taken."""
    return [path for path in files_under(root) if before.get(path) != path.read_bytes()]


def collect_leaks(canary: Canary, *, outputs: dict[str, str] | None = None,
                  files: list[Path] | tuple[Path, ...] = ()) -> list[Leak]:
    """Check named output texts and written files, plain and as JSON."""
    found: list[Leak] = []
    for where, text in (outputs or {}).items():
        found += find_leaks(canary, text, where)
        found += leaks_in_json_values(canary, text, where)
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace")
        found += find_leaks(canary, text, f"file {path.name}")
        found += leaks_in_json_values(canary, text, f"file {path.name}")
    return found


def assert_clean(canary: Canary, *, files: list[Path] | tuple[Path, ...] = (), **outputs: str) -> None:
    """Fail with every leak found in the keyword outputs (stdout=..., stderr=...) and `files`."""
    found = collect_leaks(canary, outputs=outputs, files=files)
    assert not found, "secret in output:\n" + "\n".join(str(leak) for leak in found)


def assert_result_clean(canary: Canary, result, files: list[Path] | tuple[Path, ...] = ()) -> None:
    """Check a run_cli result: stdout, stderr, and the files the command wrote."""
    assert "Traceback" not in result.stderr
    assert_clean(canary, files=files, stdout=result.stdout, stderr=result.stderr)


def one_line_error(stderr: str) -> bool:
    lines = [line for line in stderr.splitlines() if line.strip()]
    return len(lines) == 1 and bool(re.match(r"^(error|Error): ", lines[0]))
