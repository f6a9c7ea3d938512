"""Rules SRC601-SRC612: credential mistakes in source files, configs and docs.

Every rule takes a `checker.scan.source.SourceFile`. A rule first checks the
file's precomputed substring markers and returns at once when they rule it
out, so most files never reach a regular expression. Rules that concern
"the Voice API" (TLS, schemes, encoders) run only in files that mention
EnableX, a Voice API path or an App Key name, which keeps the hook quiet on
code that talks to other services.
"""

from __future__ import annotations

import re
from typing import Iterator

from checker import secrets
from checker.findings import Hit, Location
from checker.registry import rule
from checker.scan import credentials
from checker.scan.lazy_regex import lazy
from checker.scan.patterns import TLS_VERIFICATION_OFF, WRAPPING_ENCODERS, CodePattern
from checker.scan.source import KEY_NAME_MARKERS, SourceFile

KEY_NAME = r"(?:enablex[_-]?)?app[_-]?key"
ID_NAME = r"(?:enablex[_-]?)?app[_-]?id"
# Names that contain an App Key only when the file is about EnableX.
GENERIC_SECRET_NAME = r"(?:enablex[_-]?)?(?:api[_-]?key|app[_-]?secret|secret[_-]?key|password|passwd)"
GENERIC_SECRET_WORDS = ("apikey", "api_key", "api-key", "secret", "passw")
ID_NAME_WORDS = ("app_id", "appid", "app-id")

# A name, the end of its quoting or indexing, an optional type (`: string`,
# Go's `string`), one assignment-like separator (=, :, :=, =>, a call's
# comma, ||, ??, an XML closing >), then a value.
_ASSIGNMENT_TAIL = (
    r"(?![A-Za-z0-9])[\"'\]\)]*(?:\s*:\s*[A-Za-z_][\w.<>\[\]?]*|[ \t]+[A-Za-z_][\w.]*)?\s*"
    r"(?:=>|:=|\|\||\?\?|[=:,>])\s*"
    r"(?:[rbuf@]{0,2})(?P<quote>[\"'`]?)(?P<value>[A-Za-z0-9]{30,40})(?![A-Za-z0-9])(?P=quote)"
)
KEY_ASSIGNMENT = lazy(r"(?i)(?P<name>" + KEY_NAME + ")" + _ASSIGNMENT_TAIL)
GENERIC_ASSIGNMENT = lazy(r"(?i)(?P<name>" + GENERIC_SECRET_NAME + ")" + _ASSIGNMENT_TAIL)
# An App ID literal right next to an App Key literal: `-u id:key`, `("id", "key")`.
LITERAL_PAIR = lazy(
    r"(?<![A-Za-z0-9])(?P<id>[0-9a-f]{24})[\"'`]?\s*[:,]\s*[\"'`]?(?P<value>[A-Za-z0-9]{30,40})(?![A-Za-z0-9])"
)
# Starts with the literal word so that the regex engine can skip ahead to
# it. `_basic_token_hits` checks the character before "Basic".
BASIC_TOKEN = lazy(r"Basic[ \t]+(?P<token>[A-Za-z0-9+/]{12,}={0,2})(?![A-Za-z0-9+/=])")
# A quoted Base64 run long enough to carry a 24-character id, a colon and a key.
QUOTED_BASE64 = lazy(r"[\"'`](?P<token>[A-Za-z0-9+/]{60,120}={0,2})[\"'`]")

_URL_HOST = r"(?P<host>[^\s/:\"'`<>@]+)(?::\d+)?(?P<path>/[^\s\"'`<>)]*)?"
PLAIN_HTTP_URL = lazy(r"(?i)\bhttp://(?:[^\s/@\"'`<>]*@)?" + _URL_HOST)
USERINFO_URL = lazy(r"(?i)\bhttps?://(?P<user>[^\s/@:\"'`<>]+):(?P<password>[^\s/@\"'`<>]+)@" + _URL_HOST)
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]", "0.0.0.0")

