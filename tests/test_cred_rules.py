"""Must-flag and must-not-flag tables for CRED201-213."""

import pytest

from checker.rules.cred import Conflict, check_pair

APP_ID = "5f1e99bf90ce3c3c0c52e646"
APP_KEY = "Ry3uEurydeSyTuReXaDuMe9u7ysasa"


def codes(app_id, app_key, **kwargs):
    return [finding.code for finding in check_pair(app_id, app_key, **kwargs)]


FLAG = [
    pytest.param(None, APP_KEY, {}, "CRED201", id="201-id-unset"),
    pytest.param("", APP_KEY, {}, "CRED201", id="201-id-empty"),
    pytest.param(APP_ID, None, {}, "CRED202", id="202-key-unset"),
    pytest.param(APP_ID, "", {}, "CRED202", id="202-key-empty"),
    pytest.param(APP_ID, APP_KEY + "\n", {}, "CRED203", id="203-trailing-lf"),
    pytest.param(APP_ID, APP_KEY + "\r", {}, "CRED203", id="203-trailing-cr"),
    pytest.param(" " + APP_ID, APP_KEY, {}, "CRED203", id="203-leading-space"),
    pytest.param(APP_ID, "\t" + APP_KEY, {}, "CRED203", id="203-leading-tab"),
    pytest.param(APP_ID, f'"{APP_KEY}"', {}, "CRED204", id="204-double-quotes"),
    pytest.param(f"'{APP_ID}'", APP_KEY, {}, "CRED204", id="204-single-quotes"),
    pytest.param(APP_ID, f"\u201c{APP_KEY}\u201d", {}, "CRED204", id="204-smart-double"),
    pytest.param(APP_ID, f"\u2018{APP_KEY}\u2019", {}, "CRED204", id="204-smart-single"),
    pytest.param(APP_ID, f"{APP_KEY}\"", {}, "CRED204", id="204-one-sided"),
    pytest.param(APP_ID, "Ry3uEury\u200bdeSyTuReXaDuMe9u7ysasa", {}, "CRED205", id="205-zwsp"),
    pytest.param(APP_ID, "\ufeff" + APP_KEY, {}, "CRED205", id="205-bom"),
    pytest.param(APP_ID, APP_KEY + "\u00a0", {}, "CRED205", id="205-nbsp"),
    pytest.param(APP_ID, "Ry3uEury\u00addeSyTuReXaDuMe9u7ysasa", {}, "CRED205", id="205-soft-hyphen"),
    pytest.param(APP_ID + "\u2060", APP_KEY, {}, "CRED205", id="205-word-joiner"),
    pytest.param(APP_ID, "Ry3uEurydeSyTuReXaDuMe9u7ys\u0430sa", {}, "CRED206", id="206-cyrillic-a"),
    pytest.param(APP_ID, "Ry3uEurydeSyTuReXaDuMe9u7ys\u00e9sa", {}, "CRED206", id="206-e-acute"),
    pytest.param(f"{APP_ID}:{APP_KEY}", APP_KEY, {}, "CRED207", id="207-pair-in-id"),
    pytest.param("your_app_id", APP_KEY, {}, "CRED208", id="208-your-app-id"),
    pytest.param(APP_ID, "YOUR_APP_KEY", {}, "CRED208", id="208-upper"),
    pytest.param("APP_ID", APP_KEY, {}, "CRED208", id="208-app-id"),
    pytest.param(APP_ID, "<app-key>", {}, "CRED208", id="208-angle"),
    pytest.param(APP_ID, "xxx", {}, "CRED208", id="208-xxx"),
    pytest.param(APP_ID, "xxxxxxxxxxxxxxxx", {}, "CRED208", id="208-many-x"),
    pytest.param(APP_ID, "changeme", {}, "CRED208", id="208-changeme"),
    pytest.param(APP_ID, "${ENABLEX_APP_KEY}", {}, "CRED208", id="208-unexpanded"),
    pytest.param(APP_ID, "{{app_key}}", {}, "CRED208", id="208-template"),
    pytest.param(APP_ID, APP_ID, {}, "CRED209", id="209-same"),
    pytest.param(APP_KEY, APP_ID, {}, "CRED210", id="210-swapped"),
    pytest.param(APP_ID.upper(), APP_KEY, {}, "CRED211", id="211-upper-hex-id"),
    pytest.param(APP_ID[:20], APP_KEY, {}, "CRED211", id="211-short-id"),
    pytest.param(APP_ID, APP_KEY[:12], {}, "CRED211", id="211-short-key"),
    pytest.param(APP_ID, APP_KEY + "-_!", {}, "CRED211", id="211-key-punctuation"),
    pytest.param(APP_ID, APP_KEY, {"key_on_command_line": "curl -u"}, "CRED212", id="212-command-line"),
    pytest.param(APP_ID, APP_KEY, {"conflicts": [Conflict("ENABLEX_APP_KEY", APP_KEY, APP_KEY[::-1], ".env")]},
                 "CRED213", id="213-disagree"),
]


@pytest.mark.parametrize(("app_id", "app_key", "extra", "code"), FLAG)
def test_rule_flags(app_id, app_key, extra, code):
    assert code in codes(app_id, app_key, **extra)


NOT_FLAG = [
    pytest.param(APP_ID, APP_KEY, {}, "CRED", id="good-pair-clean"),
    pytest.param(APP_ID, "Ry3uEurydeSyTuReXaDuMe9u7ysasaQ1w2E3r4", {}, "CRED211", id="40-char-key"),
    pytest.param(APP_ID, "R\"y3uEurydeSyTuReXaDuMe9u7ysasa", {}, "CRED204", id="quote-inside"),
    pytest.param(APP_ID, "yourself1234567890abcdefghijkl", {}, "CRED208", id="word-your-inside-key"),
    pytest.param(APP_ID, APP_KEY, {"from_header": True}, "CRED201", id="header-pair-not-missing"),
    pytest.param(None, None, {"from_header": True}, "CRED20", id="header-context-skips-missing"),
    pytest.param(APP_ID, APP_KEY, {"conflicts": []}, "CRED213", id="no-conflict"),
    pytest.param(APP_KEY, APP_ID, {}, "CRED211", id="swapped-not-also-unusual"),
    pytest.param(APP_ID, f"\u201c{APP_KEY}\u201d", {}, "CRED206", id="smart-quotes-not-non-ascii"),
    pytest.param(APP_ID, APP_KEY + "\u00a0", {}, "CRED206", id="nbsp-not-non-ascii"),
]


@pytest.mark.parametrize(("app_id", "app_key", "extra", "prefix"), NOT_FLAG)
def test_rule_does_not_flag(app_id, app_key, extra, prefix):
    assert [code for code in codes(app_id, app_key, **extra) if code.startswith(prefix)] == []


def test_invisible_character_reports_position_and_name():
    finding = next(f for f in check_pair(APP_ID, "Ry3uEury\u200bdeSy") if f.code == "CRED205")
    assert "U+200B ZERO WIDTH SPACE at position 9" in finding.message


def test_conflict_message_masks_both_keys():
    other = "Qw7eRt5yUi3oPa1sDf9gHj8kLz6xCv"
    finding = next(
        f for f in check_pair(APP_ID, APP_KEY, conflicts=[Conflict("ENABLEX_APP_KEY", APP_KEY, other, ".env")])
        if f.code == "CRED213"
    )
    assert APP_KEY not in finding.message
    assert other not in finding.message
    assert "sha256:" in finding.message
    assert "sees the environment's value" in finding.message
