"""Find the secrets inside an Authorization value and register them for masking.

This module decodes only as far as needed to know what to mask; the AUTH and
CRED rules judge the value. Registration happens before any rule runs, so no
message built later can show the token, the decoded pair or the key.
"""

from __future__ import annotations

import base64
import binascii
import re

from checker import secrets

_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_-]*)[ \t]*[:=]?[ \t]*(.*)$", re.DOTALL)
_BASE64_CHARS = re.compile(r"^[A-Za-z0-9+/_=-]+$")

# Values that unset variables turn into. They are findings (AUTH112), not secrets, and
# masking them would blank the same words in every rule's cause and fix text.
_UNSET_WORDS = {"", "undefined", "null", "none", "nil", "nan"}


def split_scheme(value: str) -> tuple[str, str]:
    """Split an Authorization value into its scheme word and the rest (`Basic:x` too)."""
    match = _SCHEME.match(value)
    if not match:
        return "", value.strip()
    return match.group(1), match.group(2)


def decode_token(token: str) -> bytes | None:
    """Decode a Base64 token the lenient way: whitespace removed, URL alphabet and padding fixed."""
    compact = re.sub(r"\s+", "", token)
    if not compact or not _BASE64_CHARS.match(compact):
        return None
    compact = compact.replace("-", "+").replace("_", "/").rstrip("=")
    compact += "=" * (-len(compact) % 4)
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return None


def register_authorization(value: str) -> tuple[str, str] | None:
    """Register every secret in one Authorization value; return the decoded pair if there is one."""
    scheme, rest = split_scheme(value)
    if not rest.strip():
        return None
    secrets.register(rest.strip())
    for fragment in rest.split():
        secrets.register(fragment)

    if ":" in rest and not rest.strip().endswith("="):
        # `Basic id:key` sent without encoding.
        return register_decoded(rest.strip().encode("utf-8", "surrogatepass"))

    decoded = decode_token(rest)
    if decoded is None:
        return None
    return register_decoded(decoded)


def register_decoded(decoded: bytes, depth: int = 0) -> tuple[str, str] | None:
    """Register a decoded `id:key` (and what a double encoding hides); return the pair."""
    text = decoded.decode("utf-8", "replace")
    if not set(text.lower().split(":")) <= _UNSET_WORDS:
        secrets.register(decoded, text)
    if ":" not in text:
        inner = decode_token(text) if depth < 2 else None
        if inner and len(inner) >= secrets.MIN_SECRET_LENGTH:
            return register_decoded(inner, depth + 1)
        return None

    app_id, app_key = text.split(":", 1)
    if app_key.strip().lower() not in _UNSET_WORDS:
        secrets.register_pair(app_id, app_key)
    for variant in {app_key.strip(), app_key.strip().strip("\"'“”‘’")}:
        secrets.register(variant)
    return app_id, app_key


def register_user_option(value: str) -> tuple[str, str | None]:
    """Register the credentials of a curl `-u id:key` value and return id and key."""
    if ":" not in value:
        # curl prompts for the password when only the user is given.
        return value, None
    app_id, app_key = value.split(":", 1)
    if app_key.strip().lower() not in _UNSET_WORDS:
        secrets.register(value)
        secrets.register_pair(app_id, app_key)
    return app_id, app_key