# "Bearer" used as a scheme: at the start of a string or after "Authorization:",
# followed by a token or an interpolation (prose such as "a Bearer token" is not).
BEARER = lazy(r"(?i)(?:[\"'`]|authorization[\"']?\s*[:=]\s*[\"'`]?)\s*(?P<scheme>bearer)[ \t]+[\w${#%+\"'`]")
OTHER_SCHEME = lazy(r"(?i)authorization[\"']?\s*[:=,]\s*[\"'`]?(?P<scheme>token|apikey|api-key|digest)\b")
VOICE_API_WORDS = ("enablex", "voice/v1", "app_key", "appkey", "app-key", "app_id", "appid")

_JOIN_GAP = r"(?:[ \t+.{}$#\"'`()\[\]]|\b(?:this|self|config|cfg|settings|options|env|process|creds|credentials)\b)"
NO_COLON_JOIN = lazy(r"(?i)(?<![A-Za-z0-9])" + ID_NAME + r"(?![A-Za-z0-9])" + _JOIN_GAP + r"{1,40}?" + KEY_NAME + r"(?![A-Za-z0-9])")
FORMAT_JOIN_WORDS = ("%s%s", "%s %s", "{}{}", "{} {}", "{0}{1}", "{0} {1}")
FORMAT_JOIN = lazy(
    r"(?i)[\"'](?:%s%s|%s %s|\{\}\{\}|\{\} \{\}|\{0\}\{1\}|\{0\} \{1\})[\"']\s*(?:%\s*\(?|\)?\s*\.format\(|,)\s*[\w.]*?"
    + ID_NAME + r"(?![A-Za-z0-9])"
)
HEADER_WORDS = ("base64", "btoa", "b64", "buffer.from", "basic", "authorization", "encode", "-u ", "--user")

ECHO_INTO_BASE64 = lazy(r"\becho\s+(?!-[a-zA-Z]*n[a-zA-Z]*\b)(?P<argument>[^|\n]*?)\|\s*(?:openssl\s+)?base64\b")
HERE_STRING_INTO_BASE64 = lazy(r"\bbase64\b[^\n|;]*<<<(?P<argument>[^\n|;]*)")
PRINTF_NEWLINE_INTO_BASE64 = lazy(r"\bprintf\s+[\"'](?P<argument>[^\"'\n]*\\n)[\"'][^|\n]*\|\s*(?:openssl\s+)?base64\b")
CREDENTIAL_WORDS = ("app_key", "appkey", "app-key", "app_id", "appid", "app-id", "enablex")

ENV_ASSIGNMENT = lazy(r"(?m)^[ \t]*(?:export[ \t]+)?(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*(?P<value>[^\r\n]*)")
VARIABLE_REFERENCE = lazy(r"^\$(?:\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*|\([^)]*\))$|^`[^`]*`$|^%[A-Za-z_][A-Za-z0-9_]*%$")

SHELL_CREDENTIAL_ASSIGNMENT = lazy(
    r"(?im)^[ \t]*(?:export[ \t]+)?(?P<name>(?:enablex_)?app_?(?:key|id))=(?P<value>\"[^\"\n]*\"|'[^'\n]*'|[^\s'\"]*)"
)


# The codes defined here, in order, so that `scan` can list its rules
# without importing every other family.
CODES: list[str] = []


def src_rule(code: str, name: str, severity: str, **text: str):
    """Register a rule of this family with the registry and remember its code."""
    CODES.append(code)
    return rule(code, name, severity, **text)


# SRC601 and SRC606 share the detection of App Key literals. SRC606 reports
# them in browser-side code and SRC601 everywhere else, so one literal is
# reported once.

def _shared(source: SourceFile, finder) -> list[tuple[int, str, str]]:
    """Return finder(source) as a list, computed once per file for the rules that share it."""
    if finder not in source.shared:
        source.shared[finder] = list(finder(source))
    return source.shared[finder]


