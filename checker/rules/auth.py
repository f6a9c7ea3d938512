"""AUTH1xx: the Authorization header, as RFC 7617 and the platform read it.

Each rule reads the `HeaderAnalysis` records that `checker.header.parse_header`
builds. Messages name characters by position and Unicode name and never show
the token, the key or the decoded `id:key`.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import re
import unicodedata
from typing import Iterator

from checker import secrets, shapes
from checker.findings import Finding, Hit, Location
from checker.header import B64_ALPHABET, HeaderAnalysis
from checker.registry import rule, run_family

UNSET_WORDS = {"undefined", "null", "none", "nil", "nan", "(null)", "<nil>", "false"}
_UNEXPANDED = re.compile(r"^(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|%[A-Za-z_][A-Za-z0-9_]*%|\{\{.*\}\}|#\{.*\})$")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_ID_THEN_KEY = re.compile(r"^[0-9a-f]{24}[A-Za-z0-9]{8,}$")


@dataclasses.dataclass
class HeaderSet:
    analyses: list[HeaderAnalysis]
    expected: tuple[str, str] | None = None
    location: Location | None = None


def check_analyses(analyses: list[HeaderAnalysis], *, expected: tuple[str, str] | None = None,
                   location: Location | None = None) -> list[Finding]:
    """Run every AUTH rule, then the CRED rules on each decoded id and key."""
    from checker.rules.cred import check_pair

    findings = run_family("AUTH", HeaderSet(analyses, expected, location))
    for analysis in analyses:
        if analysis.app_id is None or analysis.app_key is None:
            continue
        if _unset_message(analysis.text or "", analysis):
            continue  # AUTH112 already explains both sides; CRED would repeat it.
        findings += check_pair(
            analysis.app_id, analysis.app_key, location=analysis.location or location, from_header=True,
        )
    return findings


def _where(analysis: HeaderAnalysis, count: int) -> str:
    return f" (header {analysis.index + 1} of {count})" if count > 1 else ""


def _each(context: HeaderSet) -> Iterator[tuple[HeaderAnalysis, str]]:
    count = len(context.analyses)
    for analysis in context.analyses:
        yield analysis, _where(analysis, count)


def _hit(analysis: HeaderAnalysis, message: str, evidence: str | None = None) -> Hit:
    return Hit(message=message, location=analysis.location, evidence=evidence)


def _char_list(items: list[tuple[int, str]], limit: int = 4) -> str:
    parts = [f"{secrets.char_name(char)} at position {position}" for position, char in items[:limit]]
    if len(items) > limit:
        parts.append(f"and {len(items) - limit} more")
    return ", ".join(parts)


@rule(
    "AUTH101", "header-missing", "error",
    summary="no Authorization header at all",
    cause="The request carries no Authorization header, so the platform answers 401 before it looks at anything else.",
    fix="Send `Authorization: Basic <base64(APP_ID:APP_KEY)>` on every Voice API request (curl: `-u \"$ENABLEX_APP_ID:$ENABLEX_APP_KEY\"`).",
    bad="GET /voice/v1/call HTTP/1.1\nHost: api.enablex.io",
    good="GET /voice/v1/call HTTP/1.1\nHost: api.enablex.io\nAuthorization: Basic NWYxZTk5...",
)
def header_missing(context: HeaderSet):
    if not context.analyses:
        yield Hit("the request has no Authorization header", location=context.location)


@rule(
    "AUTH102", "wrong-scheme", "error",
    summary="Bearer, Token, Digest, ApiKey, ... instead of Basic; says whether the value is a raw key or already base64 of id:key",
    cause="The Voice API accepts only HTTP Basic; any other scheme word is answered with 401.",
    fix="Use the scheme word `Basic` followed by base64(APP_ID:APP_KEY). Bearer tokens from the web-client token endpoint are for the browser SDK, not for server calls.",
    bad="Authorization: Bearer Ry3uEurydeSyTuReXaDuMe9u7ysasa",
    good="Authorization: Basic NWYxZTk5YmY5MGNl...",
)
def wrong_scheme(context: HeaderSet):
    for analysis, where in _each(context):
        if not analysis.scheme or analysis.is_basic:
            continue
        secrets.register(analysis.token_raw)
        nature = _describe_credential(analysis.token_raw.strip())
        yield _hit(analysis, f"the scheme is `{analysis.scheme}`, not `Basic`{where}; the value after it {nature}")


def _describe_credential(value: str) -> str:
    if not value:
        return "is empty"
    if value.count(".") == 2 and all(value.split(".")):
        return "looks like a JWT (three dot-separated parts), such as a web-client token"
    decoded = _try_base64(value)
    if decoded is not None and ":" in decoded:
        app_id, app_key = decoded.split(":", 1)
        secrets.register_pair(app_id, app_key)
        return "is already base64 of id:key, so only the scheme word needs to change"
    if ":" in value:
        app_id, app_key = value.split(":", 1)
        secrets.register_pair(app_id, app_key)
        return "is an unencoded id:key pair; it must be Base64-encoded as well"
    if shapes.looks_like_app_key(value):
        return f"is a raw App Key ({secrets.describe_key(value)}), not base64(APP_ID:APP_KEY)"
    return f"is {len(value)} characters long and is not base64 of id:key"


def _try_base64(value: str) -> str | None:
    if any(char not in B64_ALPHABET and char != "=" for char in value) or len(value) % 4:
        return None
    try:
        return base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


@rule(
    "AUTH103", "scheme-spelling", "error",
    summary="`basic`, `BASIC`, `Basic:`, `Basic=`, missing or doubled space, non-ASCII space after the scheme",
    cause="The platform matches the scheme literally: `Basic` with a capital B, then exactly one ASCII space, then the token.",
    fix="Write the header as `Basic ` (capital B, one U+0020 SPACE) followed by the token, with nothing else in between.",
    bad="Authorization: basic NWYxZTk5YmY5MGNl...\nAuthorization: Basic:NWYxZTk5YmY5MGNl...",
    good="Authorization: Basic NWYxZTk5YmY5MGNl...",
)
def scheme_spelling(context: HeaderSet):
    for analysis, where in _each(context):
        for problem in analysis.scheme_problems:
            yield _hit(analysis, problem + where)


@rule(
    "AUTH104", "not-base64", "error",
    summary="characters outside the standard alphabet, with position",
    cause="The token contains characters that standard Base64 (RFC 4648 section 4) does not use, so the platform cannot decode it.",
    fix="Encode `APP_ID:APP_KEY` with a standard Base64 encoder and send the result unchanged (no quotes, no escaping).",
    bad="Authorization: Basic NWYxZTk5\u2026YmY5MGNl",
    good="Authorization: Basic NWYxZTk5YmY5MGNl...",
)
def not_base64(context: HeaderSet):
    for analysis, where in _each(context):
        if analysis.is_basic or not analysis.scheme:
            if analysis.invalid:
                yield _hit(analysis, f"the token contains {_char_list(analysis.invalid)}{where}")


@rule(
    "AUTH105", "base64url-alphabet", "error",
    summary="`-` or `_` instead of `+` and `/`",
    cause="The token was encoded with the URL-safe Base64 alphabet; HTTP Basic uses the standard one, with `+` and `/`.",
    fix="Use the standard encoder (Python `base64.b64encode`, not `urlsafe_b64encode`; Node `toString('base64')`, not `'base64url'`).",
    bad="Authorization: Basic NWYx-ZTk5_YmY5MGNl...",
    good="Authorization: Basic NWYx+ZTk5/YmY5MGNl...",
)
def base64url_alphabet(context: HeaderSet):
    for analysis, where in _each(context):
        if analysis.urlsafe and not analysis.raw_credentials:
            yield _hit(analysis, f"the token contains {_char_list(analysis.urlsafe)}{where}")


@rule(
    "AUTH106", "bad-padding", "error",
    summary="missing, extra or misplaced `=`; length not a multiple of 4",
    cause="Base64 tokens are a multiple of 4 characters, padded with `=` only at the end; the platform rejects other lengths.",
    fix="Send the encoder's output unchanged: do not strip or add `=` signs.",
    bad="Authorization: Basic NWYxZTk5YmY5MGNlM2MzYzBjNTJlNjQ2OlJ5M3VF",
    good="Authorization: Basic NWYxZTk5YmY5MGNlM2MzYzBjNTJlNjQ2OlJ5M3VFdQ==",
)
def bad_padding(context: HeaderSet):
    for analysis, where in _each(context):
        if analysis.padding_problem:
            yield _hit(analysis, analysis.padding_problem + where)


@rule(
    "AUTH107", "line-break-in-token", "error",
    summary="CR/LF/whitespace inside the token (76-column wrapping encoders)",
    cause="The token was split by line breaks or spaces, as MIME encoders do every 76 characters (GNU `base64` without `-w0`, Python `encodebytes`, Ruby `encode64`, Android `Base64.DEFAULT`).",
    fix="Use an encoder that does not wrap: `base64 -w0`, Python `b64encode`, Ruby `strict_encode64`, Android `Base64.NO_WRAP`.",
    bad="Authorization: Basic NWYxZTk5YmY5MGNl...Vhr\n OUxtMlFw",
    good="Authorization: Basic NWYxZTk5YmY5MGNl...VhrOUxtMlFw",
)
def line_break_in_token(context: HeaderSet):
    for analysis, where in _each(context):
        if analysis.whitespace:
            yield _hit(analysis, f"the token contains {_char_list(analysis.whitespace)}{where}")


@rule(
    "AUTH108", "raw-credentials", "error",
    summary="`Basic id:key` sent unencoded",
    cause="The App ID and App Key were sent as plain text after `Basic`; the platform expects them Base64-encoded.",
    fix="Send `Basic ` + base64(APP_ID + \":\" + APP_KEY), or let the client do it (curl `-u id:key`, requests `auth=(id, key)`).",
    bad="Authorization: Basic 5f1e99bf90ce3c3c0c52e646:Ry3uEury...",
    good="Authorization: Basic NWYxZTk5YmY5MGNl...",
)
def raw_credentials(context: HeaderSet):
    for analysis, where in _each(context):
        if analysis.raw_credentials:
            yield _hit(analysis, f"the value after `Basic` is an unencoded id:key pair{where}")


@rule(
    "AUTH109", "no-colon", "error",
    summary="decoded value has no colon (id and key concatenated, or joined by space/other char)",
    cause="HTTP Basic separates the App ID from the App Key with a colon; without one the platform cannot split them.",
    fix="Encode `APP_ID + \":\" + APP_KEY`, with the colon between them.",
    bad="base64(APP_ID + APP_KEY)",
    good="base64(APP_ID + \":\" + APP_KEY)",
)
def no_colon(context: HeaderSet):
    for analysis, where in _each(context):
        text = analysis.text
        if text is None or ":" in text or not text or _is_unset(text):
            continue
        yield _hit(analysis, _no_colon_message(text) + where)


def _no_colon_message(text: str) -> str:
    if _ID_THEN_KEY.match(text):
        return "the decoded value has no colon: it looks like a 24-character App ID followed directly by the key"
    for position, char in enumerate(text, start=1):
        if char in " \t;,|/+-_=." and 4 <= position < len(text) - 3:
            return (
                f"the decoded value has no colon; the two parts seem joined by {secrets.char_name(char)}"
                f" at position {position}"
            )
    return f"the decoded value ({len(text)} characters) has no colon between the App ID and the App Key"


@rule(
    "AUTH110", "trailing-newline", "error",
    summary="decoded value ends with LF or CRLF (`echo` without `-n`, here-strings)",
    cause="A line ending was encoded with the credentials, usually by `echo` without `-n` or a `<<<` here-string piped into `base64`, so the key the platform sees ends with it.",
    fix="Encode without the newline: `printf '%s:%s' \"$ENABLEX_APP_ID\" \"$ENABLEX_APP_KEY\" | base64 -w0`, or `echo -n`.",
    bad="echo \"$ENABLEX_APP_ID:$ENABLEX_APP_KEY\" | base64",
    good="printf '%s:%s' \"$ENABLEX_APP_ID\" \"$ENABLEX_APP_KEY\" | base64 -w0",
)
def trailing_newline(context: HeaderSet):
    for analysis, where in _each(context):
        if analysis.trailing_newline:
            names = " ".join(secrets.char_name(char) for char in analysis.trailing_newline)
            yield _hit(analysis, f"{names} at the end of the decoded value{where}")


@rule(
    "AUTH111", "control-characters", "error",
    summary="CR, TAB, NUL or other control characters inside the decoded value",
    cause="The decoded credentials contain control characters, which no portal-issued ID or key has; they usually come from a file read with its line ending or a copy from a terminal.",
    fix="Strip the value where it is read (`.strip()`, `trim()`), or fix the file or variable it comes from.",
    bad="base64(\"5f1e...e646:Ry3u...\\r\")",
    good="base64(\"5f1e...e646:Ry3u...\")",
)
def control_characters(context: HeaderSet):
    for analysis, where in _each(context):
        if analysis.text is None:
            continue
        found = [(pos, char) for pos, char in enumerate(analysis.text, start=1) if unicodedata.category(char) == "Cc"]
        if found:
            part = _which_part(analysis, found[0][0])
            yield _hit(analysis, f"the decoded value contains {_char_list(found)}{part}{where}")


def _which_part(analysis: HeaderAnalysis, position: int) -> str:
    if analysis.app_id is None:
        return ""
    if position <= len(analysis.app_id):
        return " (in the App ID)"
    return f" (in the App Key, at its position {position - len(analysis.app_id) - 1})"


@rule(
    "AUTH112", "unset-variables", "error",
    summary="decoded value is `:`, `undefined:undefined`, `null:null`, `None:None`, `nil:nil` or empty on one side",
    cause="The header was built from variables that were not set when the code ran (JavaScript `undefined`, Python `None`, an empty shell variable, or a `${VAR}` that was never expanded).",
    fix="Make sure ENABLEX_APP_ID and ENABLEX_APP_KEY are set in the environment the code runs in, and fail at start-up when they are missing.",
    bad="base64(`${process.env.APP_ID}:${process.env.APP_KEY}`)  // both undefined",
    good="base64(`${process.env.ENABLEX_APP_ID}:${process.env.ENABLEX_APP_KEY}`)  // both set",
)
def unset_variables(context: HeaderSet):
    for analysis, where in _each(context):
        if analysis.is_basic and analysis.decoded is None and not analysis.token_raw.strip() and not analysis.scheme_problems:
            yield _hit(analysis, f"the token after `Basic` is empty{where}")
            continue
        text = analysis.text
        if text is None:
            continue
        message = _unset_message(text, analysis)
        if message:
            yield _hit(analysis, message + where)


def _is_unset(text: str) -> bool:
    return text.strip().lower() in UNSET_WORDS or bool(_UNEXPANDED.match(text.strip()))


def _unset_message(text: str, analysis: HeaderAnalysis) -> str | None:
    if text == "" or text == ":":
        return "the decoded value is empty on both sides of the colon"
    if ":" not in text:
        return "the decoded value is an unset-variable marker" if _is_unset(text) else None
    sides = {"App ID": analysis.app_id or "", "App Key": analysis.app_key or ""}
    problems = []
    for label, value in sides.items():
        if value == "":
            problems.append(f"the {label} is empty")
        elif value.strip().lower() in UNSET_WORDS:
            problems.append(f"the {label} is the literal `{value.strip()}`")
        elif _UNEXPANDED.match(value.strip()):
            problems.append(f"the {label} is an unexpanded variable reference")
    if not problems:
        return None
    return "; ".join(problems) + " in the decoded value"


@rule(
    "AUTH113", "double-encoded", "error",
    summary="decoded value is itself base64 of `id:key`",
    cause="The credentials were Base64-encoded twice (often once by the code and once more by the HTTP client's own Basic support).",
    fix="Encode once: either build the header yourself, or pass the plain id and key to the client's Basic auth, not both.",
    bad="axios.get(url, {auth: {username: id, password: key}, headers: {Authorization: 'Basic ' + btoa(btoa(id + ':' + key))}})",
    good="axios.get(url, {auth: {username: id, password: key}})",
)
def double_encoded(context: HeaderSet):
    for analysis, where in _each(context):
        if analysis.double_encoded:
            yield _hit(analysis, f"the token decodes to another Base64 string, which decodes to id:key{where}")


@rule(
    "AUTH114", "percent-encoded", "warning",
    summary="`%XX` sequences in the decoded value (URL-encoded before base64)",
    cause="The credentials were URL-encoded before Base64 encoding, so `%XX` sequences reach the platform literally.",
    fix="Encode the raw `APP_ID:APP_KEY` string; URL encoding belongs in URLs, not in the Basic token.",
    bad="base64(encodeURIComponent(id + ':' + key))",
    good="base64(id + ':' + key)",
)
def percent_encoded(context: HeaderSet):
    for analysis, where in _each(context):
        if analysis.text is None:
            continue
        match = _PERCENT.search(analysis.text)
        if match:
            yield _hit(analysis, f"the decoded value contains a %XX sequence at position {match.start() + 1}{where}")


@rule(
    "AUTH115", "duplicate-header", "error",
    summary="more than one Authorization header",
    cause="The request carries several Authorization headers; servers and proxies pick one or reject the request.",
    fix="Set the header in one place only (a default header on the client and a per-request header, or `-u` and `-H` together, both add one).",
    bad="curl -u \"$ID:$KEY\" -H \"Authorization: Basic $TOKEN\" ...",
    good="curl -u \"$ID:$KEY\" ...",
)
def duplicate_header(context: HeaderSet):
    if len(context.analyses) > 1:
        yield Hit(f"the request carries {len(context.analyses)} Authorization headers", location=context.location)


@rule(
    "AUTH116", "non-utf8", "error",
    summary="decoded bytes are not UTF-8 (latin-1 encoding of non-ASCII, as Python requests does)",
    cause="The credentials contain non-ASCII characters encoded as Latin-1 (Python requests' HTTPBasicAuth does this for str values), while the platform decodes UTF-8 (as curl and browsers send it).",
    fix="Remove the non-ASCII characters from the ID and key (portal-issued values are ASCII), or encode as UTF-8 yourself: `base64.b64encode(f'{id}:{key}'.encode('utf-8'))`.",
    bad="requests.get(url, auth=('5f1e...e646', 'Ry3u\u00e9...'))",
    good="requests.get(url, auth=('5f1e...e646', 'Ry3u...'))",
)
def non_utf8(context: HeaderSet):
    for analysis, where in _each(context):
        if analysis.non_utf8:
            listed = ", ".join(f"byte 0x{byte:02X} at position {pos}" for pos, byte in analysis.non_utf8[:4])
            yield _hit(analysis, f"the decoded value is not UTF-8: {listed}{where}")


@rule(
    "AUTH117", "credentials-mismatch", "error",
    summary="the header decodes to an id or key other than the configured ones (compared by fingerprint)",
    cause="The header was built from credentials other than the ones configured here (another project, an old key, a value from another environment).",
    fix="Build the header from ENABLEX_APP_ID and ENABLEX_APP_KEY as the service reads them, and compare fingerprints with the portal.",
    bad="header key sha256:1a2b3c4d, configured key sha256:9f8e7d6c",
    good="header key sha256:1a2b3c4d, configured key sha256:1a2b3c4d",
)
def credentials_mismatch(context: HeaderSet):
    if context.expected is None:
        return
    expected_id, expected_key = context.expected
    for analysis, where in _each(context):
        if analysis.app_id is None or analysis.app_key is None:
            continue
        if analysis.app_id != expected_id:
            yield _hit(analysis, f"the header's App ID {secrets.mask_id(analysis.app_id)} is not the configured"
                                 f" {secrets.mask_id(expected_id)}{where}")
        if secrets.fingerprint(analysis.app_key) != secrets.fingerprint(expected_key):
            yield _hit(analysis, f"the header's App Key ({secrets.describe_key(analysis.app_key)}) is not the"
                                 f" configured one ({secrets.describe_key(expected_key)}){where}")
