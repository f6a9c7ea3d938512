"""Sandbox fault modes: each kind, applied before authentication to matching paths only."""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import subprocess
import time
from urllib.parse import urlsplit

import pytest
import requests

from sandbox_support import APP_ID, APP_KEY, example_config

pytestmark = pytest.mark.sandbox

GOOD = (APP_ID, APP_KEY)
CURL = shutil.which("curl")
CALL_BODY = {"result": 0, "voice_calls": []}


def with_faults(*faults: dict) -> dict:
    config = example_config()
    config["faults"] = list(faults)
    return config


def get(handle, path, credentials=GOOD, **options) -> requests.Response:
    options.setdefault("timeout", 10)
    with requests.Session() as client:
        client.trust_env = False
        return client.get(handle.url(path), auth=credentials, verify=handle.ca_path, **options)


STATUS_CASES = [
    pytest.param({"status": 503, "retry_after": 7}, {"Retry-After": "7"}, "Service Unavailable", id="503-retry-after"),
    pytest.param(
        {"status": 429, "retry_after": "Wed, 21 Oct 2026 07:28:00 GMT"},
        {"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"}, "Too Many Requests", id="429-http-date",
    ),
    pytest.param(
        {"status": 407}, {"Proxy-Authenticate": 'Basic realm="proxy"'}, "Proxy Authentication Required", id="407-proxy",
    ),
    pytest.param({"status": 500}, {}, "Internal Server Error", id="500"),
    pytest.param({"status": 502}, {}, "Bad Gateway", id="502"),
]


@pytest.mark.parametrize(("fields", "headers", "phrase"), STATUS_CASES)
def test_status_fault(sandbox, fields, headers, phrase):
    handle = sandbox(with_faults({"path_prefix": "/voice/v1/call", "kind": "status", **fields}))

    response = get(handle, "/voice/v1/call")

    assert response.status_code == fields["status"]
    assert response.json() == {"result": fields["status"], "msg": phrase}
    for name, value in headers.items():
        assert response.headers[name] == value
    if "retry_after" not in fields:
        assert "Retry-After" not in response.headers
    assert "WWW-Authenticate" not in response.headers


def test_status_fault_applies_before_auth(sandbox):
    handle = sandbox(with_faults({"path_prefix": "/voice/v1/", "kind": "status", "status": 503}))

    response = get(handle, "/voice/v1/call", credentials=None)

    assert response.status_code == 503
    assert handle.requests()[-1]["fault"] == "status"


def test_fault_leaves_other_paths_alone(sandbox):
    handle = sandbox(with_faults({"path_prefix": "/voice/v1/broadcast", "kind": "status", "status": 503}))

    assert get(handle, "/voice/v1/call").status_code == 200
    assert get(handle, "/voice/v1/broadcast").status_code == 503
    assert [line["fault"] for line in handle.requests()] == [None, "status"]


def test_prefix_match_is_plain_string_prefix(sandbox):
    handle = sandbox(with_faults({"path_prefix": "/voice/v1/call", "kind": "status", "status": 500}))

    assert get(handle, "/voice/v1/calls").status_code == 500
    assert get(handle, "/voice/v1/call/x/stream").status_code == 500
    assert get(handle, "/voice/v1/broadcast").status_code == 200


def test_first_matching_fault_wins(sandbox):
    handle = sandbox(with_faults(
        {"path_prefix": "/voice/v1/call", "kind": "status", "status": 502},
        {"path_prefix": "/voice/v1/", "kind": "status", "status": 503},
    ))

    assert get(handle, "/voice/v1/call").status_code == 502
    assert get(handle, "/voice/v1/broadcast").status_code == 503