def _key_literal_hits(source: SourceFile) -> Iterator[tuple[int, str, str]]:
    """Yield (offset, description, key) for every App Key literal in `source`, once per offset."""
    seen: set[int] = set()
    for offset, description, key in _key_literal_candidates(source):
        if offset not in seen:
            seen.add(offset)
            yield offset, description, key


def _key_literal_candidates(source: SourceFile) -> Iterator[tuple[int, str, str]]:
    if source.has_any(*KEY_NAME_MARKERS):
        for match in source.matches(KEY_ASSIGNMENT, *KEY_NAME_MARKERS):
            if not source.mentions_enablex and _is_hex(match.group("value")):
                continue  # digests and other vendors' keys (LoRaWAN's AppKey) outside EnableX code
            yield from _key_value(match, f"App Key literal assigned to {match.group('name')}")
    if source.mentions_enablex:
        for match in source.matches(GENERIC_ASSIGNMENT, *GENERIC_SECRET_WORDS):
            yield from _key_value(match, f"App Key literal assigned to {match.group('name')} in a file that uses EnableX")
    if source.mentions_credentials:
        for match in source.matches(LITERAL_PAIR):
            description = f"App Key literal written next to the App ID {secrets.mask_id(match.group('id'))}"
            yield from _key_value(match, description)


def _is_hex(value: str) -> bool:
    return all(character in "0123456789abcdefABCDEF" for character in value)


def _key_value(match: re.Match[str], description: str) -> Iterator[tuple[int, str, str]]:
    value = match.group("value")
    if credentials.looks_like_app_key(value):
        yield match.start("value"), description, value


def _basic_token_hits(source: SourceFile) -> Iterator[tuple[int, str, str]]:
    """Yield (offset, description, key) for Basic tokens that decode to real-looking credentials."""
    if not source.mentions_credentials and not source.has_any("basic ", "basic\t"):
        return
    found = [(match, "Literal Basic header") for match in source.matches(BASIC_TOKEN, "basic")
             if not _follows_word_character(source.text, match.start())]
    if source.mentions_credentials:
        found += [(match, "Base64 literal") for match in source.matches(QUOTED_BASE64)]
    for match, kind in found:
        token = match.group("token")
        pair = credentials.decode_basic_token(token)
        if pair is None or not credentials.looks_like_real_pair(*pair):
            continue
        app_id, app_key = pair
        credentials.remember(token, f"{app_id}:{app_key}", app_key)
        description = (
            f"{kind} whose token ({len(token)} characters) decodes to App ID "
            f"{secrets.mask_id(app_id)} and an App Key of length {len(app_key)}"
        )
        yield match.start("token"), description, app_key


def _follows_word_character(text: str, offset: int) -> bool:
    return offset > 0 and text[offset - 1].isalnum()


def _key_evidence(key: str) -> str:
    return f"App Key length {len(key)}, {secrets.fingerprint(key)}"


def _secret_hit(source: SourceFile, offset: int, message: str, key: str) -> Hit:
    credentials.remember(key)
    return Hit(message, source.location(offset), _key_evidence(key), credentials.secret_hash(key))


def _snippet_hit(source: SourceFile, offset: int, message: str, snippet: str, evidence: str | None = None) -> Hit:
    return Hit(message, source.location(offset), evidence, credentials.secret_hash(snippet))


