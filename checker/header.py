"""Parse an Authorization header value the way RFC 7617 reads it, noting every deviation.

`parse_header` is written not to raise (the fuzz tests check it). It records each problem it meets (scheme spelling,
Base64 alphabet, padding, line breaks, bytes that are not UTF-8) on a
`HeaderAnalysis`, repairs what it can, and decodes as far as the value allows.
The AUTH rules in `checker.rules.auth` read that record. `check_header_values`
is the entry point for commands: it runs the AUTH rules and the CRED rules on
the decoded id and key.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import re

from checker import secrets
from checker.findings import Finding, Location

KNOWN_SCHEMES = (
    "basic", "bearer", "token", "digest", "apikey", "api-key", "key", "negotiate",
    "oauth", "jwt", "hoba", "mutual", "ntlm", "aws4-hmac-sha256", "hmac",
)
B64_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
URLSAFE_CHARACTERS = frozenset("-_")
LINE_BREAK_CHARACTERS = frozenset("\r\n\t \v\f")

_SCHEME = re.compile(r"^[ \t]*(?P<scheme>[A-Za-z][A-Za-z0-9-]*)")
_SEPARATOR = re.compile(r"^[^A-Za-z0-9+/_-]*", re.DOTALL)


@dataclasses.dataclass
class HeaderAnalysis:
    """Everything learnt from one header value, with the secret parts kept private."""

    raw: str
    index: int = 0
    location: Location | None = None
    scheme: str = ""
    separator: str = ""
    scheme_problems: list[str] = dataclasses.field(default_factory=list)
    token_raw: str = ""
    token: str = ""
    whitespace: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    invalid: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    urlsafe: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    padding_problem: str | None = None
    raw_credentials: bool = False
    decoded: bytes | None = None
    text: str | None = None
    non_utf8: list[tuple[int, int]] = dataclasses.field(default_factory=list)
    double_encoded: bool = False
    trailing_newline: str | None = None
    app_id: str | None = None
    app_key: str | None = None

    @property
    def is_basic(self) -> bool:
        return self.scheme.lower() == "basic"

    @property
    def decodable(self) -> bool:
        return self.text is not None


@dataclasses.dataclass
class HeaderResult:
    findings: list[Finding]
    credentials: tuple[str, str] | None
    analyses: list[HeaderAnalysis]


def parse_header(value: str | bytes, *, index: int = 0, location: Location | None = None) -> HeaderAnalysis:
    """Parse one header value (the part after `Authorization:`)."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    analysis = HeaderAnalysis(raw=value, index=index, location=location)
    secrets.register(value.strip())

    rest = _read_scheme(analysis, value)
    analysis.token_raw = rest.rstrip("\r\n\t ")
    if analysis.is_basic or (not analysis.scheme and analysis.token_raw):
        _read_token(analysis)
    return analysis


def check_header_values(values: list[str | bytes], *, expected: tuple[str, str] | None = None,
                        location: Location | None = None) -> HeaderResult:
    """Run the AUTH rules, and the CRED rules on the decoded pair, over every header value."""
    from checker.rules.auth import check_analyses

    analyses = [parse_header(value, index=i, location=location) for i, value in enumerate(values)]
    findings = check_analyses(analyses, expected=expected, location=location)
    credentials = None
    for analysis in analyses:
        if analysis.app_id is not None and analysis.app_key is not None:
            credentials = (analysis.app_id, analysis.app_key)
            break
    return HeaderResult(findings=findings, credentials=credentials, analyses=analyses)


def build_header(app_id: str, app_key: str) -> str:
    """Build the header value exactly as RFC 7617 and the platform expect: UTF-8, standard Base64."""
    token = base64.b64encode(f"{app_id}:{app_key}".encode("utf-8", "surrogatepass")).decode("ascii")
    secrets.register(token)
    return "Basic " + token


def _read_scheme(analysis: HeaderAnalysis, value: str) -> str:
    match = _SCHEME.match(value)
    if not match:
        analysis.scheme_problems.append("the value does not start with a scheme word")
        return value.strip()

    word = match.group("scheme")
    rest = value[match.end():]
    glued = _split_glued_scheme(word)
    if glued:
        word, tail = glued
        rest = tail + rest
        analysis.scheme_problems.append(f"no space between `{word}` and the token")
    elif len(word) >= 16 and word.lower() not in KNOWN_SCHEMES:
        # A long word with nothing after it is the token itself, sent with no scheme.
        analysis.scheme_problems.append("the value has no scheme word: it starts with the token")
        return value.strip()

    analysis.scheme = word
    separator = _SEPARATOR.match(rest).group(0)
    analysis.separator = separator
    if word.lower() == "basic":
        _check_basic_spelling(analysis, word, separator, rest[len(separator):])
    return rest[len(separator):]


def _split_glued_scheme(word: str) -> tuple[str, str] | None:
    lowered = word.lower()
    for scheme in ("basic", "bearer"):
        if lowered.startswith(scheme) and len(word) > len(scheme) + 8:
            return word[:len(scheme)], word[len(scheme):]
    return None


