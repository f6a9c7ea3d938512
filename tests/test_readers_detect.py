"""Splitting a paste into pieces of one kind each."""

from __future__ import annotations

import pytest

from checker.readers.decode import decode_text
from checker.readers.detect import split_pieces
from checker.errors import CheckerError

TOKEN = "NjRhMWYwYzJiN2U5NGQzYThjNWUxZjI3OlFtN1p0Mkx4VmI5TmNSNHNXcDhZaEszZEZqNkd1RQ=="


def kinds(text: str) -> list[tuple[str, int]]:
    return [(piece.kind, piece.line) for piece in split_pieces(text)]


@pytest.mark.parametrize("text, expected", [
    pytest.param(f"Authorization: Basic {TOKEN}", [("header", 1)], id="header-line"),
    pytest.param(f"  - authorization : Basic {TOKEN}", [("header", 1)], id="header-bullet"),
    pytest.param(f"our token is Basic {TOKEN} and it fails", [("header", 1)], id="bare-basic"),
    pytest.param("curl -u a:b https://api.enablex.io/voice/v1/call", [("curl", 1)], id="curl"),
    pytest.param("$ curl -u a:b \\\n  https://api.enablex.io/voice/v1/call", [("curl", 1)], id="curl-prompt"),
    pytest.param("> GET /voice/v1/call HTTP/1.1\n> Host: api.enablex.io\n>\n< HTTP/1.1 403 Forbidden\n<",
                 [("transcript", 1)], id="curl-verbose"),
    pytest.param("HTTP/1.1 403 Forbidden\nContent-Type: application/json\n\n{\"result\": 403}",
                 [("http", 1)], id="response"),
    pytest.param("ENABLEX_APP_ID=abc\nENABLEX_APP_KEY=def\n", [("env", 1)], id="env"),
    pytest.param("export ENABLEX_APP_KEY=def\n", [("env", 1)], id="env-export"),
    pytest.param("{\"result\": 401, \"msg\": \"Unauthorized\"}", [("json", 1)], id="json-body"),
    pytest.param("curl: (60) SSL certificate problem: unable to get local issuer certificate", [("error", 1)],
                 id="curl-error"),
    pytest.param("import base64\ntoken = base64.b64encode(b'x')\n", [("code", 1)], id="python"),
    pytest.param("Hello, calls fail. Please help.\nThanks", [], id="prose"),
])
def test_single_kind(text, expected):
    assert kinds(text) == expected


def test_email_mixing_kinds():
    text = (
        "Hi team,\n"
        "\n"
        "our env file:\n"
        "ENABLEX_APP_ID=64a1f0c2b7e94d3a8c5e1f27\n"
        "ENABLEX_APP_KEY=secret\n"
        "\n"
        "and the call:\n"
        "curl -s https://api.enablex.io/voice/v1/call \\\n"
        "  -u \"$ENABLEX_APP_ID:$ENABLEX_APP_KEY\"\n"
        "\n"
        "HTTP/1.1 401 Unauthorized\n"
        "WWW-Authenticate: Basic realm=\"EnableX API\"\n"
        "\n"
        "{\"result\": 401, \"msg\": \"Unauthorized\"}\n"
        "\n"
        "Thanks, Ana\n"
    )

    assert kinds(text) == [("env", 4), ("curl", 8), ("http", 11)]


def test_request_then_response():
    text = "GET /voice/v1/call HTTP/1.1\nHost: api.enablex.io\n\nHTTP/1.1 403 Forbidden\n\n{\"result\":403}"

    assert kinds(text) == [("http", 1), ("http", 4)]


def test_wrapped_token_joined():
    first, rest = TOKEN[:76], TOKEN[76:]
    pieces = split_pieces(f"Authorization: Basic {first}\n{rest}\nThanks")

    assert [piece.kind for piece in pieces] == ["header"]
    assert pieces[0].text.endswith(rest)


def test_email_quote_peeled():
    pieces = split_pieces(f"See below.\n> Authorization: Basic {TOKEN}\n> thanks")

    assert [(piece.kind, piece.line) for piece in pieces] == [("header", 2)]
    assert pieces[0].text.startswith("Authorization")


def test_fenced_block_language():
    text = "Our code:\n```php\n<?php\n$auth = base64_encode($id . $key);\n```\nthanks"

    pieces = split_pieces(text)

    assert [(piece.kind, piece.line, piece.language) for piece in pieces] == [("code", 3, "php")]


