"""CRED2xx: the App ID and App Key values themselves."""

from __future__ import annotations

import dataclasses
import unicodedata

from checker import secrets, shapes
from checker.findings import Finding, Hit, Location
from checker.registry import rule, run_family


@dataclasses.dataclass
class Conflict:
    """One variable whose process-environment value differs from the env file's."""

    variable: str
    env_value: str
    file_value: str
    file_label: str


@dataclasses.dataclass
class CredentialPair:
    app_id: str | None
    app_key: str | None
    location: Location | None = None
    from_header: bool = False
    key_on_command_line: str | None = None
    conflicts: list[Conflict] = dataclasses.field(default_factory=list)


def check_pair(app_id: str | None, app_key: str | None, *, location: Location | None = None,
               from_header: bool = False, key_on_command_line: str | None = None,
               conflicts: list[Conflict] | None = None) -> list[Finding]:
    """Run the CRED rules on one id and key (either may be None when unset)."""
    secrets.register_pair(app_id, app_key)
    pair = CredentialPair(app_id, app_key, location, from_header, key_on_command_line, conflicts or [])
    return run_family("CRED", pair)


def _values(pair: CredentialPair):
    for label, value in (("ENABLEX_APP_ID", pair.app_id), ("ENABLEX_APP_KEY", pair.app_key)):
        if value:
            yield label, value


def _label(pair: CredentialPair, variable: str) -> str:
    if pair.from_header:
        return "the App ID in the header" if variable.endswith("ID") else "the App Key in the header"
    return variable


def _hit(pair: CredentialPair, message: str) -> Hit:
    return Hit(message=message, location=pair.location)


@rule(
    "CRED201", "app-id-missing", "error",
    summary="`ENABLEX_APP_ID` unset or empty",
    cause="No App ID was found, so no request can authenticate.",
    fix="Set ENABLEX_APP_ID to the App ID shown in the EnableX portal, in the environment or the .env file the service reads.",
    bad="ENABLEX_APP_ID=",
    good="ENABLEX_APP_ID=5f1e99bf90ce3c3c0c52e646",
)
def app_id_missing(pair: CredentialPair):
    if not pair.from_header and not pair.app_id:
        yield _hit(pair, "ENABLEX_APP_ID is " + ("empty" if pair.app_id == "" else "not set"))


@rule(
    "CRED202", "app-key-missing", "error",
    summary="`ENABLEX_APP_KEY` unset or empty",
    cause="No App Key was found, so no request can authenticate.",
    fix="Set ENABLEX_APP_KEY in the environment or the .env file the service reads (never on the command line).",
    bad="ENABLEX_APP_KEY=",
    good="ENABLEX_APP_KEY=<the key from the portal>",
)
def app_key_missing(pair: CredentialPair):
    if not pair.from_header and not pair.app_key:
        yield _hit(pair, "ENABLEX_APP_KEY is " + ("empty" if pair.app_key == "" else "not set"))


@rule(
    "CRED203", "surrounding-whitespace", "error",
    summary="leading or trailing space, tab, CR or LF",
    cause="The value starts or ends with whitespace, which becomes part of the credentials the platform compares.",
    fix="Remove the whitespace where the value is stored; for files, check for a trailing space or a CRLF line ending.",
    bad="ENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa  ",
    good="ENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa",
)
def surrounding_whitespace(pair: CredentialPair):
    for variable, value in _values(pair):
        stripped = value.strip(" \t\r\n\v\f")
        if stripped == value:
            continue
        parts = []
        if value[0] in " \t\r\n\v\f":
            parts.append(f"starts with {secrets.char_name(value[0])}")
        if value[-1] in " \t\r\n\v\f":
            parts.append(f"ends with {secrets.char_name(value[-1])}")
        yield _hit(pair, f"{_label(pair, variable)} " + " and ".join(parts))


@rule(
    "CRED204", "wrapping-quotes", "error",
    summary="value wrapped in `\"`, `'` or typographic quotes kept by the loader",
    cause="The quotes around the value were kept as part of it (docker --env-file keeps all quotes; no loader strips typographic quotes pasted from chat or a word processor).",
    fix="Remove the quotes from the value, and replace typographic quotes (\u201c \u201d \u2018 \u2019) if the value was pasted from a document.",
    bad="ENABLEX_APP_KEY=\u201cRy3uEurydeSyTuReXaDuMe9u7ysasa\u201d",
    good="ENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa",
)
def wrapping_quotes(pair: CredentialPair):
    for variable, value in _values(pair):
        core = value.strip()
        if not core:
            continue
        ends = [(name, char) for name, char in (("starts", core[0]), ("ends", core[-1])) if char in shapes.QUOTE_CHARACTERS]
        if ends:
            described = " and ".join(f"{name} with {secrets.char_name(char)}" for name, char in ends)
            yield _hit(pair, f"{_label(pair, variable)} {described}")


