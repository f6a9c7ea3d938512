"""Strategies and the secret check that the fuzz tests share, with tests of the strategies.

Every fuzz test builds an App ID and an App Key and hides them in generated
input with typical mistakes. It then checks that nothing the code under
test returns or raises contains the key, the Base64 token of `id:key` or
`id:key` itself. The generated keys are at least 8 characters long, contain
a digit, an upper-case letter and a lower-case letter from g to z, and so
never occur by chance in rule text or codes, in a fingerprint or in a
lowercase hexadecimal App ID.
"""

from __future__ import annotations

import base64
import string

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from checker import secrets
from checker.errors import CheckerError
from checker.findings import Finding
from checker.shapes import is_placeholder

KEY_ALPHABET = string.ascii_letters + string.digits
HEX_DIGITS = "0123456789abcdef"
# Characters that customers' tools and chat clients put inside credentials by mistake.
MISTAKE_CHARACTERS = ["\n", "\r", "\t", "\x00", " ", "\u00a0", "\u200b", "\ufeff", "“", "”", "‘", "’", "$", "-", "_"]

app_ids = st.one_of(
    st.text(alphabet=HEX_DIGITS, min_size=24, max_size=24),
    st.text(alphabet=HEX_DIGITS, min_size=8, max_size=30),
)
def _has_digit_and_upper(key: str) -> bool:
    # A lower-case letter from g to z keeps the key from matching a rule code such as PROBE505.
    lower = any(char in "ghijklmnopqrstuvwxyz" for char in key)
    return lower and any(char.isdigit() for char in key) and any(char.isupper() for char in key)


# Half of the keys have the portal's shape (30 to 40 letters and digits), which the SRC rules look for.
app_keys = st.one_of(
    st.text(alphabet=KEY_ALPHABET, min_size=8, max_size=44),
    st.text(alphabet=KEY_ALPHABET, min_size=30, max_size=40),
).filter(_has_digit_and_upper)


def b64(text: str | bytes) -> str:
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    return base64.b64encode(data).decode("ascii")


def token_of(app_id: str, app_key: str) -> str:
    return b64(f"{app_id}:{app_key}")


def forbidden_forms(app_id: str, app_key: str, sent_key: str | None = None) -> set[str]:
    """Return the strings that no message may contain for this id and key.

    `sent_key` is the key as the input carries it, mistakes included. The
    parts of it between mistake characters are forbidden as well when they
    are 8 characters or longer, because a message that quotes such a part
    shows most of the key.
    """
    forms = {app_key, f"{app_id}:{app_key}"}
    for key in {app_key, sent_key or app_key}:
        token = token_of(app_id, key)
        forms.update({token, token.rstrip("=")})
        # The token from its first Base64 group that encodes key bytes only, to the end and to column 76.
        first_key_group = ((len(app_id.encode()) + 1) // 3 + 1) * 4
        forms.add(token[first_key_group:].rstrip("="))
        forms.add(token[first_key_group:76])
        forms.add(b64(key).rstrip("="))
    if sent_key:
        forms.add(sent_key)
        # A fragment of digits only may also be part of the App ID, and CRED208 shows placeholders
        # such as `00000000` on purpose: messages may contain either.
        forms.update(fragment for fragment in _fragments(sent_key)
                     if fragment not in app_id and not is_placeholder(fragment))
    return {form for form in forms if len(form) >= 8}


def _fragments(value: str) -> list[str]:
    pieces = [value]
    for char in MISTAKE_CHARACTERS:
        pieces = [part for piece in pieces for part in piece.split(char)]
    return pieces


def finding_texts(findings: list[Finding]) -> list[str]:
    texts = []
    for finding in findings:
        texts += [finding.message, finding.cause, finding.fix, finding.evidence or ""]
    return texts


def assert_no_secret(texts: list[str], forbidden: set[str]) -> None:
    """Fail when any text contains a forbidden string; the failure names the text's start only."""
    for text in texts:
        for secret in forbidden:
            assert secret not in text, f"a secret of {len(secret)} characters appears in: {text[:60]!r}..."


def assert_error_is_clean(error: CheckerError, forbidden: set[str]) -> None:
    message = str(error)
    assert message, "CheckerError without a message"
    assert "\n" not in message.strip(), "CheckerError message is not one line"
    assert_no_secret([message], forbidden)


def insert_at(value: str, position: int, char: str) -> str:
    position = position % (len(value) + 1)
    return value[:position] + char + value[position:]


@pytest.mark.fuzz
@given(app_id=app_ids, app_key=app_keys)
def test_generated_key_absent_from_catalogue(app_id, app_key):
    from checker import registry

    catalogue = []
    for definition in registry.all_rules():
        catalogue += [definition.summary, definition.cause, definition.fix]
    assert_no_secret(catalogue, forbidden_forms(app_id, app_key))


@pytest.mark.fuzz
@given(app_id=app_ids, app_key=app_keys)
def test_generated_key_absent_from_masked_forms(app_id, app_key):
    masked = [secrets.mask_id(app_id), secrets.describe_key(app_key), secrets.fingerprint(app_key)]
    assert_no_secret(masked, forbidden_forms(app_id, app_key))


@given(app_id=app_ids, app_key=app_keys, position=st.integers(0, 50), char=st.sampled_from(MISTAKE_CHARACTERS))
def test_fragments_include_long_parts(app_id, app_key, position, char):
    sent = insert_at(app_key, position, char)
    forms = forbidden_forms(app_id, app_key, sent)
    long_parts = [part for part in sent.split(char)
                  if len(part) >= 8 and part not in app_id and not is_placeholder(part)]
    assume(long_parts)
    for part in long_parts:
        assert part in forms
