"""`check` against real sockets that fail in the ways networks do.

Raw listening sockets on 127.0.0.1 (see raw_socket_support.py) stall, reset,
dribble, close, or speak plain HTTP where TLS is expected. The sandbox adds
redirects and certificate faults. Every case must end in `inconclusive` with
its own PROBE code, a cause and a fix, exit status 3 and no traceback. The
whole `check`, with all four families probed at once, must also end soon after
one `--timeout`: HANG_GUARD_SECONDS is a generous bound against a hang, not a
speed target.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from checker.schema import validate
from cli_support import run_cli
from raw_socket_support import RawServer, make_tls_identity
from sandbox_support import APP_ID, APP_KEY, DOMAIN, REPO_ROOT, example_config

pytestmark = pytest.mark.sandbox

TIMEOUT_SECONDS = 1
# One --timeout of 1 s, the 0.5 s grace of run_probes, and room for a slow machine.
HANG_GUARD_SECONDS = 4.0
# Start-up of a fresh interpreter that imports click, requests and jsonschema, on top of the guard above.
SUBPROCESS_GUARD_SECONDS = 8.0
FAMILIES = {"core", "broadcast", "streaming", "token"}
CREDENTIALS = {"ENABLEX_APP_ID": APP_ID, "ENABLEX_APP_KEY": APP_KEY}
PARTIAL_BODY_HEAD = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                     b'{"result":0,"voice_calls":[')


@pytest.fixture(autouse=True)
def _workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def tls_identity(tmp_path_factory):
    return make_tls_identity(tmp_path_factory.mktemp("raw-tls"))


def run_check(base_url: str, ca_path, *extra: str, env: dict | None = None):
    """Run `check --format json` on all four families; return the result, the report and the seconds taken."""
    args = ["check", "--base-url", base_url, "--ca-bundle", str(ca_path), "--format", "json",
            "--timeout", str(TIMEOUT_SECONDS), "--domain", DOMAIN, *extra]
    started = time.monotonic()
    result = run_cli(args, env={**CREDENTIALS, **(env or {})})
    elapsed = time.monotonic() - started
    report = result.json()
    validate(report, "report.schema.json")
    return result, report, elapsed


def assert_inconclusive_everywhere(result, report, elapsed, code: str, needle: str) -> None:
    assert "Traceback" not in result.output
    assert APP_KEY not in result.output
    assert elapsed < HANG_GUARD_SECONDS, f"check took {elapsed:.1f} s with --timeout {TIMEOUT_SECONDS}"
    assert result.exit_code == 3, result.output
    assert report["summary"]["exit_code"] == 3
    assert {probe["family"] for probe in report["probes"]} == FAMILIES
    for probe in report["probes"]:
        assert probe["verdict"] == "inconclusive", probe
        assert probe["code"] == code, probe
        assert needle in probe["cause"], probe
        assert probe["fix"], probe
        assert "verify=False" not in probe["fix"]
        assert probe["elapsed_ms"] < HANG_GUARD_SECONDS * 1000


# Behaviours for RawServer. Each gets a RawConnection and returns when it is done.

def stay_silent(connection) -> None:
    """Accept and never respond: no TLS handshake, no bytes."""
    connection.wait(30)


def read_request_then_stay_silent(connection) -> None:
    connection.read_request()
    connection.wait(30)


def reset_mid_body(connection) -> None:
    connection.read_request()
    connection.send(PARTIAL_BODY_HEAD)
    connection.wait(0.1)
    connection.reset()


def close_mid_body(connection) -> None:
    """Send the head and part of the body, then close normally (a FIN, no TLS close_notify)."""
    connection.read_request()
    connection.send(PARTIAL_BODY_HEAD)
    connection.wait(0.1)
    connection.sock.close()


def dribble_body(connection) -> None:
    """Send the head at once, then one body byte every 0.2 s: no single read ever times out."""
    connection.read_request()
    if not connection.send(PARTIAL_BODY_HEAD):
        return
    while not connection.wait(0.2):
        if not connection.send(b" "):
            return


def dribble_head(connection) -> None:
    """Send the status line and headers one byte every 0.2 s."""
    connection.read_request()
    for byte in PARTIAL_BODY_HEAD:
        if connection.wait(0.2) or not connection.send(bytes([byte])):
            return


def answer_plain_http(connection) -> None:
    """Read the TLS ClientHello as if it were a request, and respond in plain HTTP."""
    connection.recv()
    connection.send(b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n"
                    b"Connection: close\r\n\r\nBad Request")


def close_at_once(connection) -> None:
    connection.sock.close()


def close_after_client_hello(connection) -> None:
    connection.recv()
    connection.sock.close()


def close_after_request(connection) -> None:
    """Complete the TLS handshake, read the request, close without a response."""
    connection.read_request()
    connection.sock.close()


def respond_with(data: bytes):
    """Return a behaviour that reads the request, sends `data` and closes."""
    def behaviour(connection) -> None:
        connection.read_request()
        connection.send(data)
    return behaviour


RAW_FAULTS = [
    # (behaviour, speaks TLS, expected code, text the cause must contain)
    pytest.param(stay_silent, False, "PROBE511", "TLS handshake did not finish", id="accept-never-answer"),
    pytest.param(read_request_then_stay_silent, True, "PROBE511", "did not send the whole answer", id="tls-never-answer"),
    pytest.param(reset_mid_body, True, "PROBE510", "cut before the whole answer", id="reset-mid-body"),
    pytest.param(close_mid_body, True, "PROBE510", "cut before the whole answer", id="close-mid-body"),
    pytest.param(dribble_body, True, "PROBE511", f"within --timeout {TIMEOUT_SECONDS} s", id="dribble-body"),
    pytest.param(dribble_head, True, "PROBE511", f"within --timeout {TIMEOUT_SECONDS} s", id="dribble-head"),
    pytest.param(answer_plain_http, False, "PROBE509", "did not answer with TLS", id="plain-http-on-tls-port"),
    pytest.param(close_at_once, False, "PROBE510", "network failure", id="close-at-once"),
    pytest.param(close_after_client_hello, False, "PROBE510", "during the TLS handshake", id="close-after-hello"),
    pytest.param(close_after_request, True, "PROBE510", "closed the connection without answering", id="close-after-request"),
    pytest.param(respond_with(b"220 mail.example.test ESMTP ready\r\n"), True, "PROBE512", "no HTTP status line",
                 id="other-protocol-after-tls"),
    pytest.param(respond_with(b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-Filler-%d: x\r\n" % n for n in range(120))
                              + b"Content-Length: 2\r\n\r\n{}"),
                 True, "PROBE512", "more than 100 header fields", id="too-many-headers"),
    pytest.param(respond_with(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n"),
                 True, "PROBE512", "invalid chunk size", id="broken-chunked-body"),
    pytest.param(respond_with(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n{\"result\":0"),
                 True, "PROBE510", "cut before the whole answer", id="chunked-body-cut"),
]


@pytest.mark.parametrize(("behaviour", "speaks_tls", "code", "needle"), RAW_FAULTS)
def test_raw_socket_fault(tls_identity, behaviour, speaks_tls, code, needle):
    context = tls_identity.server_context if speaks_tls else None
    with RawServer(behaviour, context) as server:
        result, report, elapsed = run_check(server.https_url, tls_identity.ca_path)
    assert_inconclusive_everywhere(result, report, elapsed, code, needle)
    assert server.connection_count >= len(FAMILIES)


def test_close_at_once_code_is_stable(tls_identity):
    # A close before the ClientHello is read reaches the client as a reset or as an
    # EOF during the handshake, depending on timing. Both must give the same code.
    from checker.header import build_header
    from checker.probes import plan_probes, run_probes

    codes = set()
    with RawServer(close_at_once) as server:
        plans = plan_probes(server.https_url, tuple(FAMILIES), DOMAIN)
        for _ in range(10):
            results = run_probes(plans, build_header(APP_ID, APP_KEY), timeout=TIMEOUT_SECONDS,
                                 ca_bundle=str(tls_identity.ca_path))
            codes |= {result.code for result in results}
    assert codes == {"PROBE510"}


@pytest.mark.parametrize(("error", "needle"), [
    pytest.param("SSLError", "during the TLS handshake", id="while-connecting"),
    pytest.param("ChunkedEncodingError", "before the whole answer arrived", id="while-reading"),
])
@pytest.mark.parametrize("message", [
    "[SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol (_ssl.c:1006)",
    "('SSL routines', 'ssl3_read_n', 'unexpected eof while reading')",
])
def test_tls_eof_wordings(error, needle, message):
    # Only the first wording comes out of this machine's OpenSSL, so the others are built here.
    import requests

    from checker.probes import classify_exception

    result = classify_exception(getattr(requests.exceptions, error)(message))
    assert result.code == "PROBE510"
    assert needle in result.cause


def test_text_output_for_a_stalled_server(tls_identity):
    with RawServer(read_request_then_stay_silent, tls_identity.server_context) as server:
        started = time.monotonic()
        result = run_cli(["check", "--base-url", server.https_url, "--ca-bundle", str(tls_identity.ca_path),
                          "--timeout", str(TIMEOUT_SECONDS)], env=CREDENTIALS)
        elapsed = time.monotonic() - started
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert "PROBE511" in result.stdout
    assert "inconclusive" in result.stdout
    assert elapsed < HANG_GUARD_SECONDS


@pytest.mark.parametrize("behaviour", [
    pytest.param(dribble_body, id="dribble-body"),
    pytest.param(stay_silent, id="accept-never-answer"),
])
def test_cli_process_exits_while_a_probe_is_stuck(tls_identity, behaviour):
    # The probe threads are still blocked on the socket when check prints its report,
    # so this proves they cannot keep the real process alive.
    context = tls_identity.server_context if behaviour is dribble_body else None
    with RawServer(behaviour, context) as server:
        command = [sys.executable, "-m", "checker", "check", "--base-url", server.https_url,
                   "--ca-bundle", str(tls_identity.ca_path), "--timeout", str(TIMEOUT_SECONDS),
                   "--domain", DOMAIN, "--format", "json"]
        started = time.monotonic()
        completed = subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT,
                                   env={**os.environ, **CREDENTIALS}, timeout=30)
        elapsed = time.monotonic() - started
    assert completed.returncode == 3, completed.stderr
    assert "Traceback" not in completed.stderr
    assert elapsed < SUBPROCESS_GUARD_SECONDS, f"the check process took {elapsed:.1f} s to exit"


def faulty(kind: str, **fields) -> dict:
    config = example_config()
    config["faults"] = [dict(path_prefix="/voice/v1/", kind=kind, **fields)]
    return config


SANDBOX_FAULTS = [
    pytest.param(faulty("redirect", status=301, location="https://localhost:9/voice/v1/call"),
                 "PROBE505", "301 redirect", id="301-to-another-host"),
    pytest.param(faulty("redirect", status=302, location="http://127.0.0.1:9/voice/v1/call"),
                 "PROBE505", "plain http", id="302-to-plain-http"),
    pytest.param(faulty("redirect", status=307, location="https://localhost:9/voice/v1/call"),
                 "PROBE505", "307 redirect", id="307-keeps-method"),
    pytest.param(faulty("redirect", status=308, location="http://localhost:9/voice/v1/call"),
                 "PROBE505", "plain http", id="308-to-plain-http"),
    pytest.param(faulty("reset", after_bytes=10), "PROBE510", "network failure", id="sandbox-reset-mid-body"),
    pytest.param(faulty("latency", ms=3000), "PROBE511", "did not send the whole answer", id="sandbox-latency"),
]


@pytest.mark.parametrize(("config", "code", "needle"), SANDBOX_FAULTS)
def test_sandbox_fault(sandbox, config, code, needle):
    handle = sandbox(config)
    result, report, elapsed = run_check(handle.base_url, handle.ca_path)
    assert_inconclusive_everywhere(result, report, elapsed, code, needle)


def test_redirect_reports_its_location(sandbox):
    handle = sandbox(faulty("redirect", status=302, location="http://127.0.0.1:9/voice/v1/call"))
    _, report, _ = run_check(handle.base_url, handle.ca_path)
    for probe in report["probes"]:
        assert "Location: http://127.0.0.1:9/voice/v1/call" in probe["details"]


TLS_FAULTS = [
    pytest.param("expired", "expired", id="expired"),
    pytest.param("wrong-host", "hostname mismatch", id="other-hostname"),
    pytest.param("untrusted", "unknown CA", id="unknown-ca"),
]


@pytest.mark.parametrize(("tls_fault", "needle"), TLS_FAULTS)
def test_certificate_fault(sandbox, tls_fault, needle):
    handle = sandbox(tls_fault=tls_fault)
    result, report, elapsed = run_check(handle.base_url, handle.ca_path)
    assert_inconclusive_everywhere(result, report, elapsed, "PROBE509", needle)
    for probe in report["probes"]:
        assert f"CA bundle {handle.ca_path} (from --ca-bundle)" in probe["details"]
        assert "Never turn verification off" in probe["fix"]
    assert handle.requests() == []


# A proxy from the environment that responds to CONNECT with an error, or not at all.

def proxy_answering(status_line: bytes):
    def behaviour(connection) -> None:
        connection.read_head()
        connection.send(status_line + b"\r\nContent-Length: 0\r\n\r\n")
        connection.wait(0.5)
    return behaviour


PROXY_FAULTS = [
    pytest.param(proxy_answering(b'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"'),
                 "PROBE506", "407 Proxy Authentication Required", id="proxy-407"),
    pytest.param(proxy_answering(b"HTTP/1.1 403 Forbidden"), "PROBE510", "refused the tunnel request (CONNECT) with 403",
                 id="proxy-403"),
    pytest.param(proxy_answering(b"HTTP/1.1 502 Bad Gateway"), "PROBE510", "with 502 Bad Gateway", id="proxy-502"),
    pytest.param(read_request_then_stay_silent, "PROBE511", "within the time limit", id="proxy-never-answers"),
    pytest.param(close_at_once, "PROBE510", "network failure", id="proxy-closes"),
]


@pytest.mark.parametrize(("behaviour", "code", "needle"), PROXY_FAULTS)
def test_proxy_fault(sandbox, behaviour, code, needle):
    handle = sandbox()
    with RawServer(behaviour) as proxy:
        result, report, elapsed = run_check(handle.base_url, handle.ca_path,
                                            env={"HTTPS_PROXY": proxy.http_url, "NO_PROXY": ""})
    assert_inconclusive_everywhere(result, report, elapsed, code, needle)
    for probe in report["probes"]:
        assert f"via proxy {proxy.http_url} (from the environment)" in probe["details"]
    assert handle.requests() == []


INVALID_PROXY_SETTINGS = [
    pytest.param("ftp://127.0.0.1:9", "unsupported scheme ftp", id="unsupported-scheme"),
    pytest.param("http://127.0.0.1:notaport", "not a valid host or port", id="port-not-a-number"),
    pytest.param("http://proxyuser:proxy-password-2@[bad", "not a valid host or port", id="invalid-host"),
]


@pytest.mark.parametrize(("proxy_url", "needle"), INVALID_PROXY_SETTINGS)
def test_invalid_proxy_setting(sandbox, proxy_url, needle):
    handle = sandbox()
    result, report, elapsed = run_check(handle.base_url, handle.ca_path, env={"HTTPS_PROXY": proxy_url})
    assert_inconclusive_everywhere(result, report, elapsed, "PROBE510", needle)
    assert "proxy-password-2" not in result.output
    for probe in report["probes"]:
        assert "nothing was sent" in probe["cause"]
        assert "HTTPS_PROXY" in probe["fix"]
    assert handle.requests() == []