def test_fault_ignores_query_string(sandbox):
    handle = sandbox(with_faults({"path_prefix": "/voice/v1/call", "kind": "status", "status": 500}))

    assert get(handle, "/voice/v1/broadcast?next=/voice/v1/call").status_code == 200


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        pytest.param({"location": "/voice/v1/calls"}, 301, id="default-301"),
        pytest.param({"location": "https://127.0.0.1:9/elsewhere", "status": 307}, 307, id="307-absolute"),
        pytest.param({"location": "/voice/v1/calls", "status": 302}, 302, id="302"),
    ],
)
def test_redirect_fault(sandbox, fields, status):
    handle = sandbox(with_faults({"path_prefix": "/voice/v1/call", "kind": "redirect", **fields}))

    response = get(handle, "/voice/v1/call", allow_redirects=False)

    assert response.status_code == status
    assert response.headers["Location"] == fields["location"]
    assert response.headers["Content-Length"] == "0"
    assert response.content == b""


@pytest.mark.parametrize(("fields", "status"), [({}, 200), ({"status": 403}, 403), ({"status": 502}, 502)])
def test_html_fault(sandbox, fields, status):
    handle = sandbox(with_faults({"path_prefix": "/voice/v1/", "kind": "html", **fields}))

    response = get(handle, "/voice/v1/call")

    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.text.lstrip().startswith("<!DOCTYPE html>")
    assert "Access Denied" in response.text
    with pytest.raises(ValueError):
        response.json()


def test_html_fault_head_has_no_body(sandbox):
    handle = sandbox(with_faults({"path_prefix": "/voice/v1/", "kind": "html"}))

    with requests.Session() as client:
        client.trust_env = False
        response = client.head(handle.url("/voice/v1/call"), verify=handle.ca_path, timeout=10)

    assert response.status_code == 200
    assert int(response.headers["Content-Length"]) > 0
    assert response.content == b""


def test_no_challenge_fault(sandbox):
    handle = sandbox(with_faults({"path_prefix": "/voice/v1/", "kind": "no_challenge"}))

    response = get(handle, "/voice/v1/call")

    assert response.status_code == 401
    assert "WWW-Authenticate" not in response.headers
    assert response.json() == {"result": 401, "msg": "Unauthorized"}


def test_latency_fault_delays_response(sandbox):
    handle = sandbox(with_faults({"path_prefix": "/voice/v1/call", "kind": "latency", "ms": 300}))

    started = time.monotonic()
    accepted = get(handle, "/voice/v1/call")
    elapsed = time.monotonic() - started
    rejected = get(handle, "/voice/v1/call", credentials=None)

    assert elapsed >= 0.3
    assert accepted.status_code == 200
    assert accepted.json() == CALL_BODY
    assert rejected.status_code == 401
    assert [line["fault"] for line in handle.requests()] == ["latency", "latency"]


def test_latency_fault_trips_read_timeout(sandbox):
    handle = sandbox(with_faults({"path_prefix": "/voice/v1/call", "kind": "latency", "ms": 1500}))

    with pytest.raises(requests.exceptions.ReadTimeout):
        get(handle, "/voice/v1/call", timeout=(5, 0.2))


def test_slow_body_trickles_after_headers(sandbox):
    handle = sandbox(with_faults({"path_prefix": "/voice/v1/call", "kind": "slow_body", "ms": 400}))

    started = time.monotonic()
    response = get(handle, "/voice/v1/call", stream=True)
    headers_after = time.monotonic() - started
    body = response.content
    body_after = time.monotonic() - started

    assert response.status_code == 200
    assert int(response.headers["Content-Length"]) == len(body)
    assert json.loads(body) == CALL_BODY
    assert body_after - headers_after >= 0.3
    assert body_after >= 0.4
    assert handle.requests()[-1]["fault"] == "slow_body"


def test_slow_body_still_authenticates(sandbox):
    handle = sandbox(with_faults({"path_prefix": "/voice/v1/call", "kind": "slow_body", "ms": 100}))

    response = get(handle, "/voice/v1/call", credentials=None)

    assert response.status_code == 401
    assert response.json() == {"result": 401, "msg": "Unauthorized"}


