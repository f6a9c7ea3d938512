"""Must-flag and must-not-flag tables for URL401-405."""

import pytest

from checker.rules.url import check_url, family_of_path, safe_url


def codes(url, **kwargs):
    return [finding.code for finding in check_url(url, **kwargs)]


FLAG = [
    pytest.param("http://api.enablex.io/voice/v1/call", "URL401", id="401-http"),
    pytest.param("HTTP://api.enablex.io/voice/v1/call", "URL401", id="401-upper-scheme"),
    pytest.param("https://5f1e:Ry3u@api.enablex.io/voice/v1/call", "URL402", id="402-userinfo"),
    pytest.param("https://user@api.enablex.io/voice/v1/call", "URL402", id="402-user-only"),
    pytest.param("https://api-qa.enablex.io/voice/v1/call", "URL403", id="403-qa"),
    pytest.param("https://api.enablx.io/voice/v1/call", "URL403", id="403-typo"),
    pytest.param("https://enablex.io/voice/v1/call", "URL403", id="403-apex"),
    pytest.param("https://api.enablex.io/v1/voice/call", "URL404", id="404-swapped-segments"),
    pytest.param("https://api.enablex.io/voice/v2/call", "URL404", id="404-version"),
    pytest.param("https://api.enablex.io:8443/voice/v1/call", "URL405", id="405-port"),
]


@pytest.mark.parametrize(("url", "code"), FLAG)
def test_rule_flags(url, code):
    assert code in codes(url)


NOT_FLAG = [
    pytest.param("https://api.enablex.io/voice/v1/call", "URL", id="call"),
    pytest.param("https://api.enablex.io/voice/v1/calls", "URL", id="calls"),
    pytest.param("https://api.enablex.io/voice/v1/broadcast", "URL", id="broadcast"),
    pytest.param("https://api.enablex.io/voice/v1/call/abc123/stream", "URL", id="stream"),
    pytest.param("https://api.enablex.io/voice/v1/webclient/token", "URL", id="token"),
    pytest.param("https://api.enablex.io:443/voice/v1/call", "URL405", id="explicit-443"),
    pytest.param("https://127.0.0.1:8443/voice/v1/call", "URL", id="loopback-sandbox"),
    pytest.param("https://localhost:9000/voice/v1/call", "URL", id="localhost"),
    pytest.param("https://API.ENABLEX.IO/voice/v1/call", "URL403", id="host-case"),
    pytest.param("not a url", "URL", id="garbage-ignored"),
    pytest.param("https://api.enablex.io:99999/x", "URL", id="bad-port-ignored"),
]


@pytest.mark.parametrize(("url", "prefix"), NOT_FLAG)
def test_rule_does_not_flag(url, prefix):
    assert [code for code in codes(url) if code.startswith(prefix)] == []


def test_base_url_skips_path_rule():
    assert "URL404" not in codes("https://api.enablex.io", is_base=True)
    assert "URL404" in codes("https://api.enablex.io/")


def test_userinfo_is_masked_in_message():
    finding = check_url("https://5f1e99bf90ce3c3c0c52e646:Ry3uEurydeSyTuReXaDuMe9u7ysasa@api.enablex.io/voice/v1/call")[0]
    assert "Ry3uEury" not in finding.message
    assert "***@api.enablex.io" in finding.message


def test_safe_url_and_families():
    assert safe_url("https://a:b@h/x") == "https://***@h/x"
    assert family_of_path("/voice/v1/call/xyz/stream") == "streaming"
    assert family_of_path("/voice/v1/broadcast") == "broadcast"
    assert family_of_path("/voice/v1/webclient/token") == "token"
    assert family_of_path("/v1/voice") is None