@src_rule(
    "SRC601", "hardcoded-app-key", "E",
    summary="an App Key literal assigned to a key-like name in code or config",
    cause="The App Key is written into the source, so everyone with access to the repository, "
          "its forks, build logs and packages can call the Voice API as this project.",
    fix="Read the key from the ENABLEX_APP_KEY environment variable (or a secrets manager), "
        "then regenerate the key in the EnableX portal, because the old one has been exposed.",
    bad='APP_KEY = "Ry3uEurydeSyTuReXaDuMe9u7ysasa"',
    good='APP_KEY = os.environ["ENABLEX_APP_KEY"]',
)
def hardcoded_app_key(source: SourceFile) -> Iterator[Hit]:
    if source.browser_reason or source.is_env_file:
        return
    for offset, description, key in _shared(source, _key_literal_hits):
        yield _secret_hit(source, offset, description, key)
    for offset, description, key in _shared(source, _basic_token_hits):
        if description.startswith("Base64 literal"):
            yield _secret_hit(source, offset, description, key)


@src_rule(
    "SRC602", "literal-basic-header", "E",
    summary="a literal `Basic <token>` that decodes to real-looking credentials",
    cause="The Authorization header is written out in full; its token is only Base64, so anyone "
          "who reads the file can decode the App ID and App Key from it.",
    fix="Build the header at run time from ENABLEX_APP_ID and ENABLEX_APP_KEY, and regenerate the "
        "App Key in the EnableX portal, because the committed token exposed it.",
    bad='headers = {"Authorization": "Basic NWYxZTk5YmY5MGNlM2MzYzBjNTJlNjQ2OlJ5M3VFdXJ5ZGVTeVR1UmVYYUR1TWU5dTd5c2FzYQ=="}',
    good="auth = (os.environ['ENABLEX_APP_ID'], os.environ['ENABLEX_APP_KEY'])",
)
def literal_basic_header(source: SourceFile) -> Iterator[Hit]:
    if source.browser_reason or source.is_env_file:
        return
    for offset, description, key in _shared(source, _basic_token_hits):
        if description.startswith("Literal Basic header"):
            yield _secret_hit(source, offset, description, key)


@src_rule(
    "SRC603", "plain-http-api-url", "E",
    summary="`http://api.enablex.io...` or any plain-http Voice API URL",
    cause="The URL uses plain http, so the Basic credentials would cross the network unencrypted; "
          "the Voice API accepts HTTPS only.",
    fix="Use https://api.enablex.io/voice/v1/... (TLS 1.2 or later).",
    bad='BASE_URL = "http://api.enablex.io/voice/v1"',
    good='BASE_URL = "https://api.enablex.io/voice/v1"',
)
def plain_http_api_url(source: SourceFile) -> Iterator[Hit]:
    if not source.mentions_enablex:
        return
    for match in source.matches(PLAIN_HTTP_URL, "http://"):
        host = match.group("host").lower()
        path = (match.group("path") or "").lower()
        if _is_enablex_host(host) or ("/voice/v1" in path and host not in LOOPBACK_HOSTS):
            message = f"plain-http URL to {host}{_short_path(path)}"
            yield _snippet_hit(source, match.start(), message, match.group(0))


def _is_enablex_host(host: str) -> bool:
    return host == "enablex.io" or host.endswith(".enablex.io")


def _short_path(path: str) -> str:
    return path if len(path) <= 40 else path[:37] + "..."


@src_rule(
    "SRC604", "credentials-in-url", "E",
    summary="userinfo credentials in a Voice API URL",
    cause="The App ID and App Key sit in the URL's userinfo part, where access logs, proxies, "
          "browser history and error messages record them.",
    fix="Send the credentials only in the Authorization header (most HTTP clients take them as "
        "a separate auth option) and keep the URL free of user information.",
    bad='url = f"https://{app_id}:{app_key}@api.enablex.io/voice/v1/call"',
    good='requests.get("https://api.enablex.io/voice/v1/call", auth=(app_id, app_key), timeout=10)',
)
def credentials_in_url(source: SourceFile) -> Iterator[Hit]:
    if not source.mentions_enablex:
        return
    for match in source.matches(USERINFO_URL, "@"):
        host = match.group("host").lower()
        if not (_is_enablex_host(host) or "/voice/v1" in (match.group("path") or "").lower()):
            continue
        password = match.group("password")
        if credentials.is_placeholder(password) or "$" in password:
            evidence = "user information is a placeholder or a variable"
        else:
            credentials.remember(password)
            evidence = f"password part length {len(password)}, {secrets.fingerprint(password)}"
        message = f"credentials in the user information of a URL to {host}"
        yield _snippet_hit(source, match.start(), message, match.group(0), evidence)