def exchange_until_closed(handle, path: str) -> tuple[bytes, str]:
    """GET `path` over TLS run on memory buffers, and return the plaintext and how the connection ended.

    Python's ssl sockets report a TCP reset and a plain close alike (as an EOF),
    so TLS runs on memory buffers here and the raw socket shows the reset.
    The ending is "reset", "eof" (TCP FIN without TLS close_notify) or "close_notify".
    """
    address = urlsplit(handle.base_url)
    context = ssl.create_default_context(cafile=str(handle.ca_path))
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = context.wrap_bio(incoming, outgoing, server_hostname=address.hostname)
    with socket.create_connection((address.hostname, address.port), timeout=10) as raw:

        def send_pending() -> None:
            if pending := outgoing.read():
                raw.sendall(pending)

        while True:
            try:
                tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                send_pending()
                incoming.write(raw.recv(65536))
        tls.write(f"GET {path} HTTP/1.1\r\nHost: {address.netloc}\r\nConnection: close\r\n\r\n".encode("ascii"))
        send_pending()

        plaintext = b""
        while True:
            try:
                data = raw.recv(65536)
            except ConnectionResetError:
                return plaintext, "reset"
            if not data:
                return plaintext, "eof"
            incoming.write(data)
            try:
                while chunk := tls.read(65536):
                    plaintext += chunk
            except ssl.SSLWantReadError:
                continue
            except ssl.SSLZeroReturnError:
                return plaintext, "close_notify"


def test_reset_fault_sends_tcp_reset(sandbox):
    handle = sandbox(with_faults({"path_prefix": "/voice/v1/call", "kind": "reset"}))

    plaintext, ending = exchange_until_closed(handle, "/voice/v1/call")

    assert plaintext == b""
    assert ending == "reset"
    assert handle.requests()[-1]["status"] is None
    assert handle.requests()[-1]["fault"] == "reset"


def test_reset_fault_fails_requests(sandbox):
    handle = sandbox(with_faults({"path_prefix": "/voice/v1/call", "kind": "reset"}))

    with pytest.raises(requests.exceptions.ConnectionError):
        get(handle, "/voice/v1/call")


def test_normal_response_not_reset(sandbox):
    handle = sandbox(with_faults({"path_prefix": "/voice/v1/broadcast", "kind": "reset"}))

    plaintext, ending = exchange_until_closed(handle, "/voice/v1/nothing-here")

    assert plaintext.startswith(b"HTTP/1.1 401 ")
    assert ending != "reset"


def test_reset_after_bytes_truncates_body(sandbox):
    handle = sandbox(with_faults({"path_prefix": "/voice/v1/call", "kind": "reset", "after_bytes": 10}))

    plaintext, ending = exchange_until_closed(handle, "/voice/v1/call")

    head, _, body = plaintext.partition(b"\r\n\r\n")
    content_length_line = next(line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:"))
    assert head.startswith(b"HTTP/1.1 200 ")
    assert len(body) == 10
    assert int(content_length_line.split(b":")[1]) > 10
    assert ending == "reset"


@pytest.mark.skipif(CURL is None, reason="curl is not installed")
def test_curl_reports_reset_mid_body(sandbox):
    handle = sandbox(with_faults({"path_prefix": "/voice/v1/call", "kind": "reset", "after_bytes": 10}))
    command = [CURL, "--silent", "--show-error", "--noproxy", "*", "--max-time", "10",
               "--cacert", str(handle.ca_path), handle.url("/voice/v1/call")]

    completed = subprocess.run(command, capture_output=True, text=True, timeout=20)

    assert completed.returncode == 56  # CURLE_RECV_ERROR
    assert "reset" in completed.stderr.lower()
    assert len(completed.stdout) == 10


def test_reset_after_bytes_fails_requests_mid_body(sandbox):
    handle = sandbox(with_faults({"path_prefix": "/voice/v1/call", "kind": "reset", "after_bytes": 5}))

    with pytest.raises((requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError)):
        get(handle, "/voice/v1/call")
