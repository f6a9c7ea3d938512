"""Masking helpers and the process-wide list of secrets that output must never show.

Every reader that meets an App Key, a Basic token or a decoded `id:key`
registers it here. The writers, the error handler and the log handler pass
their final text through `scrub`, so a secret that slips into a message by
mistake is replaced before it reaches a terminal, a file or a CI log. Rules
still mask deliberately: scrubbing is the safety net, not the method.
"""

from __future__ import annotations

import base64
import hashlib
import re
import threading
import unicodedata

REDACTED = "[redacted]"

# Shorter values would blank out ordinary words; such keys are flagged as
# unusual by CRED211 and are never printed by the rules anyway.
MIN_SECRET_LENGTH = 4

_lock = threading.Lock()
_secrets: set[str] = set()
_pattern: re.Pattern[str] | None = None


def fingerprint(value: str | bytes) -> str:
    """Return `sha256:` and the first 8 hex digits of the value's SHA-256."""
    if isinstance(value, str):
        value = value.encode("utf-8", "surrogatepass")
    return "sha256:" + hashlib.sha256(value).hexdigest()[:8]


def mask_id(app_id: str) -> str:
    """Show the first and last four characters of an App ID, or only its length.

    Only the length is shown when the value is a registered secret (an App ID
    equal to the key, or a key given as the App ID), because four characters
    at each end would show eight characters of the key.
    """
    with _lock:
        is_secret = app_id in _secrets or app_id.strip() in _secrets
    if len(app_id) >= 12 and not is_secret:
        return f"{app_id[:4]}…{app_id[-4:]}"
    return f"({len(app_id)} characters)"


def describe_key(app_key: str) -> str:
    return f"length {len(app_key)}, {fingerprint(app_key)}"


def char_name(char: str) -> str:
    """Name a character the way Unicode does: `U+000A LINE FEED`."""
    code = ord(char)
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(code, "")
    if not name:
        name = "CONTROL CHARACTER" if unicodedata.category(char) == "Cc" else "UNNAMED CHARACTER"
    return f"U+{code:04X} {name}"


_CONTROL_NAMES = {
    0x00: "NULL", 0x09: "CHARACTER TABULATION", 0x0A: "LINE FEED",
    0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE",
}


def register(*values: str | bytes | None) -> None:
    """Add secrets to the scrub list, with the Base64 forms they travel in."""
    global _pattern
    added = False
    with _lock:
        for value in values:
            for form in _forms(value):
                if len(form) >= MIN_SECRET_LENGTH and form not in _secrets:
                    _secrets.add(form)
                    added = True
        if added:
            _pattern = None


def register_pair(app_id: str | None, app_key: str | None) -> None:
    """Register a key, and the `id:key` pair and its token when both are known.

    An App ID with the shape of a key is registered too, because it is most
    likely a key given in the wrong place (CRED210 reports a swapped pair).
    """
    if app_key:
        register(app_key)
        if app_id is not None:
            register(f"{app_id}:{app_key}")
    if app_id:
        from checker.shapes import looks_like_app_key

        if looks_like_app_key(app_id.strip()):
            register(app_id)


# Command-line words with these shapes are masked in output: see register_command_line.
_KEY_WORD = re.compile(r"^[A-Za-z0-9]{20,}$")
_TOKEN_WORD = re.compile(r"^[A-Za-z0-9+/_-]{16,}={0,2}$")
_USERINFO = re.compile(r"//([^/@\s]+:[^/@\s]+)@")


def register_command_line(args: list[str]) -> None:
    """Register the words of command-line arguments that look like an App Key, a Basic token or `id:key`.

    No option takes the key, yet users type it where a path, a code or an
    option value belongs (`check KEY`, `diagnose "Authorization: Basic ..."`),
    and the error for that argument would echo it. Ordinary arguments (paths,
    formats, codes) do not have these shapes, so they stay readable.
    """
    for argument in args:
        for word in re.split(r"[\s'\"`]+", argument):
            register(*_credential_parts(word.split("=", 1)[1] if word.startswith("-") and "=" in word else word))


def _credential_parts(word: str) -> list[str]:
    """Return the parts of one command-line word to mask: userinfo, a key, a token or `id:key`."""
    parts = [match.group(1) for match in _USERINFO.finditer(word)]
    parts += [pair.split(":", 1)[1] for pair in parts]
    # Letters and digits mixed, and not hexadecimal only, so git commit ids and App IDs stay readable.
    key_shaped = (bool(_KEY_WORD.match(word)) and bool(re.search(r"\d", word)) and bool(re.search(r"[A-Za-z]", word))
                  and not re.fullmatch(r"[0-9a-fA-F]+", word))
    if key_shaped or (_TOKEN_WORD.match(word) and _decodes_to_pair(word)):
        parts.append(word)
    elif ":" in word and "/" not in word and "\\" not in word:
        app_id, app_key = word.split(":", 1)
        if app_id and len(app_key) >= 12:
            parts += [word, app_key]
    return parts


def _decodes_to_pair(word: str) -> bool:
    padded = word.rstrip("=").replace("-", "+").replace("_", "/")
    try:
        decoded = base64.b64decode(padded + "=" * (-len(padded) % 4), validate=True).decode("utf-8")
    except ValueError:
        return False
    return ":" in decoded.strip(":")


def scrub(text: str) -> str:
    """Replace every registered secret in `text` with `[redacted]`."""
    global _pattern
    if not text:
        return text
    with _lock:
        if not _secrets:
            return text
        if _pattern is None:
            ordered = sorted(_secrets, key=len, reverse=True)
            _pattern = re.compile("|".join(re.escape(s) for s in ordered))
        pattern = _pattern
    return pattern.sub(REDACTED, text)


def registered_count() -> int:
    return len(_secrets)


def clear() -> None:
    """Forget every registered secret (tests call this between cases)."""
    global _pattern
    with _lock:
        _secrets.clear()
        _pattern = None


def _forms(value: str | bytes | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, bytes):
        raw = value
        text = value.decode("utf-8", "replace")
    else:
        text = value
        raw = value.encode("utf-8", "surrogatepass")
    forms = [text, text.strip()]
    for data in {raw, raw.strip()}:
        if not data:
            continue
        token = base64.b64encode(data).decode("ascii")
        forms += [token, token.rstrip("="), token.replace("+", "-").replace("/", "_").rstrip("=")]
    return [form for form in forms if form]