@rule(
    "CRED205", "invisible-characters", "error",
    summary="zero-width, NBSP, BOM, soft hyphen or other invisible code points, with position",
    cause="The value contains characters that do not show on screen (zero-width space, no-break space, byte-order mark, soft hyphen), usually picked up when copying from a web page, a PDF or a chat message.",
    fix="Retype the value or copy it again from the portal's copy button; check with `enablex-authcheck check -v`.",
    bad="ENABLEX_APP_KEY=Ry3uEury\u200bdeSyTuReXaDuMe9u7ysasa",
    good="ENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa",
)
def invisible_characters(pair: CredentialPair):
    for variable, value in _values(pair):
        found = [(pos, char) for pos, char in enumerate(value, start=1) if shapes.is_invisible(char)]
        if found:
            yield _hit(pair, f"{_label(pair, variable)} contains {_positions(found)}")


@rule(
    "CRED206", "non-ascii", "warning",
    summary="any other non-ASCII character (encoding differs between clients)",
    cause="The value contains non-ASCII characters; clients disagree on how to encode them (Python requests sends Latin-1, curl and browsers UTF-8), and portal-issued values are ASCII.",
    fix="Check the value against the portal; replace look-alike letters (Cyrillic \u0430, Greek \u03bf) with ASCII ones.",
    bad="ENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ys\u0430sa",
    good="ENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa",
)
def non_ascii(pair: CredentialPair):
    for variable, value in _values(pair):
        core = value.strip().strip(shapes.QUOTE_CHARACTERS)
        offset = value.find(core) if core else 0
        found = [
            (offset + pos, char) for pos, char in enumerate(core, start=1)
            if ord(char) > 127 and not shapes.is_invisible(char) and char not in shapes.QUOTE_CHARACTERS
        ]
        if found:
            yield _hit(pair, f"{_label(pair, variable)} contains {_positions(found)}")


def _positions(found: list[tuple[int, str]], limit: int = 4) -> str:
    parts = [f"{secrets.char_name(char)} at position {pos}" for pos, char in found[:limit]]
    if len(found) > limit:
        parts.append(f"and {len(found) - limit} more")
    return ", ".join(parts)


@rule(
    "CRED207", "colon-in-app-id", "error",
    summary="App ID contains `:` (Basic cannot carry it)",
    cause="HTTP Basic splits id and key at the first colon (RFC 7617 section 2), so an App ID with a colon cannot be sent.",
    fix="Check that ENABLEX_APP_ID holds only the App ID, not `id:key` or a URL.",
    bad="ENABLEX_APP_ID=5f1e99bf90ce3c3c0c52e646:Ry3u...",
    good="ENABLEX_APP_ID=5f1e99bf90ce3c3c0c52e646",
)
def colon_in_app_id(pair: CredentialPair):
    if pair.app_id and ":" in pair.app_id and not pair.from_header:
        yield _hit(pair, f"ENABLEX_APP_ID contains U+003A COLON at position {pair.app_id.index(':') + 1}")


@rule(
    "CRED208", "placeholder", "error",
    summary="documentation placeholders: `your_app_id`, `APP_ID`, `<app-key>`, `xxx`, `changeme`, ...",
    cause="The value is a placeholder from documentation or a template, not a credential issued by the portal.",
    fix="Replace it with the App ID and App Key of your project from the EnableX portal.",
    bad="ENABLEX_APP_KEY=your_app_key",
    good="ENABLEX_APP_KEY=<the key from the portal, kept out of the repository>",
)
def placeholder(pair: CredentialPair):
    for variable, value in _values(pair):
        if shapes.is_placeholder(value):
            shown = value.strip() if len(value.strip()) <= 32 else value.strip()[:29] + "..."
            yield _hit(pair, f"{_label(pair, variable)} is the placeholder `{shown}`")


@rule(
    "CRED209", "same-value", "error",
    summary="App ID equals App Key",
    cause="The App ID and the App Key are the same value, so one of them was copied into both variables.",
    fix="Set ENABLEX_APP_ID to the App ID and ENABLEX_APP_KEY to the App Key, both from the portal.",
    bad="ENABLEX_APP_ID=5f1e99bf90ce3c3c0c52e646\nENABLEX_APP_KEY=5f1e99bf90ce3c3c0c52e646",
    good="ENABLEX_APP_ID=5f1e99bf90ce3c3c0c52e646\nENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa",
)
def same_value(pair: CredentialPair):
    if pair.app_id and pair.app_key and pair.app_id.strip() == pair.app_key.strip():
        yield _hit(pair, "the App ID and the App Key are the same value")


