"""Fuzz the env-file reader and the ENV and CRED rules it feeds.

Invariant: `analyze_env_text` returns an analysis for any str, and for bytes
either an analysis or a CheckerError (NUL bytes, invalid UTF-8). No finding
and no error message shows the key, the token or `id:key`.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from checker import secrets
from checker.envfile import analyze_env_text
from checker.errors import CheckerError
from checker.shapes import is_placeholder
from test_fuzz_common import (
    MISTAKE_CHARACTERS, app_ids, app_keys, assert_error_is_clean, assert_no_secret, finding_texts, forbidden_forms,
    insert_at,
)

pytestmark = pytest.mark.fuzz

QUOTES = [("", ""), ("", ""), ('"', '"'), ("'", "'"), ("“", "”"), ("‘", "’"), ('"', ""), ("'", '"')]
KEY_NAMES = ["ENABLEX_APP_KEY", "ENABLEX_APP_KEY", "APP_KEY", "enablex_app_key", "ENABLEX_APP_KEY ", "ENABLEX_APPKEY"]
OTHER_LINES = [
    "# EnableX credentials", "", "   ", "ENABLEX_BASE_URL=http://api.enablex.io", "PORT=8080", "export PATH=$PATH:/x",
    "ENABLEX_APP_ID=", "ENABLEX_APP_KEY=", "DEBUG", "=value", "#ENABLEX_APP_KEY=old", "NAME=${ENABLEX_APP_ID}",
    "ENABLEX_APP_ID=your_app_id", "ENABLEX_APP_KEY=<app-key>", "KEY='multi", "line'",
]


@st.composite
def env_files(draw):
    """Build an env file that sets the App ID and App Key with typical mistakes.

    Returns the text and the strings that no message may contain.
    """
    app_id = draw(app_ids)
    app_key = draw(app_keys)
    sent_key = app_key
    if draw(st.booleans()):
        # A `$` at the start turns the key into a variable reference, which CRED208 shows as a placeholder.
        sent_key = insert_at(sent_key, draw(st.integers(1, 60)), draw(st.sampled_from(MISTAKE_CHARACTERS)))
    assume(not is_placeholder(sent_key))
    opening, closing = draw(st.sampled_from(QUOTES))
    export = draw(st.sampled_from(["", "", "export ", "export\t"]))
    around = draw(st.sampled_from(["=", "=", " = ", "= ", " ="]))
    comment = draw(st.sampled_from(["", "", " # production key", "\t# old", " #", "# glued"]))
    key_line = f"{export}{draw(st.sampled_from(KEY_NAMES))}{around}{opening}{sent_key}{closing}{comment}"
    id_quote = draw(st.sampled_from(["", '"', "'"]))
    id_line = f"ENABLEX_APP_ID={id_quote}{app_id}{id_quote}"

    lines = [id_line, key_line]
    if draw(st.booleans()):
        lines.append(key_line if draw(st.booleans()) else f"ENABLEX_APP_KEY={app_key[::-1]}")
    lines += draw(st.lists(st.sampled_from(OTHER_LINES), max_size=4))
    lines += draw(st.lists(st.text(max_size=30), max_size=2))
    lines = draw(st.permutations(lines))

    ending = draw(st.sampled_from(["\n", "\n", "\r\n", "\r", "\n\r"]))
    text = ending.join(lines) + draw(st.sampled_from(["", ending]))
    if draw(st.integers(0, 4)) == 0:
        text = "\ufeff" + text
    forbidden = forbidden_forms(app_id, app_key, sent_key) | forbidden_forms(app_id, app_key[::-1])
    return text, forbidden


def _check(text: str | bytes, forbidden: set[str]) -> None:
    secrets.clear()
    try:
        analysis = analyze_env_text(text, ".env")
    except CheckerError as error:
        assert isinstance(text, bytes), "CheckerError on text input"
        assert_error_is_clean(error, forbidden)
        return
    assert_no_secret(finding_texts(analysis.findings), forbidden)
    assert all(finding.code.startswith(("ENV", "CRED")) for finding in analysis.findings)


@given(env=env_files(), as_bytes=st.booleans())
def test_env_file_no_secret(env, as_bytes):
    text, forbidden = env
    _check(text.encode("utf-8") if as_bytes else text, forbidden)


@given(env=env_files(), position=st.integers(0, 400), junk=st.binary(min_size=1, max_size=4))
def test_env_bytes_with_junk(env, position, junk):
    text, forbidden = env
    data = text.encode("utf-8")
    position %= len(data) + 1
    _check(data[:position] + junk + data[position:], forbidden)


@given(text=st.text(max_size=300))
def test_env_any_text(text):
    _check(text, set())


@given(data=st.binary(max_size=300))
def test_env_any_bytes(data):
    _check(data, set())


@given(lines=st.lists(st.sampled_from(
    ["ENABLEX_APP_KEY=", "ENABLEX_APP_ID=", "export ", "=", "\"", "'", "#", "$", "${", "}", "\\", " ", "\t", "\r",
     "\n", "\ufeff", "“", "x", "A1"]), max_size=30))
def test_env_syntax_soup(lines):
    _check("".join(lines), set())
