"""curl -v transcripts, raw HTTP messages and HAR files."""

from __future__ import annotations

import json

import pytest

from checker import secrets
from checker.errors import CheckerError
from checker.readers.har import load_har
from checker.readers.transcript import pair_messages, parse_http, parse_transcript

TOKEN = "NjRhMWYwYzJiN2U5NGQzYThjNWUxZjI3OlFtN1p0Mkx4VmI5TmNSNHNXcDhZaEszZEZqNkd1RQ=="
APP_KEY = "Qm7Zt2LxVb9NcR4sWp8YhK3dFj6GuE"


def test_transcript_with_redirect_and_body():
    text = (
        "* Connected to api.enablex.io (127.0.0.1) port 443\n"
        "> GET /voice/v1/call HTTP/1.1\n"
        "> Host: api.enablex.io\n"
        f"> Authorization: Basic {TOKEN}\n"
        ">\n"
        "< HTTP/1.1 301 Moved Permanently\n"
        "< Location: https://api.enablex.io/voice/v1/call/\n"
        "<\n"
        "* Issue another request to this URL: 'https://api.enablex.io/voice/v1/call/'\n"
        "> GET /voice/v1/call/ HTTP/1.1\n"
        "> Host: api.enablex.io\n"
        ">\n"
        "< HTTP/1.1 401 Unauthorized\n"
        "< WWW-Authenticate: Basic realm=\"EnableX API\"\n"
        "<\n"
        "{\"result\":401,\"msg\":\"Unauthorized\"}\n"
    )

    exchanges = parse_transcript(text, first_line=10)

    assert len(exchanges) == 2
    assert exchanges[0].request.url == "https://api.enablex.io/voice/v1/call"
    assert exchanges[0].request.header("Authorization") == f"Basic {TOKEN}"
    assert exchanges[0].request.all_headers("Authorization")[0].line == 13
    assert exchanges[0].response.status == 301
    assert exchanges[1].request.all_headers("Authorization") == []
    assert exchanges[1].response.body == '{"result":401,"msg":"Unauthorized"}'
    assert exchanges[0].info[0][1].startswith("Connected")


def test_transcript_registers_secrets():
    parse_transcript(f"> GET /voice/v1/call HTTP/1.1\n> Authorization: Basic {TOKEN}\n")

    assert secrets.scrub(f"{TOKEN} {APP_KEY}") == "[redacted] [redacted]"


def test_raw_request_with_wrapped_token():
    first = "NWYxZTk5YmY5MGNlM2MzYzBjNTJlNjQ2OlJ5M3VFdXJ5ZGVTeVR1UmVYYUR1TWU5dTd5c2FzYVhr"
    message = parse_http(f"GET /voice/v1/call HTTP/1.1\r\nHost: api.enablex.io\r\nAuthorization: Basic {first}\r\n"
                         "OUxtMlFw\r\n\r\n")

    assert message.header("Authorization") == f"Basic {first}\nOUxtMlFw"
    assert message.header("Host") == "api.enablex.io"


def test_raw_response_with_html_body():
    message = parse_http("HTTP/1.1 403 Forbidden\nContent-Type: text/html\n\n<html>\n<title>Denied</title>\n</html>")

    assert message.status == 403
    assert message.reason == "Forbidden"
    assert "<title>Denied</title>" in message.body


def test_pairing_request_and_response():
    request = parse_http("POST /voice/v1/webclient/token HTTP/1.1\nHost: api.enablex.io\n\n{\"domain\":\"a.example\"}")
    response = parse_http("HTTP/1.1 405 Method Not Allowed")

    exchanges = pair_messages([request, response])

    assert len(exchanges) == 1
    assert exchanges[0].request.body == '{"domain":"a.example"}'
    assert exchanges[0].response.status == 405


def har_document(entries: list[dict]) -> str:
    return json.dumps({"log": {"version": "1.2", "entries": entries}})


def har_entry(url: str, status: int, headers: list[dict] | None = None, **response) -> dict:
    return {"request": {"method": "GET", "url": url, "headers": headers or []},
            "response": {"status": status, "headers": [], **response}}


def test_har_keeps_voice_entries():
    text = har_document([
        har_entry("https://cdn.example.org/app.js", 200),
        har_entry("https://api.enablex.io/voice/v1/call", 403,
                  [{"name": "Authorization", "value": f"Basic {TOKEN}"}],
                  content={"text": "eyJyZXN1bHQiOjQwM30=", "encoding": "base64"}),
    ])

    exchanges, total = load_har(text, "ticket.har")

    assert total == 2
    assert len(exchanges) == 1
    assert exchanges[0].request.line == 2
    assert exchanges[0].response.body == '{"result":403}'
    assert secrets.scrub(TOKEN) == "[redacted]"


def test_har_browser_error_kept():
    entry = har_entry("https://api.enablex.io/voice/v1/call", 0, _error="net::ERR_CERT_DATE_INVALID")

    exchanges, _ = load_har(har_document([entry]), "ticket.har")

    assert exchanges[0].info == [(1, "net::ERR_CERT_DATE_INVALID")]


@pytest.mark.parametrize("text, message", [
    pytest.param('{"log": {"entries": [}', "not valid JSON", id="bad-json"),
    pytest.param('{"log": {}}', "'entries' is a required property", id="no-entries"),
    pytest.param('{"log": {"entries": [{"request": {"method": "GET", "url": "x", "headers": []}, '
                 '"response": {"status": "401", "headers": []}}]}}', "log.entries[0].response.status", id="status-text"),
])
def test_har_invalid(text, message):
    with pytest.raises(CheckerError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_har(text, "ticket.har")


def test_devtools_copy_with_sections():
    from checker.readers.devtools import parse_devtools

    text = ("Request URL: https://api.enablex.io/voice/v1/call\nRequest Method: POST\nStatus Code: 401 Unauthorized\n\n"
            "Response Headers\nwww-authenticate: Basic realm=\"EnableX API\"\n\nRequest Headers\n"
            f"authorization: Basic {TOKEN}\ncontent-type: application/json\n")

    exchange = parse_devtools(text, first_line=3)

    assert exchange.request.url == "https://api.enablex.io/voice/v1/call"
    assert exchange.request.method == "POST"
    assert exchange.request.all_headers("Authorization")[0].line == 11
    assert exchange.response.status == 401
    assert exchange.response.header("WWW-Authenticate") == 'Basic realm="EnableX API"'
    assert exchange.request.header("content-type") == "application/json"


def test_devtools_copy_without_sections():
    from checker.readers.devtools import parse_devtools

    exchange = parse_devtools("Request URL: https://api.enablex.io/voice/v1/call\nStatus Code: 302 Found\n"
                              "location: https://example.net/\nauthorization: Basic abc")

    assert exchange.response.header("Location") == "https://example.net/"
    assert exchange.request.header("Authorization") == "Basic abc"
