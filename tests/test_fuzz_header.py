"""Fuzz the Authorization header parser and the AUTH and CRED rules it feeds.

Invariant: `parse_header` and `check_header_values` return a result for any
str or bytes value, and no finding shows the key, the token or `id:key`.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from checker import secrets
from checker.header import check_header_values, parse_header
from checker.shapes import is_placeholder
from test_fuzz_common import (
    MISTAKE_CHARACTERS, app_ids, app_keys, assert_no_secret, b64, finding_texts, forbidden_forms, insert_at,
)

pytestmark = pytest.mark.fuzz

SCHEMES = ["Basic", "basic", "BASIC", "Basic:", "Basic=", "Bearer", "Token", "ApiKey", ""]
SEPARATORS = [" ", "", "  ", "\t", "\u00a0", ": ", " \n "]


@st.composite
def basic_headers(draw):
    """Build a realistic `Basic <token>` value with a few injected mistakes.

    Returns the header value, the App ID, the key as generated and the key
    as the header carries it (mistakes included).
    """
    app_id = draw(app_ids)
    app_key = draw(app_keys)
    sent_key = app_key
    joiner = ":"

    # Mistakes made before encoding change the decoded value.
    if draw(st.booleans()):
        sent_key = insert_at(sent_key, draw(st.integers(0, 60)), draw(st.sampled_from(MISTAKE_CHARACTERS)))
    ending = draw(st.sampled_from(["", "", "\n", "\r\n", "\r"]))
    if draw(st.integers(0, 5)) == 0:
        sent_key = "“" + sent_key + "”"
    if draw(st.integers(0, 6)) == 0:
        joiner = draw(st.sampled_from(["", " ", ";", "%3A"]))
    # CRED208 quotes documentation placeholders such as `$APP_KEY` on purpose, because they are not secrets.
    assume(not is_placeholder(sent_key))
    plain = f"{app_id}{joiner}{sent_key}{ending}"

    encoding = draw(st.sampled_from(["standard", "standard", "raw", "double", "latin-1", "percent"]))
    if encoding == "raw":
        token = plain
    elif encoding == "double":
        token = b64(b64(plain))
    elif encoding == "latin-1":
        token = b64(plain.encode("latin-1", "replace"))
    elif encoding == "percent":
        token = b64(plain.replace("+", "%2B").replace("/", "%2F").replace(" ", "%20"))
    else:
        token = b64(plain)

    # Mistakes made after encoding break the token itself.
    for mistake in draw(st.lists(st.sampled_from(
            ["urlsafe", "strip-padding", "extra-padding", "wrap76", "wrap64-crlf", "space", "nbsp", "quotes",
             "trailing-newline", "nul"]), max_size=3, unique=True)):
        if mistake == "urlsafe":
            token = token.replace("+", "-").replace("/", "_")
        elif mistake == "strip-padding":
            token = token.rstrip("=")
        elif mistake == "extra-padding":
            token += "="
        elif mistake == "wrap76":
            token = "\n".join(token[i:i + 76] for i in range(0, len(token), 76))
        elif mistake == "wrap64-crlf":
            token = "\r\n".join(token[i:i + 64] for i in range(0, len(token), 64))
        elif mistake == "space":
            token = insert_at(token, draw(st.integers(0, 80)), " ")
        elif mistake == "nbsp":
            token = insert_at(token, draw(st.integers(0, 80)), "\u00a0")
        elif mistake == "quotes":
            token = draw(st.sampled_from(['"', "“", "'"])) + token + draw(st.sampled_from(['"', "”", "'"]))
        elif mistake == "trailing-newline":
            token += "\n"
        elif mistake == "nul":
            token = insert_at(token, draw(st.integers(0, 80)), "\x00")

    scheme = draw(st.sampled_from(SCHEMES))
    separator = draw(st.sampled_from(SEPARATORS)) if scheme else ""
    value = f"{scheme}{separator}{token}"
    return value, app_id, app_key, sent_key


def _as_sent(value: str, form: str) -> str | bytes:
    if form == "utf-8":
        return value.encode("utf-8", "surrogatepass")
    if form == "latin-1":
        return value.encode("latin-1", "replace")
    return value


@given(header=basic_headers(), form=st.sampled_from(["str", "utf-8", "latin-1"]), with_expected=st.booleans(),
       copies=st.integers(1, 2))
def test_basic_header_no_secret(header, form, with_expected, copies):
    secrets.clear()
    value, app_id, app_key, sent_key = header
    expected = (app_id, app_key) if with_expected else None

    result = check_header_values([_as_sent(value, form)] * copies, expected=expected)

    assert_no_secret(finding_texts(result.findings), forbidden_forms(app_id, app_key, sent_key))
    assert all(finding.code.startswith(("AUTH", "CRED")) for finding in result.findings)


@given(header=basic_headers(), noise=st.text(max_size=12), form=st.sampled_from(["str", "utf-8"]))
def test_header_with_noise_no_secret(header, noise, form):
    secrets.clear()
    value, app_id, app_key, sent_key = header
    forbidden = forbidden_forms(app_id, app_key, sent_key)
    assume(not any(secret in noise for secret in forbidden))

    result = check_header_values([_as_sent(value + noise, form), _as_sent(noise + value, form)])

    assert_no_secret(finding_texts(result.findings), forbidden)


@given(value=st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_parse_header_any_value(value):
    secrets.clear()

    analysis = parse_header(value)

    assert isinstance(analysis.raw, str)
    assert analysis.decodable == (analysis.text is not None)


@given(values=st.lists(st.one_of(st.text(max_size=120), st.binary(max_size=120)), max_size=3),
       expected=st.none() | st.tuples(st.text(max_size=30), st.text(max_size=40)))
def test_check_header_values_any_input(values, expected):
    secrets.clear()

    result = check_header_values(values, expected=expected)

    assert len(result.analyses) == len(values)
    if not values:
        assert [finding.code for finding in result.findings] == ["AUTH101"]