@rule(
    "CRED210", "looks-swapped", "warning",
    summary="the App ID has the shape of a key and the key the shape of an ID",
    cause="The App ID looks like an App Key and the App Key looks like a 24-character hexadecimal App ID, so the two were probably swapped.",
    fix="Swap the values: ENABLEX_APP_ID is the 24-character hexadecimal ID, ENABLEX_APP_KEY the longer key.",
    bad="ENABLEX_APP_ID=Ry3uEurydeSyTuReXaDuMe9u7ysasa\nENABLEX_APP_KEY=5f1e99bf90ce3c3c0c52e646",
    good="ENABLEX_APP_ID=5f1e99bf90ce3c3c0c52e646\nENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa",
)
def looks_swapped(pair: CredentialPair):
    if _is_swapped(pair):
        yield _hit(pair, "the App ID has the shape of a key and the App Key the shape of a 24-character hexadecimal ID")


def _is_swapped(pair: CredentialPair) -> bool:
    if not pair.app_id or not pair.app_key:
        return False
    app_id, app_key = pair.app_id.strip(), pair.app_key.strip()
    return shapes.looks_like_app_key(app_id) and bool(shapes.HEX_ID_ANY_CASE.match(app_key))


@rule(
    "CRED211", "unusual-shape", "warning",
    summary="length or character set unlike a portal-issued value",
    cause="The value does not look like those the portal issues (App IDs: 24 lowercase hexadecimal characters; App Keys: about 30 to 40 letters and digits in public samples); it may be truncated, padded or from another service.",
    fix="Compare the value with the portal; if it is right, ignore this warning (the formats are not documented).",
    bad="ENABLEX_APP_ID=5F1E99BF90CE3C3C0C52E6",
    good="ENABLEX_APP_ID=5f1e99bf90ce3c3c0c52e646",
)
def unusual_shape(pair: CredentialPair):
    if _is_swapped(pair):
        return
    for variable, value in _values(pair):
        core = value.strip().strip(shapes.QUOTE_CHARACTERS).strip()
        if not core or shapes.is_placeholder(core) or any(ord(char) > 127 or unicodedata.category(char) == "Cc" for char in core):
            continue
        message = _shape_problem(variable, core)
        if message:
            yield _hit(pair, f"{_label(pair, variable)} {message}")


def _shape_problem(variable: str, value: str) -> str | None:
    if variable == "ENABLEX_APP_ID":
        if shapes.looks_like_app_id(value):
            return None
        if shapes.HEX_ID_ANY_CASE.match(value):
            return "is hexadecimal but not lowercase"
        return f"is {len(value)} characters long and not 24 lowercase hexadecimal digits"
    if shapes.APP_KEY_PATTERN.match(value):
        return None
    if not value.isalnum():
        return f"contains characters other than letters and digits (length {len(value)})"
    return f"is {len(value)} characters long; portal-issued keys seen in samples are 30 to 40"


@rule(
    "CRED212", "key-on-command-line", "warning",
    summary="the key was given where shell history or `ps` can see it",
    cause="The App Key appears on a command line, where shell history, `ps` and CI logs record it.",
    fix="Read the key from the environment or a file instead (`curl -u \"$ENABLEX_APP_ID:$ENABLEX_APP_KEY\"`, `--app-key-stdin`), and regenerate it if the history was shared.",
    bad="curl -u 5f1e99bf90ce3c3c0c52e646:Ry3uEurydeSyTuReXaDuMe9u7ysasa https://api.enablex.io/voice/v1/call",
    good="curl -u \"$ENABLEX_APP_ID:$ENABLEX_APP_KEY\" https://api.enablex.io/voice/v1/call",
)
def key_on_command_line(pair: CredentialPair):
    if pair.key_on_command_line:
        yield _hit(pair, f"the App Key ({secrets.describe_key(pair.app_key or '')}) was given on the command line"
                         f" ({pair.key_on_command_line})")


@rule(
    "CRED213", "sources-disagree", "warning",
    summary="the process environment and the env file hold different values; says which one the application will see",
    cause="The variable is set both in the process environment and in the env file, with different values; which one a service uses depends on its loader.",
    fix="Keep one source of truth: unset the stale one. python-dotenv (override=False) and most loaders keep the process environment; `load_dotenv(override=True)` and Compose `env_file` use the file.",
    bad="export ENABLEX_APP_KEY=old...; .env: ENABLEX_APP_KEY=new...",
    good="the key set in one place only",
)
def sources_disagree(pair: CredentialPair):
    for conflict in pair.conflicts:
        if conflict.variable.endswith("KEY"):
            env_shown = secrets.describe_key(conflict.env_value)
            file_shown = secrets.describe_key(conflict.file_value)
        else:
            env_shown = secrets.mask_id(conflict.env_value)
            file_shown = secrets.mask_id(conflict.file_value)
        yield _hit(pair, f"{conflict.variable} differs between the process environment ({env_shown}) and"
                         f" {conflict.file_label} ({file_shown}); an application using python-dotenv sees the"
                         f" environment's value")