def _check_basic_spelling(analysis: HeaderAnalysis, word: str, separator: str, after: str) -> None:
    if word != "Basic":
        analysis.scheme_problems.append(f"the scheme is spelt `{word}`; the platform matches `Basic` exactly")
    if separator == " " or (not separator and analysis.scheme_problems):
        pass
    elif not separator:
        analysis.scheme_problems.append("no space between `Basic` and the token")
    elif separator.strip(" ") == "" and len(separator) > 1:
        analysis.scheme_problems.append(f"{len(separator)} spaces after `Basic`; exactly one is expected")
    else:
        described = ", ".join(secrets.char_name(char) for char in _unique(separator))
        analysis.scheme_problems.append(f"`Basic` is followed by {described} instead of one U+0020 SPACE")
    if after.lower().startswith("basic ") or after.lower().startswith("basic:"):
        analysis.scheme_problems.append("the scheme word appears twice")


def _read_token(analysis: HeaderAnalysis) -> None:
    token = analysis.token_raw
    if token.lower().startswith("basic") and token[5:6] in (" ", ":", "="):
        token = token[6:].lstrip()

    kept = []
    for position, char in enumerate(token, start=1):
        if char in LINE_BREAK_CHARACTERS:
            analysis.whitespace.append((position, char))
            continue
        if char in URLSAFE_CHARACTERS:
            analysis.urlsafe.append((position, char))
        elif char not in B64_ALPHABET and char != "=":
            analysis.invalid.append((position, char))
        kept.append(char)
    cleaned = "".join(kept)

    if ":" in cleaned:
        _read_raw_credentials(analysis, cleaned)
        return
    if analysis.invalid or not cleaned:
        return

    cleaned = cleaned.replace("-", "+").replace("_", "/")
    analysis.token = _repair_padding(analysis, cleaned)
    if analysis.token is None:
        return
    secrets.register(analysis.token)
    try:
        analysis.decoded = base64.b64decode(analysis.token, validate=True)
    except (binascii.Error, ValueError):
        return
    _read_decoded(analysis, analysis.decoded)


def _read_raw_credentials(analysis: HeaderAnalysis, cleaned: str) -> None:
    """Handle `Basic id:key` sent without Base64 (the colon is outside the alphabet)."""
    analysis.raw_credentials = True
    analysis.invalid = [(pos, char) for pos, char in analysis.invalid if char != ":"]
    secrets.register(cleaned)
    _read_decoded(analysis, cleaned.encode("utf-8", "surrogatepass"))


def _repair_padding(analysis: HeaderAnalysis, token: str) -> str | None:
    body = token.rstrip("=")
    padding = len(token) - len(body)
    if "=" in body:
        analysis.padding_problem = f"`=` appears inside the token at position {body.index('=') + 1}, not only at the end"
        body = body.replace("=", "")
    if len(body) % 4 == 1:
        analysis.padding_problem = (
            f"the token has {len(body)} Base64 characters, which no byte string encodes to (one is missing or extra)"
        )
        return None
    expected = (-len(body)) % 4
    if padding != expected and analysis.padding_problem is None:
        analysis.padding_problem = (
            f"the token ends with {padding} `=` but its length needs {expected}"
            f" (Base64 tokens are a multiple of 4 characters long)"
        )
    return body + "=" * expected


def _read_decoded(analysis: HeaderAnalysis, data: bytes) -> None:
    text = _decode_text(analysis, data)
    inner = _inner_base64(text)
    if inner is not None:
        analysis.double_encoded = True
        text = inner

    secrets.register(text)
    for ending in ("\r\n", "\n", "\r"):
        if text.endswith(ending):
            analysis.trailing_newline = ending
            text = text[: -len(ending)]
            break
    analysis.text = text
    if ":" in text:
        app_id, app_key = text.split(":", 1)
        analysis.app_id, analysis.app_key = app_id, app_key
        secrets.register_pair(app_id, app_key)


def _decode_text(analysis: HeaderAnalysis, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    position = 0
    while position < len(data):
        try:
            data[position:].decode("utf-8")
            break
        except UnicodeDecodeError as error:
            bad = position + error.start
            analysis.non_utf8.append((bad + 1, data[bad]))
            position = bad + 1
    return data.decode("latin-1")


def _inner_base64(text: str) -> str | None:
    """Return the inner value when `text` is itself standard Base64 of something with a colon."""
    candidate = text.strip()
    if len(candidate) < 8 or len(candidate) % 4 or ":" in candidate:
        return None
    if any(char not in B64_ALPHABET and char != "=" for char in candidate):
        return None
    try:
        inner = base64.b64decode(candidate, validate=True).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if ":" not in inner or not inner.isprintable() and not inner.rstrip("\r\n").isprintable():
        return None
    return inner


def _unique(text: str) -> list[str]:
    seen: list[str] = []
    for char in text:
        if char not in seen:
            seen.append(char)
    return seen
