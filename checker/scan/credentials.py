"""Shapes of EnableX credentials and of the placeholders that stand in for them.

The shapes come from EnableX's public sample projects, not from a documented
format: App IDs are 24 lowercase hexadecimal characters (a MongoDB ObjectId)
and App Keys are about 30 to 40 letters and digits.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from checker.scan.lazy_regex import lazy

APP_ID_SHAPE = lazy(r"[0-9a-f]{24}")
APP_KEY_SHAPE = lazy(r"[A-Za-z0-9]{30,40}")

_PLACEHOLDER_WORDS = (
    "your", "xxx", "changeme", "change_me", "change-me", "example", "placeholder",
    "dummy", "sample", "replace", "insert", "redacted", "secret", "appkey", "app_key",
    "app-key", "appid", "app_id", "app-id", "enter", "todo", "fixme", "fake", "test",
    "123456", "abcdef", "***", "...",
)
_PLACEHOLDER_MARKS = ("<", ">", "{{", "}}", "%(", "${", "#{")
_REPEATED_CHARACTER = lazy(r"(.)\1{3,}")


def is_placeholder(value: str) -> bool:
    """Return True for empty values and documentation stand-ins such as `your_app_key` or `<key>`."""
    text = value.strip().strip("\"'`")
    if not text:
        return True
    lowered = text.lower()
    if any(mark in lowered for mark in _PLACEHOLDER_MARKS):
        return True
    if any(word in lowered for word in _PLACEHOLDER_WORDS):
        return True
    return bool(_REPEATED_CHARACTER.search(lowered))


def looks_like_app_id(value: str) -> bool:
    return bool(APP_ID_SHAPE.fullmatch(value)) and not is_placeholder(value)


def looks_like_app_key(value: str) -> bool:
    """Return True for 30-40 letters and digits with both kinds present and no placeholder word."""
    if not APP_KEY_SHAPE.fullmatch(value):
        return False
    has_digit = any(char.isdigit() for char in value)
    has_letter = any(char.isalpha() for char in value)
    return has_digit and has_letter and not is_placeholder(value)


def decode_basic_token(token: str) -> tuple[str, str] | None:
    """Decode a Basic token68 to its (user-id, password) pair, or None when it is not one."""
    try:
        raw = base64.b64decode(token, validate=True)
        decoded = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    if ":" not in decoded or not decoded.isprintable():
        return None
    app_id, _, app_key = decoded.partition(":")
    return app_id, app_key


# A shorter password next to an ObjectId-shaped id is treated as a truncated
# example, not as a key.
MIN_KEY_LENGTH_WITH_ID = 20


def looks_like_real_pair(app_id: str, app_key: str) -> bool:
    """Return True when neither part is a placeholder and the pair has an EnableX shape.

    Either the key has the App Key shape, or the id has the App ID shape and
    the key is at least MIN_KEY_LENGTH_WITH_ID characters long.
    """
    if is_placeholder(app_id) or is_placeholder(app_key):
        return False
    if looks_like_app_key(app_key):
        return True
    return looks_like_app_id(app_id) and len(app_key) >= MIN_KEY_LENGTH_WITH_ID


def secret_hash(value: str) -> str:
    """Return a stable identifier for a secret (or a matched snippet) that does not reveal it.

    Baselines store this value, so it is longer than the 8-digit fingerprint
    shown to people: 16 hex digits of SHA-256 make accidental collisions
    between two findings of one file negligible.
    """
    return "sha256:" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:16]


# Secrets found in this process since the last `take_remembered()`. Worker
# processes send them back so that the parent's output scrubber masks them too.
_remembered: list[str] = []


def remember(*values: str) -> None:
    """Register secrets with the output scrubber and keep them for `take_remembered`."""
    from checker import secrets

    kept = [value for value in values if value]
    secrets.register(*kept)
    _remembered.extend(kept)


def take_remembered() -> list[str]:
    values = list(_remembered)
    _remembered.clear()
    return values
