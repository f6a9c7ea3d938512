"""Print a paste back as it was, with every secret masked, for an internal ticket."""

from __future__ import annotations

import re

from checker import secrets
from checker.diagnose.model import Diagnosis
from checker.readers.credentials import register_authorization

# Secrets named in prose: "my app key is ...", "secret: ...", "password=...".
_NAMED_SECRET = re.compile(
    r"(?i)\b(?:app[\s_-]?key|api[\s_-]?key|secret|password|passwd|token)\b[\"']?\s*(?:is|=|:|=>)\s*[\"'“‘]?"
    r"([A-Za-z0-9+/=_.$!@#%^&*~-]{12,})"
)
# A quoted literal assigned to a key-like name in code or config: `appKey = '...'`, `"app_key": "..."`.
# The whole literal is the secret, including a space, tab or NBSP pasted into the key by mistake.
_QUOTED_SECRET = re.compile(
    r"(?i)(?:app[_-]?key|api[_-]?key|secret|password|passwd)[\"']?\s*(?:=|:|=>)\s*[\"'`]([^\"'`\r\n]{8,})[\"'`]"
)
# An unquoted env-style assignment to a key-like name, also behind an email's `> ` quoting
# or inside code the readers took for another language: `ENABLEX_APP_KEY=...`.
_ASSIGNED_SECRET = re.compile(
    r"(?im)(?:^|[\s>])(?:export[ \t]+)?[\w.]*(?:app_?key|api_?key|secret|password|passwd)\w*[ \t]*=[ \t]*"
    r"([^\s\"'`$(]{4,})"
)
# A user and password passed as two literals to a Basic auth helper: `auth=('id', 'key')` in requests,
# `HTTPBasicAuth('id', 'key')`, Ruby's `basic_auth('id', 'key')`. The second literal is the key.
_AUTH_PAIR = re.compile(
    r"(?i)\b(?:auth|httpbasicauth|basic_auth|basicauth)\s*[=(]\s*\(?\s*([\"'])[^\"'\r\n]*\1\s*,\s*"
    r"([\"'])([^\"'\r\n]{8,})\2"
)
# An Authorization value: the scheme word stays readable, the token is masked.
_SCHEME_AND_TOKEN = re.compile(r"(?i)\b(basic|bearer|token|digest|apikey)([ \t:=]+)([^\s'\"`,;]{4,})")
# A JWT (the web client token) is a bearer credential while it lives.
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")


def redact(text: str, diagnosis: Diagnosis) -> str:
    """Return `text` with keys, tokens and decoded pairs replaced and App IDs shown masked.

    The analysis already registered what the readers found; this adds secrets
    named in prose and JWTs, then masks the App IDs found in credential pairs.
    """
    for match in _NAMED_SECRET.finditer(text):
        if re.search(r"\d", match.group(1)) and re.search(r"[A-Za-z]", match.group(1)):
            secrets.register(match.group(1))
    # Tokens in lines that no reader claimed (prose around the pieces) are masked too.
    for match in _SCHEME_AND_TOKEN.finditer(text):
        if _looks_like_credential(match.group(3)):
            register_authorization(match.group(0))
    for match in _QUOTED_SECRET.finditer(text):
        secrets.register(match.group(1))
    for match in _ASSIGNED_SECRET.finditer(text):
        secrets.register(match.group(1))
    for match in _AUTH_PAIR.finditer(text):
        secrets.register(match.group(3))
    for match in _JWT.finditer(text):
        secrets.register(match.group(0))

    masked = _SCHEME_AND_TOKEN.sub(_mask_token, text)
    # Longest pairs first: a pair read from a token cut short is a prefix of the whole pair,
    # and replacing it first would leave the rest of the key unmasked.
    for seen in sorted(diagnosis.credentials, key=lambda seen: len(seen.app_key or ""), reverse=True):
        if seen.app_id and seen.app_key:
            # Keep the App ID recognisable (masked) in `id:key`, as in curl -u and URL userinfo.
            masked = masked.replace(f"{seen.app_id}:{seen.app_key}", f"{secrets.mask_id(seen.app_id)}:{secrets.REDACTED}")
    # NOTE: secrets are masked as the readers decoded them. A key that the paste writes with
    # escapes (bash `$'...\t...'`, JSON `\u0009`) stays visible in that escaped form.
    masked = secrets.scrub(masked)
    for app_id in sorted({seen.app_id for seen in diagnosis.credentials if seen.app_id}, key=len, reverse=True):
        if len(app_id) >= 8:
            masked = masked.replace(app_id, secrets.mask_id(app_id))
    return masked


def _mask_token(match: re.Match[str]) -> str:
    token = match.group(3)
    if secrets.scrub(token) == token:
        return match.group(0)
    return f"{match.group(1)}{match.group(2)}{secrets.REDACTED}"


def _looks_like_credential(token: str) -> bool:
    """Tell a token from a word ("Basic authentication", `Basic realm=`).

    A token has a digit, `+`, `/` or `=` inside, or is mixed-case Base64 whose
    length is a multiple of 4, as a padded token of letters only is.
    """
    if len(token) < 8 or token.lower().startswith("realm"):
        return False
    if re.search(r"[0-9+/]|=.", token):
        return True
    mixed_case = sum(char.isupper() for char in token) >= 2 and sum(char.islower() for char in token) >= 2
    return len(token) >= 16 and len(token) % 4 == 0 and mixed_case and token.rstrip("=").isalpha()
