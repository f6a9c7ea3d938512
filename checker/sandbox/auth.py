"""Basic authentication, exactly as the table of documented responses states it.

This module shares no code with the checker's rules on purpose: when both
agree, it is because each follows the table, not because one calls the other.

401, with the Basic challenge, when:
- the request has no Authorization header, or several;
- the value does not start with exactly `Basic ` (capital B, one ASCII space);
- the token is not strict standard Base64 (alphabet A-Z a-z 0-9 + /, `=`
  padding only at the end, length a multiple of 4, no whitespace);
- the decoded bytes are not UTF-8, or the decoded text has no colon.

403 when the text before the first colon is no project's App ID, the rest is a
previous key of that project or not its current key, the project has the Voice
API disabled, or its account is not active.

Trailing spaces and tabs after the value are dropped first, because the HTTP
field-value grammar excludes surrounding whitespace (RFC 9110, section 5.5).
The standard library's header parser already drops the leading ones.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import re

from checker.sandbox.responses import Response, forbidden, unauthorized

SCHEME_PREFIX = "Basic "

# Groups of four alphabet characters, then an optional final group padded with
# one or two "=". fullmatch() is used, so no newline can sneak in at the end.
_STRICT_BASE64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")


class Denied(Exception):
    """Authentication failed: `response` is the 401 or 403 to send."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.reason)
        self.response = response


def authenticate(header_values: list[str], projects: list[dict]) -> dict:
    """Return the project the Authorization header values prove, or raise Denied."""
    if not header_values:
        raise Denied(unauthorized("no-authorization-header"))
    if len(header_values) > 1:
        raise Denied(unauthorized("several-authorization-headers"))

    app_id, app_key = _decode_basic(header_values[0].rstrip(" \t"))
    project = _find_project(app_id, projects)
    if project is None:
        raise Denied(forbidden("unknown-app-id"))
    _check_key_and_project(app_key, project)
    return project


def _decode_basic(value: str) -> tuple[str, str]:
    if not value.startswith(SCHEME_PREFIX):
        raise Denied(unauthorized("scheme-not-basic"))

    token = value[len(SCHEME_PREFIX):]
    if not token or _STRICT_BASE64.fullmatch(token) is None:
        raise Denied(unauthorized("token-not-base64"))
    try:
        decoded = base64.b64decode(token, validate=True)
    except binascii.Error:
        raise Denied(unauthorized("token-not-base64")) from None

    try:
        text = decoded.decode("utf-8")
    except UnicodeDecodeError:
        raise Denied(unauthorized("decoded-not-utf8")) from None
    if ":" not in text:
        raise Denied(unauthorized("decoded-without-colon"))

    app_id, app_key = text.split(":", 1)
    return app_id, app_key


def _find_project(app_id: str, projects: list[dict]) -> dict | None:
    found = None
    for project in projects:
        # Every project is compared, so the time taken does not depend on which one matched.
        if _same(project["app_id"], app_id):
            found = project
    return found


def _check_key_and_project(app_key: str, project: dict) -> None:
    if any(_same(previous, app_key) for previous in project["previous_keys"]):
        raise Denied(forbidden("previous-key"))
    if not _same(project["app_key"], app_key):
        raise Denied(forbidden("wrong-key"))
    if not project["voice_enabled"]:
        raise Denied(forbidden("voice-disabled"))
    if project["account"] != "active":
        raise Denied(forbidden(f"account-{project['account'].replace('_', '-')}"))


def _same(expected: str, received: str) -> bool:
    # compare_digest only takes ASCII str, so compare the UTF-8 bytes.
    return hmac.compare_digest(expected.encode("utf-8"), received.encode("utf-8"))