def test_fenced_shell_block_yields_curl():
    text = "```bash\ncurl -u \"$ENABLEX_APP_ID:$ENABLEX_APP_KEY\" https://api.enablex.io/voice/v1/call\n```"

    assert "curl" in [piece.kind for piece in split_pieces(text)]


def test_curl_with_open_quote_spans_lines():
    text = "curl -H 'Authorization: Basic\n abc' https://api.enablex.io/voice/v1/call\nThanks"

    pieces = split_pieces(text)

    assert pieces[0].kind == "curl"
    assert pieces[0].last_line == 2


def test_har_detected_whole():
    assert kinds('{\n  "log": {"version": "1.2", "entries": []}\n}') == [("har", 1)]


def test_kind_override():
    assert [piece.kind for piece in split_pieces("anything at all", "env")] == ["env"]


def test_crlf_kept_for_env():
    pieces = split_pieces("ENABLEX_APP_ID=a\r\nENABLEX_APP_KEY=b\r\n")

    assert "\r\n" in pieces[0].text


def test_decode_keeps_utf8_bom():
    assert decode_text("\ufeffA=1".encode("utf-8"), "x").startswith("\ufeff")


def test_decode_utf16_without_bom():
    assert decode_text("Authorization: x".encode("utf-16-le"), "x") == "Authorization: x"


def test_decode_rejects_nul():
    with pytest.raises(CheckerError, match="NUL byte at offset 1"):
        decode_text(b"a\x00bcdef", "x")


ERROR_SAMPLES = [
    "curl: (60) SSL certificate problem: unable to get local issuer certificate",
    "curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to api.enablex.io:443",
    "curl: (51) SSL: no alternative certificate subject name matches target host name 'api.enablex.io'",
    "curl: (6) Could not resolve host: api.enablex.io",
    "curl: (7) Failed to connect to api.enablex.io port 443 after 3 ms: Connection refused",
    "curl: (28) Operation timed out after 10001 milliseconds with 0 bytes received",
    "requests.exceptions.SSLError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self signed certificate",
    "urllib3.exceptions.NameResolutionError: Failed to resolve 'api.enablex.io'",
    "requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.enablex.io', port=443): Read timed out.",
    "Error: unable to verify the first certificate",
    "Error: getaddrinfo ENOTFOUND api.enablex.io",
    "Error: connect ECONNREFUSED 127.0.0.1:443",
    "Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames",
    "code: 'CERT_HAS_EXPIRED'",
    "net::ERR_CERT_AUTHORITY_INVALID",
    "NET::ERR_CERT_DATE_INVALID",
    "SEC_ERROR_UNKNOWN_ISSUER",
    "javax.net.ssl.SSLHandshakeException: PKIX path building failed",
    "x509: certificate signed by unknown authority",
    "cURL error 60: SSL certificate problem: certificate has expired",
    "The remote certificate is invalid according to the validation procedure.",
    "OpenSSL::SSL::SSLError: SSL_connect returned=1 errno=0 state=error: certificate verify failed",
    "ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)",
    "context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
]


@pytest.mark.parametrize("line", ERROR_SAMPLES)
def test_client_error_recognised(line):
    from checker.readers import messages

    assert messages.is_error_line(line)
    assert messages.find_client_errors(line)


def test_error_prefilter_agrees_with_full_expression():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from checker.readers import messages

    fragments = st.sampled_from(ERROR_SAMPLES + ["hello", "the key", "Connection: keep-alive", "valid JSON", " "])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(fragments, max_size=3).map(" ".join), st.text(max_size=20))
    def check(line, noise):
        text = line + noise
        assert messages.is_error_line(text) == bool(messages._any_pattern().search(text))

    check()


def test_code_prefilter_agrees_with_full_expression():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from checker.readers import code

    pieces = st.sampled_from([
        "import os", "from a import b", "def f(x):", "const a = 1", "require('x')", "fetch(url)", "<?php",
        "$ch = curl_init()", "Base64.encode64(x)", "Net::HTTP.get", "ENV['A']", "public class A", "String s = x",
        "export A=$B", "X=$(date)", "echo a | base64", "printf '%s'", "func main() {", "Convert.ToBase64String(b)",
        "puts x", "Thanks for the help", "we call the API", " ",
    ])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(pieces, max_size=3).map(" ".join), st.text(max_size=10))
    def check(line, noise):
        text = noise + line
        assert code.has_code_marker(text) == bool(code._ANY_MARKER.search(text))

    check()
