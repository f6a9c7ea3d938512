"""What portal-issued values look like, and the documentation placeholders people paste.

EnableX does not document the formats. The shapes below are those seen in its
public sample projects: App IDs are 24 lowercase hexadecimal characters (a
MongoDB ObjectId) and App Keys about 30 to 40 letters and digits. Rules that
use them are warnings only.
"""

from __future__ import annotations

import re
import unicodedata

APP_ID_PATTERN = re.compile(r"^[0-9a-f]{24}$")
APP_KEY_PATTERN = re.compile(r"^[A-Za-z0-9]{24,48}$")
HEX_ID_ANY_CASE = re.compile(r"^[0-9a-fA-F]{24}$")

QUOTE_CHARACTERS = "\"'`\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb\u2039\u203a\u300c\u300d\u300e\u300f\uff02\uff07"

_PLACEHOLDER_WORDS = {
    "app_id", "appid", "app-id", "app_key", "appkey", "app-key", "apikey", "api_key", "api-key",
    "enablex_app_id", "enablex_app_key", "key", "id", "secret", "password", "token",
    "changeme", "change_me", "change-me", "placeholder", "todo", "tbd", "fixme", "replace_me",
    "replaceme", "replace-me", "example", "sample", "test", "demo", "dummy", "none", "null",
    "undefined", "nil", "abc", "abc123", "123456", "1234", "secret_key", "your_key", "yourkey",
    "insert_key_here", "insert_here", "key_here", "id_here", "enter_key", "redacted", "masked",
}
_PLACEHOLDER_PATTERNS = [
    re.compile(r"^(your|my|enter|insert|put|replace)[-_ .]?(enablex[-_ ]?)?(app|api|application)?[-_ ]?(id|key|secret)?([-_ .]?here)?$", re.I),
    re.compile(r"^(your|my)[-_ ].*$", re.I),
    re.compile(r"^<[^<>]*>$"),
    re.compile(r"^\{\{?[^{}]*\}?\}$"),
    re.compile(r"^\[[^\[\]]*\]$"),
    re.compile(r"^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$"),
    re.compile(r"^%[A-Za-z_][A-Za-z0-9_]*%$"),
    re.compile(r"^(x|\*|\.|-|#|0)\1{2,}$", re.I),
    re.compile(r"^(process\.env|os\.environ|env|getenv|ENV)\b.*", re.I),
]


def is_placeholder(value: str) -> bool:
    """Return True for documentation placeholders such as `your_app_key` or `<APP_ID>`."""
    text = value.strip().strip(QUOTE_CHARACTERS).strip()
    if not text:
        return False
    if text.lower() in _PLACEHOLDER_WORDS:
        return True
    return any(pattern.match(text) for pattern in _PLACEHOLDER_PATTERNS)


def looks_like_app_id(value: str) -> bool:
    return bool(APP_ID_PATTERN.match(value))


def looks_like_app_key(value: str) -> bool:
    return bool(APP_KEY_PATTERN.match(value)) and not HEX_ID_ANY_CASE.match(value)


def is_invisible(char: str) -> bool:
    """Return True for code points that render as nothing or as ordinary space."""
    if char in "\u00a0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u3164\uffa0\ufeff":
        return True
    category = unicodedata.category(char)
    if category == "Cf":
        return True
    if category == "Zs" and char != " ":
        return True
    if category in ("Zl", "Zp"):
        return True
    return "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef"