@src_rule(
    "SRC605", "bearer-scheme", "E",
    summary="Bearer or another scheme used toward the Voice API",
    cause="The Voice API accepts only `Authorization: Basic <base64(APP_ID:APP_KEY)>`; a Bearer, "
          "Token, ApiKey or Digest header is answered with 401.",
    fix="Send `Authorization: Basic ` followed by the Base64 of `APP_ID:APP_KEY` (most HTTP "
        "clients do this when given the pair as basic auth).",
    bad='headers = {"Authorization": f"Bearer {app_key}"}',
    good="requests.get(url, auth=(app_id, app_key), timeout=10)",
)
def bearer_scheme(source: SourceFile) -> Iterator[Hit]:
    if not source.mentions_credentials:
        return
    found = [*source.matches(BEARER, "bearer"), *source.matches(OTHER_SCHEME, "authorization")]
    for match in found:
        scheme = match.group("scheme")
        line = source.line_number(match.start("scheme"))
        if not any(word in source.window(line, 5) for word in VOICE_API_WORDS):
            continue
        message = f"{scheme} scheme next to EnableX Voice API code, which accepts only Basic"
        yield _snippet_hit(source, match.start("scheme"), message, source.line_text(line).strip())


@src_rule(
    "SRC606", "key-in-client-code", "E",
    summary="App Key or Basic credentials in browser-side code (public/, static/, client/, .html, front-end bundles)",
    cause="Code that runs in the browser is downloaded by every visitor, so an App Key or a Basic "
          "token in it is public.",
    fix="Keep the App Key on the server: let the browser ask your backend, which calls the Voice "
        "API (or requests a web client token) with credentials from its environment. Regenerate "
        "the exposed key in the EnableX portal.",
    bad='// public/js/call.js\nconst appKey = "Ry3uEurydeSyTuReXaDuMe9u7ysasa";',
    good='// public/js/call.js\nconst { token } = await (await fetch("/api/voice-token")).json();',
)
def key_in_client_code(source: SourceFile) -> Iterator[Hit]:
    reason = source.browser_reason
    if not reason:
        return
    for offset, description, key in [*_shared(source, _key_literal_hits), *_shared(source, _basic_token_hits)]:
        message = f"{description} in browser-side code: {reason}"
        yield _secret_hit(source, offset, message, key)


@src_rule(
    "SRC607", "missing-colon-join", "E",
    summary="header built from id and key without `:` between them",
    cause="Basic authentication (RFC 7617) joins the user-id and password with a colon; without "
          "it the platform cannot split the decoded value and answers 401.",
    fix="Join them as `APP_ID + \":\" + APP_KEY` before Base64-encoding.",
    bad="token = base64.b64encode(f\"{app_id}{app_key}\".encode()).decode()",
    good="token = base64.b64encode(f\"{app_id}:{app_key}\".encode()).decode()",
)
def missing_colon_join(source: SourceFile) -> Iterator[Hit]:
    if not source.has_any(*KEY_NAME_MARKERS):
        return
    for expression, words in ((NO_COLON_JOIN, ID_NAME_WORDS), (FORMAT_JOIN, FORMAT_JOIN_WORDS)):
        for match in source.matches(expression, *words):
            line = source.line_number(match.start())
            if not any(word in source.window(line, 3) for word in HEADER_WORDS):
                continue
            if _is_printf_with_colon(source.line_text(line)):
                continue
            message = "App ID and App Key joined without a colon for the Basic header"
            yield _snippet_hit(source, match.start(), message, match.group(0))


