"""Must-flag and must-not-flag tables for AUTH101-117 on header values."""

import base64

import pytest

from checker.header import check_header_values, parse_header

APP_ID = "5f1e99bf90ce3c3c0c52e646"
APP_KEY = "Ry3uEurydeSyTuReXaDuMe9u7ysasa"
OTHER_KEY = "Zx8pQm2vLt6nWk4rYh7sBc1dFg9jKa"


def b64(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return base64.b64encode(data).decode("ascii")


GOOD = "Basic " + b64(f"{APP_ID}:{APP_KEY}")
GOOD_TOKEN = b64(f"{APP_ID}:{APP_KEY}")
LONG_TOKEN = b64(f"{APP_ID}:{APP_KEY}XXXXXXXXXXXXXXXXXXXXXXXXX")


def codes(values, expected=None):
    return [finding.code for finding in check_header_values(values, expected=expected).findings]


FLAG = [
    pytest.param([], "AUTH101", id="101-no-header"),
    pytest.param(["Bearer " + APP_KEY], "AUTH102", id="102-bearer-raw-key"),
    pytest.param(["Bearer " + GOOD_TOKEN], "AUTH102", id="102-bearer-with-basic-token"),
    pytest.param(["Token " + APP_KEY], "AUTH102", id="102-token-scheme"),
    pytest.param(["ApiKey " + APP_KEY], "AUTH102", id="102-apikey-scheme"),
    pytest.param(["Digest username=\"x\""], "AUTH102", id="102-digest"),
    pytest.param(["basic " + GOOD_TOKEN], "AUTH103", id="103-lowercase"),
    pytest.param(["BASIC " + GOOD_TOKEN], "AUTH103", id="103-uppercase"),
    pytest.param(["Basic:" + GOOD_TOKEN], "AUTH103", id="103-colon"),
    pytest.param(["Basic=" + GOOD_TOKEN], "AUTH103", id="103-equals"),
    pytest.param(["Basic  " + GOOD_TOKEN], "AUTH103", id="103-double-space"),
    pytest.param(["Basic" + GOOD_TOKEN], "AUTH103", id="103-no-space"),
    pytest.param(["Basic\u00a0" + GOOD_TOKEN], "AUTH103", id="103-nbsp"),
    pytest.param(["Basic Basic " + GOOD_TOKEN], "AUTH103", id="103-doubled-scheme"),
    pytest.param([GOOD_TOKEN], "AUTH103", id="103-no-scheme-word"),
    pytest.param(["Basic " + GOOD_TOKEN[:10] + "\u2026" + GOOD_TOKEN[10:]], "AUTH104", id="104-ellipsis"),
    pytest.param(["Basic " + GOOD_TOKEN[:10] + "*" + GOOD_TOKEN[11:]], "AUTH104", id="104-asterisk"),
    pytest.param(["Basic \"" + GOOD_TOKEN + "\""], "AUTH104", id="104-quoted-token"),
    pytest.param(["Basic " + base64.urlsafe_b64encode(b"5f1e99bf90ce3c3c0c52e646:Ry3u>>>??~~").decode()], "AUTH105", id="105-urlsafe"),
    pytest.param(["Basic " + GOOD_TOKEN.rstrip("=")], "AUTH106", id="106-missing-padding"),
    pytest.param(["Basic " + GOOD_TOKEN + "="], "AUTH106", id="106-extra-padding"),
    pytest.param(["Basic " + GOOD_TOKEN[:8] + "=" + GOOD_TOKEN[8:]], "AUTH106", id="106-padding-inside"),
    pytest.param(["Basic " + LONG_TOKEN[:76] + "\n" + LONG_TOKEN[76:]], "AUTH107", id="107-lf-wrap"),
    pytest.param(["Basic " + LONG_TOKEN[:76] + "\r\n " + LONG_TOKEN[76:]], "AUTH107", id="107-crlf-fold"),
    pytest.param(["Basic " + GOOD_TOKEN[:20] + " " + GOOD_TOKEN[20:]], "AUTH107", id="107-space"),
    pytest.param([f"Basic {APP_ID}:{APP_KEY}"], "AUTH108", id="108-raw-pair"),
    pytest.param([f"Basic {APP_ID}:"], "AUTH108", id="108-raw-id-only"),
    pytest.param(["Basic " + b64(APP_ID + APP_KEY)], "AUTH109", id="109-concatenated"),
    pytest.param(["Basic " + b64(APP_ID + " " + APP_KEY)], "AUTH109", id="109-space-joined"),
    pytest.param(["Basic " + b64(APP_ID + ";" + APP_KEY)], "AUTH109", id="109-semicolon-joined"),
    pytest.param(["Basic " + b64(f"{APP_ID}:{APP_KEY}\n")], "AUTH110", id="110-lf"),
    pytest.param(["Basic " + b64(f"{APP_ID}:{APP_KEY}\r\n")], "AUTH110", id="110-crlf"),
    pytest.param(["Basic " + b64(f"{APP_ID}:Ry3u\tEurydeSyTuReXaDuMe9u7ysasa")], "AUTH111", id="111-tab"),
    pytest.param(["Basic " + b64(f"{APP_ID}:{APP_KEY}\r")], "AUTH110", id="110-lone-cr"),
    pytest.param(["Basic " + b64(f"{APP_ID}\x00:{APP_KEY}")], "AUTH111", id="111-nul"),
    pytest.param(["Basic " + b64(f"{APP_ID}\r:{APP_KEY}")], "AUTH111", id="111-cr-in-id"),
    pytest.param(["Basic " + b64("undefined:undefined")], "AUTH112", id="112-undefined"),
    pytest.param(["Basic " + b64("null:null")], "AUTH112", id="112-null"),
    pytest.param(["Basic " + b64("None:None")], "AUTH112", id="112-none"),
    pytest.param(["Basic " + b64("nil:nil")], "AUTH112", id="112-nil"),
    pytest.param(["Basic " + b64(":")], "AUTH112", id="112-colon-only"),
    pytest.param(["Basic " + b64(f"{APP_ID}:")], "AUTH112", id="112-empty-key"),
    pytest.param(["Basic " + b64(f":{APP_KEY}")], "AUTH112", id="112-empty-id"),
    pytest.param(["Basic " + b64("${ENABLEX_APP_ID}:${ENABLEX_APP_KEY}")], "AUTH112", id="112-unexpanded"),
    pytest.param(["Basic "], "AUTH112", id="112-empty-token"),
    pytest.param(["Basic " + b64(GOOD_TOKEN)], "AUTH113", id="113-double"),
    pytest.param(["Basic " + b64(f"{APP_ID}%3A{APP_KEY}:x")], "AUTH114", id="114-percent-colon"),
    pytest.param(["Basic " + b64(f"{APP_ID}:Ry3uEury%2BdeSyTuReXaDuMe9u7ysasa")], "AUTH114", id="114-percent-plus"),
    pytest.param([GOOD, GOOD], "AUTH115", id="115-two-headers"),
    pytest.param(["Basic " + b64(f"{APP_ID}:Ry3u\u00e9".encode("latin-1"))], "AUTH116", id="116-latin1"),
    pytest.param(["Basic " + b64(b"5f1e99bf90ce3c3c0c52e646:\xff\xfe")], "AUTH116", id="116-binary"),
]


@pytest.mark.parametrize(("values", "code"), FLAG)
def test_rule_flags(values, code):
    assert code in codes(values)


NOT_FLAG = [
    pytest.param([GOOD], "AUTH1", id="good-header-no-auth-finding"),
    pytest.param([GOOD + "  "], "AUTH1", id="trailing-space-after-token-trimmed"),
    pytest.param(["Basic " + b64(f"{APP_ID}:{APP_KEY}==")], "AUTH106", id="key-ending-with-equals-is-fine"),
    pytest.param(["Basic " + b64(f"{APP_ID}:Ry3u+Eury/deSy")], "AUTH105", id="standard-alphabet"),
    pytest.param([GOOD], "AUTH113", id="single-encoded"),
    pytest.param(["Basic " + b64(f"{APP_ID}:{APP_KEY}%")], "AUTH114", id="lone-percent"),
    pytest.param(["Basic " + b64(f"{APP_ID}:k\u00e9y1234567890123456789012")], "AUTH116", id="utf8-non-ascii"),
    pytest.param(["Basic " + b64(f"{APP_ID}:{APP_KEY}")], "AUTH109", id="has-colon"),
    pytest.param(["Basic " + b64(f"{APP_ID}:{APP_KEY}:extra")], "AUTH109", id="key-with-colon"),
    pytest.param(["Bearer " + APP_KEY], "AUTH103", id="bearer-is-not-a-spelling-problem"),
    pytest.param(["Basic " + b64(f"{APP_ID}:{APP_KEY}")], "AUTH112", id="values-set"),
]


@pytest.mark.parametrize(("values", "prefix"), NOT_FLAG)
def test_rule_does_not_flag(values, prefix):
    assert [code for code in codes(values) if code.startswith(prefix)] == []


def test_good_header_has_no_error_at_all():
    result = check_header_values([GOOD])
    assert [finding for finding in result.findings if finding.is_error] == []
    assert result.credentials == (APP_ID, APP_KEY)


def test_mismatch_flags_other_key_by_fingerprint():
    assert "AUTH117" in codes([GOOD], expected=(APP_ID, OTHER_KEY))
    assert "AUTH117" not in codes([GOOD], expected=(APP_ID, APP_KEY))


def test_mismatch_flags_other_app_id():
    assert "AUTH117" in codes([GOOD], expected=("000000000000000000000000", APP_KEY))


def test_wrapped_token_still_decodes_and_checks_the_key():
    value = "Basic " + LONG_TOKEN[:76] + "\n" + LONG_TOKEN[76:]
    result = check_header_values([value])
    assert result.credentials is not None
    assert result.credentials[0] == APP_ID


def test_bearer_with_basic_token_says_already_encoded():
    result = check_header_values(["Bearer " + GOOD_TOKEN])
    message = next(f.message for f in result.findings if f.code == "AUTH102")
    assert "already base64 of id:key" in message


def test_bearer_raw_key_shows_fingerprint():
    result = check_header_values(["Bearer " + APP_KEY])
    message = next(f.message for f in result.findings if f.code == "AUTH102")
    assert "raw App Key" in message
    assert APP_KEY not in message


def test_trailing_newline_names_the_character():
    result = check_header_values(["Basic " + b64(f"{APP_ID}:{APP_KEY}\n")])
    message = next(f.message for f in result.findings if f.code == "AUTH110")
    assert message.startswith("U+000A LINE FEED at the end of the decoded value")


def test_control_character_says_which_part():
    result = check_header_values(["Basic " + b64(f"{APP_ID}:Ry3u\tEury")])
    message = next(f.message for f in result.findings if f.code == "AUTH111")
    assert "U+0009 CHARACTER TABULATION" in message
    assert "in the App Key, at its position 5" in message


def test_invalid_character_position_is_one_based():
    token = GOOD_TOKEN[:10] + "*" + GOOD_TOKEN[11:]
    result = check_header_values(["Basic " + token])
    message = next(f.message for f in result.findings if f.code == "AUTH104")
    assert "U+002A ASTERISK at position 11" in message


def test_no_message_contains_a_secret():
    values = [
        "Basic " + b64(f"{APP_ID}:{APP_KEY}\n"), f"Basic {APP_ID}:{APP_KEY}", "Bearer " + APP_KEY,
        "Basic " + b64(GOOD_TOKEN), "basic " + GOOD_TOKEN, "Basic " + b64(APP_ID + APP_KEY),
    ]
    for value in values:
        for finding in check_header_values([value], expected=(APP_ID, OTHER_KEY)).findings:
            text = " ".join([finding.message, finding.cause, finding.fix, finding.evidence or ""])
            assert APP_KEY not in text
            assert GOOD_TOKEN.rstrip("=") not in text
            assert OTHER_KEY not in text


@pytest.mark.parametrize("value", [
    "", " ", "Basic", "Basic ====", "Basic =", "Basic a", "\x00\x01", "Basic " + "A" * 5,
    "Basic \u202e\u200b", "Bearer", ":::", "Basic YQ", "Basic " + b64(b"\xff" * 3),
])
def test_parser_never_raises(value):
    parse_header(value)
    check_header_values([value])
