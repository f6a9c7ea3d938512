"""Read an env file the way different loaders do.

An application using python-dotenv sees one set of values; `docker run
--env-file` keeps quotes and inline comments literally; a shell that
`source`s the file keeps a carriage return at the end of each value. The
ENV rules compare these views, and `check` probes with the application's.
"""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

from checker.errors import CheckerError
from checker.findings import Finding, Location

_ASSIGNMENT = re.compile(r"^(?P<indent>[ \t]*)(?P<export>export[ \t]+)?(?P<name>[^=\s#]+)[ \t]*=(?P<value>.*)$", re.DOTALL)
WATCHED_NAME = re.compile(r"ENABLEX|APP_?ID|APP_?KEY", re.IGNORECASE)
MAX_ENV_FILE_BYTES = 1024 * 1024


@dataclasses.dataclass
class EnvLine:
    number: int
    text: str
    ending: str
    name: str
    value: str
    exported: bool

    @property
    def watched(self) -> bool:
        return bool(WATCHED_NAME.search(self.name))

    @property
    def quote(self) -> str | None:
        stripped = self.value.strip()
        if len(stripped) >= 2 and stripped[0] == stripped[-1] and stripped[0] in "\"'":
            return stripped[0]
        return None


@dataclasses.dataclass
class EnvFile:
    path: str
    text: str
    lines: list[EnvLine]
    has_bom: bool

    def location(self, line: EnvLine | None = None, column: int | None = None) -> Location:
        return Location(self.path, line.number if line else None, column)


@dataclasses.dataclass
class EnvAnalysis:
    env_file: EnvFile
    findings: list[Finding]
    values: dict[str, str]
    raw_values: dict[str, str]


def read_env_file(path: str | Path) -> tuple[str, str]:
    """Return the text and display label of an env file; raise CheckerError when unusable."""
    path = Path(path)
    label = str(path)
    try:
        if path.is_dir():
            raise CheckerError(f"env file {label} is a directory; pass the path of a file such as .env")
        data = path.read_bytes()[: MAX_ENV_FILE_BYTES + 1]
    except FileNotFoundError:
        raise CheckerError(f"env file {label} not found; check the path given to --env-file") from None
    except PermissionError:
        raise CheckerError(f"env file {label} is not readable (permission denied); fix its permissions") from None
    except OSError as error:
        raise CheckerError(f"env file {label} could not be read ({error.strerror}); check the path") from None
    if len(data) > MAX_ENV_FILE_BYTES:
        raise CheckerError(f"env file {label} is larger than 1 MiB; pass the env file itself, not another file")
    return decode_env_bytes(data, label), label


def decode_env_bytes(data: bytes, label: str) -> str:
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise CheckerError(
            f"env file {label} contains a U+0000 NULL byte at offset {offset}; it is binary or UTF-16:"
            " save it as UTF-8 text"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CheckerError(
            f"env file {label} is not valid UTF-8 (byte 0x{data[error.start]:02X} at offset {error.start});"
            " save it as UTF-8"
        ) from None


def parse_env_text(text: str, path: str) -> EnvFile:
    """Split env-file text into assignments, keeping line endings and the raw value text."""
    has_bom = text.startswith("\ufeff")
    lines = []
    for number, raw in enumerate(io.StringIO(text, newline="").readlines(), start=1):
        body = raw.rstrip("\r\n")
        ending = raw[len(body):]
        if number == 1 and has_bom:
            body = body[1:]
        stripped = body.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _ASSIGNMENT.match(body)
        if not match:
            continue
        lines.append(EnvLine(number, body, ending, match.group("name"), match.group("value"), bool(match.group("export"))))
    return EnvFile(path=path, text=text, lines=lines, has_bom=has_bom)


def dotenv_view(text: str) -> dict[str, str]:
    """Return what python-dotenv (and so an application using it) reads from `text`."""
    from dotenv import dotenv_values

    values = dotenv_values(stream=io.StringIO(text), interpolate=True)
    return {name: value for name, value in values.items() if value is not None}


def docker_view(env_file: EnvFile) -> dict[str, str]:
    """Return what `docker run --env-file` reads: values kept literally, later lines win, a BOM skipped."""
    values = {}
    for line in env_file.lines:
        name = ("export " + line.name) if line.exported else line.name
        values[name] = line.value
    return values


def analyze_env_text(text: str | bytes, path: str) -> EnvAnalysis:
    """Run the ENV rules and the CRED rules (on the ENABLEX_ values an application sees)."""
    from checker.registry import run_family
    from checker.rules.cred import check_pair

    if isinstance(text, bytes):
        text = decode_env_bytes(text, path)
    env_file = parse_env_text(text, path)
    values = dotenv_view(text)
    findings = run_family("ENV", env_file)

    app_id = values.get("ENABLEX_APP_ID")
    app_key = values.get("ENABLEX_APP_KEY")
    if app_id is not None or app_key is not None:
        findings += [
            finding for finding in check_pair(app_id, app_key, location=Location(path))
            if finding.code not in ("CRED201", "CRED202") or _assigned(env_file, finding.code)
        ]
    return EnvAnalysis(env_file=env_file, findings=findings, values=values, raw_values=docker_view(env_file))


def _assigned(env_file: EnvFile, code: str) -> bool:
    """Report an empty variable only when the file assigns it (a missing one may come from elsewhere)."""
    wanted = "ENABLEX_APP_ID" if code == "CRED201" else "ENABLEX_APP_KEY"
    return any(line.name == wanted for line in env_file.lines)