def _is_printf_with_colon(line: str) -> bool:
    """Return True for `printf '%s:%s' "$ID" "$KEY"`: separate arguments, joined by the format."""
    return "printf" in line and "%s:%s" in line


@src_rule(
    "SRC608", "wrapping-encoder", "E",
    summary="`base64.encodebytes`, `encode64`, `Base64.DEFAULT`, `base64` without `-w0` used to build the header",
    cause="The encoder inserts line breaks (and often a trailing newline) into the token, so the "
          "header carries CR or LF and the platform answers 401.",
    fix="Use an encoder that does not wrap: base64.b64encode (Python), Base64.strict_encode64 "
        "(Ruby), Base64.NO_WRAP (Android), Base64.getEncoder() (Java), `base64 -w 0` (GNU).",
    bad="token = base64.encodebytes(f\"{app_id}:{app_key}\".encode()).decode()",
    good="token = base64.b64encode(f\"{app_id}:{app_key}\".encode()).decode()",
)
def wrapping_encoder(source: SourceFile) -> Iterator[Hit]:
    if not source.mentions_credentials:
        return
    for pattern in WRAPPING_ENCODERS:
        for match in _pattern_matches(source, pattern):
            if not _encoder_wraps(match):
                continue
            line = source.line_number(match.start())
            if not any(word in source.window(line, 3) for word in CREDENTIAL_WORDS + ("basic", "authorization")):
                continue
            yield _snippet_hit(source, match.start(), pattern.description, match.group(0).strip())


def _pattern_matches(source: SourceFile, pattern: CodePattern) -> Iterator[re.Match[str]]:
    return source.matches(pattern.expression, pattern.prefilter.lower())


def _encoder_wraps(match: re.Match[str]) -> bool:
    """Return False for base64 or openssl commands given a no-wrap or decode option."""
    arguments = match.groupdict().get("arguments")
    if arguments is None:
        return True
    if match.group(0).lstrip("|;&($ \t").startswith("openssl"):
        return not re.search(r"(?:^|\s)-(?:A|d)\b", arguments)
    return not re.search(r"(?:^|\s)(?:-w\s*0|--wrap=0|-d|-D|--decode)\b", arguments)


@src_rule(
    "SRC609", "echo-newline", "E",
    summary="`echo` without `-n` (or `<<<`) piped into base64 for the header",
    cause="`echo` and here-strings end their output with a newline, so the encoded value is "
          "`APP_ID:APP_KEY\\n` and the platform rejects the key with the newline attached.",
    fix="Use `printf '%s:%s' \"$ENABLEX_APP_ID\" \"$ENABLEX_APP_KEY\" | base64 -w 0` (or `echo -n`), "
        "or let curl encode it with `-u \"$ENABLEX_APP_ID:$ENABLEX_APP_KEY\"`.",
    bad='TOKEN=$(echo "$ENABLEX_APP_ID:$ENABLEX_APP_KEY" | base64)',
    good="TOKEN=$(printf '%s:%s' \"$ENABLEX_APP_ID\" \"$ENABLEX_APP_KEY\" | base64 -w 0)",
)
def echo_newline(source: SourceFile) -> Iterator[Hit]:
    if not source.mentions_credentials or "base64" not in source.lowered:
        return
    checks = (
        (ECHO_INTO_BASE64, "echo", "echo without -n adds a newline to the value piped into base64"),
        (HERE_STRING_INTO_BASE64, "<<<", "a here-string (<<<) adds a newline to the value base64 encodes"),
        (PRINTF_NEWLINE_INTO_BASE64, "printf", "printf with \\n adds a newline to the value piped into base64"),
    )
    for expression, word, message in checks:
        for match in source.matches(expression, word):
            argument = match.group("argument").lower()
            if ":" not in argument and not any(word in argument for word in CREDENTIAL_WORDS):
                continue
            yield _snippet_hit(source, match.start(), message, match.group(0))


