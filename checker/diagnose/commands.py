"""Rules for a curl command found in a paste: its credentials, header, URL and options."""

from __future__ import annotations

import re

from checker.diagnose import exchanges
from checker.diagnose.model import Diagnosis, shift
from checker.diagnose.shell import changed_credentials
from checker.findings import Location
from checker.readers.curl import CurlCommand, Option, parse_curl
from checker.readers.pieces import Piece
from checker.readers.shellwords import find_expansions
from checker.registry import make_finding

_DIGEST_LIKE = {"digest": "Digest", "ntlm": "NTLM", "negotiate": "Negotiate", "aws-sigv4": "AWS4-HMAC-SHA256"}


def check_curl(diagnosis: Diagnosis, piece: Piece) -> None:
    command = parse_curl(piece.text, piece.line)
    diagnosis.notes.extend(command.problems)
    where = Location(diagnosis.name, command.line)

    has_credentials = _check_user(diagnosis, command)
    has_credentials |= _check_header_options(diagnosis, command)
    for url in command.urls:
        has_credentials |= _userinfo_credentials(diagnosis, url, command.line)
        _check_url(diagnosis, url, where)
    if any(_is_voice_url(url) for url in command.urls):
        diagnosis.voice_commands += 1
    if not has_credentials and any(_is_voice_url(url) for url in command.urls):
        exchanges.check_authorization(diagnosis, [], where, f"the curl command at line {command.line}")

    for url in command.urls:
        diagnosis.last_family = _family_of_url(url) or diagnosis.last_family
    _check_options(diagnosis, command, where)
    _check_as_shell_source(diagnosis, piece)
    if any("/webclient/token" in url for url in command.urls):
        diagnosis.domain = diagnosis.domain or _domain_of(command.body)


def _userinfo_credentials(diagnosis: Diagnosis, url: str, line: int) -> bool:
    """Record the `id:key` of a URL's userinfo, which curl turns into a Basic header."""
    from urllib.parse import unquote, urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.username is None:
        return False
    password = unquote(parts.password) if parts.password is not None else None
    diagnosis.add_credentials(unquote(parts.username), password, f"the URL userinfo at line {line}")
    return True


def _check_user(diagnosis: Diagnosis, command: CurlCommand) -> bool:
    from checker.rules.cred import check_pair

    user = command.user_option
    if user is None or user.value is None:
        return False
    line = command.line_of(user.word)
    where = Location(diagnosis.name, line)
    if ":" not in user.value:
        diagnosis.notes.append(f"the curl -u value at line {line} has no colon, so curl prompts for the App Key; "
                               "pass `-u \"$ENABLEX_APP_ID:$ENABLEX_APP_KEY\"`")
        return True

    changed = changed_credentials(user.value, user.raw or user.value)
    for item in changed:
        diagnosis.add([make_finding("SRC612", f"in the curl -u value at line {line}, {item.describe()}", where)])
    app_id, app_key = user.value.split(":", 1)
    literal_key = not find_expansions(_key_part(user))
    findings = check_pair(app_id, app_key, location=where,
                          key_on_command_line=f"curl -u at line {line}" if literal_key else None)
    if literal_key and not changed:
        diagnosis.add(findings)
        diagnosis.add_credentials(app_id, app_key, f"the curl -u value at line {line}")
    else:
        # The shell substitutes variables here, so only the spelling problems of what is written apply.
        diagnosis.add([finding for finding in findings if finding.code in ("CRED212",)])
    if command.auth_scheme in _DIGEST_LIKE:
        scheme = _DIGEST_LIKE[command.auth_scheme]
        diagnosis.header_codes.add("AUTH102")
        diagnosis.add([make_finding(
            "AUTH102", f"curl --{command.auth_scheme} at line {command.line} sends a {scheme} Authorization "
                       "header, and the Voice API accepts Basic only", where)])
    return True


def _key_part(user: Option) -> str:
    raw = user.raw or ""
    value = user.value or ""
    # Expansions after the colon belong to the key; find the colon in the raw text.
    colon = raw.find(":")
    return raw[colon + 1:] if colon >= 0 else value


def _check_header_options(diagnosis: Diagnosis, command: CurlCommand) -> bool:
    values = []
    computed = []
    for option in command.options:
        if option.name != "header" or not option.value:
            continue
        name, _, value = option.value.partition(":")
        if name.strip().lower() != "authorization":
            continue
        if find_expansions(option.raw or ""):
            computed.append(command.line_of(option.word))
        else:
            values.append(value.lstrip(" \t"))
    for token in command.values("oauth2-bearer"):
        values.append("Bearer " + token)
    for line in computed:
        diagnosis.notes.append(
            f"the Authorization header of the curl command at line {line} is computed by the shell; "
            "run the command with -v and paste the `> Authorization:` line it prints to check the value sent"
        )
    if values:
        label = f"the Authorization header of the curl command at line {command.line}"
        exchanges.check_authorization(diagnosis, values, Location(diagnosis.name, command.line), label)
        if command.user_option is not None:
            diagnosis.notes.append(f"the curl command at line {command.line} passes both -u and an Authorization "
                                   "header; curl sends the header and ignores -u")
    return bool(values or computed)


def _check_options(diagnosis: Diagnosis, command: CurlCommand, where: Location) -> None:
    if command.has("insecure") and any(_is_voice_url(url) for url in command.urls):
        diagnosis.add([make_finding(
            "SRC610", f"the curl command at line {command.line} turns certificate verification off (-k)", where)])
    if command.has("location-trusted"):
        diagnosis.notes.append(f"the curl command at line {command.line} uses --location-trusted, which sends "
                               "the credentials to any host a redirect points to")


def _check_as_shell_source(diagnosis: Diagnosis, piece: Piece) -> None:
    """Run the source rules that read shell text (echo without -n, wrapping base64) on the command."""
    from checker.registry import run_family
    from checker.scan.source import SourceFile

    source = SourceFile.from_text("command.sh", piece.text)
    wanted = ("SRC607", "SRC608", "SRC609")
    found = [finding for finding in run_family("SRC", source, select=wanted)]
    diagnosis.add([shift(finding, diagnosis.name, piece.line) for finding in found])


def _check_url(diagnosis: Diagnosis, url: str, where: Location) -> None:
    from checker.rules.url import check_url

    if re.match(r"^https?://", url, re.IGNORECASE):
        diagnosis.add(check_url(url, location=where))


def _family_of_url(url: str) -> str | None:
    from urllib.parse import urlsplit

    from checker.rules.url import family_of_path

    try:
        return family_of_path(urlsplit(url).path)
    except ValueError:
        return None


def _is_voice_url(url: str) -> bool:
    return bool(re.search(r"enablex|/voice/v\d", url, re.IGNORECASE))


def _domain_of(body: str | None) -> str | None:
    if not body:
        return None
    match = re.search(r'"domain"\s*:\s*"([^"]+)"', body)
    return match.group(1) if match else None
