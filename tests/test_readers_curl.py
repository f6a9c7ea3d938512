"""curl commands as a POSIX shell splits them, and credentials the shell would change (SRC612)."""

from __future__ import annotations

import pytest

from checker.diagnose.shell import changed_credentials
from checker.readers.curl import parse_curl
from checker.readers.shellwords import UnbalancedQuote, split_words

APP_ID = "64a1f0c2b7e94d3a8c5e1f27"


def test_multiline_command():
    command = parse_curl(
        "curl -X POST \\\n"
        "  https://api.enablex.io/voice/v1/call \\\n"
        "  --user 'a:b' \\\n"
        "  --header \"Content-Type: application/json\" \\\n"
        "  -d '{\"x\": 1}'\n",
        line=7,
    )

    assert command.urls == ["https://api.enablex.io/voice/v1/call"]
    assert command.method == "POST"
    assert command.user_option.value == "a:b"
    assert command.line_of(command.user_option.word) == 9
    assert command.headers == [("Content-Type", "application/json")]
    assert command.body == '{"x": 1}'


@pytest.mark.parametrize("text, user", [
    pytest.param("curl -u a:b https://x", "a:b", id="short"),
    pytest.param("curl -ua:b https://x", "a:b", id="short-attached"),
    pytest.param("curl --user=a:b https://x", "a:b", id="long-equals"),
    pytest.param("curl -sSLu a:b https://x", "a:b", id="cluster"),
    pytest.param("curl -u a:old -u a:new https://x", "a:new", id="last-wins"),
])
def test_user_spellings(text, user):
    assert parse_curl(text).user_option.value == user


def test_flags_and_values():
    command = parse_curl("curl -kL -H 'Authorization: Basic abc' -o out.json --url https://x -G https://y")

    assert command.has("insecure")
    assert command.has("location")
    assert command.urls == ["https://x", "https://y"]
    assert command.method == "GET"
    assert command.headers == [("Authorization", "Basic abc")]


def test_digest_scheme():
    assert parse_curl("curl --digest -u a:b https://x").auth_scheme == "digest"


def test_unbalanced_quote_noted():
    command = parse_curl("curl -u 'a:b https://x", line=3)

    assert command.problems
    assert "line 3, column 9" in command.problems[0]
    assert command.user_option.value == "a:b https://x"


def test_split_words_raises_on_open_quote():
    with pytest.raises(UnbalancedQuote) as error:
        split_words('echo "abc')
    assert error.value.offset == 5


def test_raw_span_kept():
    words = split_words("curl  -u \"a:b$c\"\\\n -k")

    assert [word.value for word in words] == ["curl", "-u", "a:b$c", "-k"]
    assert words[2].raw == '"a:b$c"'


@pytest.mark.parametrize("raw", [
    pytest.param(f'"{APP_ID}:Ry3u$EurydeSy"', id="dollar-double-quotes"),
    pytest.param(f"{APP_ID}:Ry3u$EurydeSy", id="dollar-unquoted"),
    pytest.param(f'"{APP_ID}:Ry3u!EurydeSy"', id="bang-double-quotes"),
    pytest.param(f'"{APP_ID}:Ry3u`x`EurydeSy"', id="backtick"),
    pytest.param(f'"{APP_ID}:Ry3u$(date)Sy"', id="command-substitution"),
    pytest.param(f'"{APP_ID}:Ry3u$1Sy"', id="positional"),
])
def test_expansion_flagged(raw):
    value = split_words(raw)[0].value

    changed = changed_credentials(value, raw)

    assert [item.part for item in changed] == ["App Key"]
    assert changed[0].position == 5


@pytest.mark.parametrize("raw", [
    pytest.param(f"'{APP_ID}:Ry3u$EurydeSy'", id="single-quotes"),
    pytest.param(f'"{APP_ID}:Ry3u\\$EurydeSy"', id="escaped"),
    pytest.param('"$ENABLEX_APP_ID:$ENABLEX_APP_KEY"', id="variables"),
    pytest.param('"${ENABLEX_APP_ID}:${ENABLEX_APP_KEY}"', id="braced-variables"),
    pytest.param(f'"{APP_ID}:$(cat key.txt)"', id="key-from-file"),
    pytest.param(f'"{APP_ID}:Ry3u!"', id="bang-at-end"),
    pytest.param(f'"{APP_ID}:Ry3u$"', id="dollar-at-end"),
])
def test_expansion_not_flagged(raw):
    value = split_words(raw)[0].value

    assert changed_credentials(value, raw) == []


def test_expansion_in_app_id():
    raw = '"64a1f0c2$b7e94d3a8c5e1f27:key"'

    changed = changed_credentials(split_words(raw)[0].value, raw)

    assert [(item.part, item.position) for item in changed] == [("App ID", 9)]
    assert "U+0024 DOLLAR SIGN" in changed[0].describe()


def test_shell_hits_for_scanned_file():
    from checker.rules.shell import shell_expansion_hits
    from checker.scan.source import SourceFile

    text = ("#!/bin/sh\n# place a call\ncurl -s \\\n"
            f'  -u "{APP_ID}:Ry3u$EurydeSy" https://api.enablex.io/voice/v1/call\n'
            "curl -u \"$ENABLEX_APP_ID:$ENABLEX_APP_KEY\" https://api.enablex.io/voice/v1/call\n")

    hits = list(shell_expansion_hits(SourceFile.from_text("deploy.sh", text)))

    assert [hit.location.line for hit in hits] == [4]
    assert "U+0024 DOLLAR SIGN" in hits[0].message
    assert "Ry3u" not in hits[0].message


def test_shell_hits_skip_other_files():
    from checker.rules.shell import shell_expansion_hits
    from checker.scan.source import SourceFile

    text = f'curl -u "{APP_ID}:Ry3u$EurydeSy" https://api.enablex.io/voice/v1/call\n'

    assert list(shell_expansion_hits(SourceFile.from_text("client.py", text))) == []


def test_shell_module_registers_nothing():
    import checker.rules  # noqa: F401  (declares SRC612 in checker.rules.src)
    import checker.rules.shell  # noqa: F401  (must not declare it again)

    from checker.registry import get

    assert get("SRC612").name == "shell-expansion"