@src_rule(
    "SRC610", "tls-verification-off", "E",
    summary="`verify=False`, `rejectUnauthorized: false`, `CURLOPT_SSL_VERIFYPEER => false`, `curl -k` toward the Voice API",
    cause="Certificate verification is turned off, so anyone on the network path can pose as "
          "api.enablex.io and collect the App ID and App Key from the Authorization header.",
    fix="Remove the setting. If a proxy or test server needs a private CA, pass its certificate "
        "(requests `verify=/path/ca.pem`, curl `--cacert`, Node `ca:`) and keep verification on.",
    bad='requests.get(url, auth=(app_id, app_key), verify=False, timeout=10)',
    good='requests.get(url, auth=(app_id, app_key), timeout=10)',
)
def tls_verification_off(source: SourceFile) -> Iterator[Hit]:
    if not source.mentions_enablex:
        return
    for pattern in TLS_VERIFICATION_OFF:
        for match in _pattern_matches(source, pattern):
            message = f"TLS verification turned off in a file that calls the Voice API: {pattern.description}"
            yield _snippet_hit(source, match.start(), message, match.group(0))


@src_rule(
    "SRC611", "committed-env-secret", "E",
    summary="a committed env file with a non-empty `ENABLEX_APP_KEY`",
    cause="An env file with the real App Key is part of the commit, so the key is in the "
          "repository for good, even if the file is deleted later.",
    fix="Remove the file from git (`git rm --cached FILE`), add it to .gitignore, commit a "
        ".env.example with empty values instead, and regenerate the App Key in the EnableX portal.",
    bad="ENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa",
    good="ENABLEX_APP_KEY=",
)
def committed_env_secret(source: SourceFile) -> Iterator[Hit]:
    if not source.is_env_file or not source.has_any(*KEY_NAME_MARKERS):
        return
    for match in source.matches(ENV_ASSIGNMENT, *KEY_NAME_MARKERS):
        name = match.group("name")
        value = _env_value(match.group("value"))
        if not _is_env_secret(name, value, source.mentions_enablex):
            continue
        kind = "example env file" if _is_example(source) else "env file"
        message = f"{name} has a real-looking value in a committed {kind}"
        yield _secret_hit(source, match.start("value"), message, value)


def _is_example(source: SourceFile) -> bool:
    from checker.scan.languages import is_example_env_file

    return is_example_env_file(source.kind_path)


def _env_value(raw: str) -> str:
    value = raw.strip()
    if value[:1] in ("'", '"') and value.endswith(value[0]) and len(value) >= 2:
        return value[1:-1]
    if value.startswith("#"):
        return ""
    return re.split(r"\s+#", value, maxsplit=1)[0].strip()


def _is_env_secret(name: str, value: str, mentions_enablex: bool) -> bool:
    upper = name.upper()
    if not re.fullmatch(r"(?:ENABLEX_)?APP_?KEY", upper):
        return False
    if credentials.is_placeholder(value) or VARIABLE_REFERENCE.match(value):
        return False
    if upper.startswith("ENABLEX_"):
        return True
    # A bare APP_KEY is also Laravel's encryption key (`base64:...`): require the App Key shape.
    return mentions_enablex and credentials.looks_like_app_key(value)


