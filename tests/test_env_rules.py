"""Must-flag and must-not-flag tables for ENV301-307, and the loader views."""

import pytest

from checker.envfile import analyze_env_text, dotenv_view
from checker.errors import CheckerError

GOOD = "ENABLEX_APP_ID=5f1e99bf90ce3c3c0c52e646\nENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa\n"


def codes(text):
    return [finding.code for finding in analyze_env_text(text, ".env").findings]


FLAG = [
    pytest.param("\ufeff" + GOOD, "ENV301", id="301-bom"),
    pytest.param(GOOD.replace("\n", "\r\n"), "ENV302", id="302-crlf"),
    pytest.param("ENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa # prod\n", "ENV303", id="303-inline-comment"),
    pytest.param("ENABLEX_APP_KEY=Ry3uEury$deSyTuReXaDuMe9u7ysasa\n", "ENV304", id="304-dollar-unquoted"),
    pytest.param("ENABLEX_APP_KEY=\"Ry3uEury${X}deSy\"\n", "ENV304", id="304-dollar-double-quoted"),
    pytest.param("ENABLEX_APP_KEY=\"Ry3uEurydeSyTuReXaDuMe9u7ysasa\"\n", "ENV305", id="305-double-quotes"),
    pytest.param("ENABLEX_APP_KEY='Ry3uEurydeSyTuReXaDuMe9u7ysasa'\n", "ENV305", id="305-single-quotes"),
    pytest.param("export ENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa\n", "ENV306", id="306-export"),
    pytest.param(GOOD + "ENABLEX_APP_KEY=Qw7eRt5yUi3oPa1sDf9gHj8kLz6xCv\n", "ENV307", id="307-duplicate"),
    pytest.param("ENABLEX_APP_KEY=\u201cRy3uEurydeSyTuReXaDuMe9u7ysasa\u201d\n", "CRED204", id="cred-smart-quotes"),
    pytest.param("ENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa  \n", "ENV308", id="308-trailing-spaces"),
    pytest.param("ENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa\t\r\n", "ENV308", id="308-trailing-tab-crlf"),
]


@pytest.mark.parametrize(("text", "code"), FLAG)
def test_rule_flags(text, code):
    assert code in codes(text)


NOT_FLAG = [
    pytest.param(GOOD, "ENV", id="clean-file"),
    pytest.param(GOOD, "CRED", id="clean-values"),
    pytest.param("# comment line\n" + GOOD, "ENV303", id="full-line-comment"),
    pytest.param("ENABLEX_APP_KEY='Ry3u$Eury'\n", "ENV304", id="dollar-single-quoted"),
    pytest.param("DATABASE_URL=\"postgres://u:p@db/x\"\n" + GOOD, "ENV305", id="other-variable-quoted"),
    pytest.param("export PATH=/usr/bin\n" + GOOD, "ENV306", id="other-variable-exported"),
    pytest.param("ENABLEX_APP_KEY=Ry3uEury#deSy\n", "ENV303", id="hash-without-space"),
    pytest.param(GOOD, "ENV307", id="no-duplicate"),
    pytest.param("ENABLEX_APP_ID=5f1e99bf90ce3c3c0c52e646\n", "CRED202", id="key-missing-from-file-not-flagged"),
    pytest.param("ENABLEX_APP_KEY=\"Ry3uEurydeSyTuReXaDuMe9u7ysasa\"  \n", "ENV308", id="quoted-value-trailing-space"),
    pytest.param("ENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa # note\n", "ENV308", id="comment-not-trailing-space"),
    pytest.param(GOOD.replace("\n", "\r\n"), "ENV308", id="crlf-alone"),
]


@pytest.mark.parametrize(("text", "prefix"), NOT_FLAG)
def test_rule_does_not_flag(text, prefix):
    assert [code for code in codes(text) if code.startswith(prefix)] == []


def test_duplicate_key_names_the_winner():
    text = GOOD + "ENABLEX_APP_KEY=Qw7eRt5yUi3oPa1sDf9gHj8kLz6xCv\n"
    finding = next(f for f in analyze_env_text(text, ".env").findings if f.code == "ENV307")
    assert "lines 2, 3" in finding.message
    assert "line 3" in finding.message
    assert finding.location.line == 3


def test_dotenv_view_strips_quotes_and_crlf():
    values = dotenv_view("ENABLEX_APP_KEY=\"abc\"\r\nENABLEX_APP_ID=def\r\n")
    assert values == {"ENABLEX_APP_KEY": "abc", "ENABLEX_APP_ID": "def"}


def test_docker_view_keeps_quotes():
    analysis = analyze_env_text("ENABLEX_APP_KEY=\"abc\"\n", ".env")
    assert analysis.raw_values["ENABLEX_APP_KEY"] == "\"abc\""


def test_bom_is_skipped_by_dotenv_and_docker():
    analysis = analyze_env_text("\ufeff" + GOOD, ".env")
    assert "ENABLEX_APP_ID" in analysis.values
    assert "ENABLEX_APP_ID" in analysis.raw_values


@pytest.mark.parametrize("data", [b"\xff\xfeE\x00N\x00", b"ENABLEX_APP_KEY=\xe9t\xe9\n"])
def test_non_utf8_bytes_raise_one_clear_error(data):
    with pytest.raises(CheckerError, match="UTF"):
        analyze_env_text(data, ".env")