@src_rule(
    "SRC612", "shell-expansion", "W",
    summary="`$`, `!` or a backtick inside a double-quoted or unquoted credential in a shell command",
    cause="Inside double quotes or without quotes the shell expands `$name`, backticks and (in "
          "interactive shells) `!`, so curl receives a different App Key than the one written.",
    fix="Put literal credentials in single quotes, or better, read them from the environment: "
        "`curl -u \"$ENABLEX_APP_ID:$ENABLEX_APP_KEY\" ...`.",
    bad='curl -u "5f1e99bf90ce3c3c0c52e646:Ry3u$EurydeSyTuReXaDu" https://api.enablex.io/voice/v1/call',
    good="curl -u \"$ENABLEX_APP_ID:$ENABLEX_APP_KEY\" https://api.enablex.io/voice/v1/call",
)
def shell_expansion(source: SourceFile) -> Iterator[Hit]:
    if not source.is_shell_like or not source.mentions_credentials:
        return
    if "curl" in source.lowered:
        yield from _curl_user_hits(source)
    for match in source.matches(SHELL_CREDENTIAL_ASSIGNMENT, *KEY_NAME_MARKERS, *ID_NAME_WORDS):
        hit = _assignment_hit(source, match)
        if hit is not None:
            yield hit


def _curl_user_hits(source: SourceFile) -> Iterator[Hit]:
    """Yield the `curl -u` findings of the shell-aware detection that `diagnose` uses too."""
    from checker.rules.shell import shell_expansion_hits

    for hit in shell_expansion_hits(source):
        line = hit.location.line
        column = _option_column(source.line_text(line))
        location = Location(source.path, line, column, source.commit)
        yield Hit(hit.message, location, None, credentials.secret_hash(hit.message))


def _option_column(line: str) -> int | None:
    for option in ("--user", "-u"):
        position = line.find(option)
        if position != -1:
            return position + 1
    return None


def _assignment_hit(source: SourceFile, match: re.Match[str]) -> Hit | None:
    """Return a finding when the shell expands part of a literal credential assigned in a script."""
    from checker.readers.shellwords import find_expansions, is_only_references

    raw = match.group("value")
    expansions = find_expansions(raw)
    value = raw[1:-1] if raw.startswith('"') else raw
    if not expansions or is_only_references(value):
        return None
    first = expansions[0]
    credentials.remember(value)
    message = (
        f"{match.group('name')}: character {first.value_index + 1} is {secrets.char_name(first.char)} "
        f"in {first.context}, so the shell expands it and the variable gets a different value"
    )
    return _snippet_hit(source, match.start("value"), message, value)


# The scheme word in a string literal that starts a header value, spelt other than `Basic `:
# `"basic " + token`, `'BASIC ' . $token`, `"Basic:" + token`, `` `basic ${token}` ``.
MISSPELT_SCHEME = lazy(
    r"[\"'`](?P<scheme>(?!Basic [^ \t])(?i:basic)(?:[ \t]{2,}|[:=][ \t]*|[ \t]|(?=\$\{|\{|%s)))"
    r"(?:[\"'`]\s*(?:\+|\.(?!\w)|\.\s*\$)|\$\{|\{|%s|\#\{)"
)


@src_rule(
    "SRC613", "scheme-spelling", "E",
    summary="a header built in code with `basic`, `BASIC`, `Basic:` or a doubled space instead of `Basic `",
    cause="The platform matches the scheme word literally: `Basic` with a capital B and exactly one "
          "space before the token. Any other spelling is answered with 401.",
    fix="Write the prefix as exactly \"Basic \" (capital B, one space), or let the HTTP client build the "
        "header from the id and key (requests `auth=(id, key)`, axios `auth: {username, password}`).",
    bad="headers = {'Authorization': 'basic ' + token}",
    good="headers = {'Authorization': 'Basic ' + token}",
)
def scheme_spelling(source: SourceFile) -> Iterator[Hit]:
    if not (source.has_any("basic ", "basic\t") or source.mentions_credentials):
        return
    for match in source.matches(MISSPELT_SCHEME, "basic"):
        line = source.line_number(match.start("scheme"))
        window = source.window(line, 3)
        if "authorization" not in window and not any(word in window for word in VOICE_API_WORDS):
            continue
        written = match.group("scheme").replace("\t", "\\t")
        message = f"the header prefix is written `{written}`; the platform accepts only `Basic ` (capital B, one space)"
        yield _snippet_hit(source, match.start("scheme"), message, source.line_text(line).strip())
