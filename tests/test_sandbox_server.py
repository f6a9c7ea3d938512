"""SandboxServer: request log, concurrency, slow clients, TLS faults and the in-process API."""

from __future__ import annotations

import base64
import logging
import shutil
import socket
import ssl
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
import requests

from checker.sandbox import SandboxError, SandboxServer
from sandbox_support import (
    APP_ID,
    APP_KEY,
    DOMAIN,
    OLD_KEY,
    ROTATED_APP_ID,
    UNKNOWN_APP_ID,
    basic,
    example_config,
    raw_request,
    wait_for,
)

pytestmark = pytest.mark.sandbox

CURL = shutil.which("curl")
LOG_KEYS = {"time", "method", "path", "status", "authorization_present", "fault", "reason"}


def new_session() -> requests.Session:
    client = requests.Session()
    client.trust_env = False
    return client


def test_request_log_records_each_request(sandbox):
    handle = sandbox()

    with new_session() as client:
        client.get(handle.url("/voice/v1/call?page=1"), auth=(APP_ID, APP_KEY), verify=handle.ca_path, timeout=10)
        client.post(handle.url("/voice/v1/webclient/token"), verify=handle.ca_path, timeout=10)

    lines = handle.requests()
    assert [set(line) for line in lines] == [LOG_KEYS, LOG_KEYS]
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("GET", "/voice/v1/call", 200), ("POST", "/voice/v1/webclient/token", 401),
    ]
    assert [line["authorization_present"] for line in lines] == [True, False]


def test_request_log_never_holds_credentials(sandbox):
    handle = sandbox()
    token = base64.b64encode(f"{APP_ID}:{APP_KEY}".encode()).decode()
    headers = [
        basic(APP_ID, APP_KEY), basic(ROTATED_APP_ID, OLD_KEY), basic(UNKNOWN_APP_ID, APP_KEY),
        f"Bearer {APP_KEY}", f"basic {token}", f"Basic {APP_ID}:{APP_KEY}", f"Basic {token[:-1]}",
    ]

    with new_session() as client:
        for value in headers:
            client.get(handle.url("/voice/v1/call"), headers={"Authorization": value}, verify=handle.ca_path, timeout=10)
        client.post(handle.url("/voice/v1/webclient/token"), json={"domain": DOMAIN}, auth=(APP_ID, APP_KEY),
                    verify=handle.ca_path, timeout=10)

    text = handle.log_path.read_text(encoding="utf-8")
    assert len(handle.requests()) == len(headers) + 1
    for secret in (APP_KEY, OLD_KEY, token, token[:-1], f"{APP_ID}:{APP_KEY}", "Basic", "Bearer"):
        assert secret not in text


def test_log_messages_never_hold_credentials(sandbox, caplog):
    caplog.set_level(logging.DEBUG, logger="checker.sandbox")
    handle = sandbox()
    token = base64.b64encode(f"{APP_ID}:{APP_KEY}".encode()).decode()

    with new_session() as client:
        for value in (basic(APP_ID, APP_KEY), f"Bearer {APP_KEY}", f"Basic {APP_ID}:{APP_KEY}"):
            client.get(handle.url("/voice/v1/call"), headers={"Authorization": value}, verify=handle.ca_path, timeout=10)
    handle.stop()

    assert "sandbox listening on https://127.0.0.1:" in caplog.text
    assert "stopped" in caplog.text
    assert "/voice/v1/call" in caplog.text  # the debug access log is on
    for secret in (APP_KEY, token):
        assert secret not in caplog.text


def test_concurrent_clients_all_served(sandbox):
    handle = sandbox()
    credentials = [(APP_ID, APP_KEY), (APP_ID, "wrong"), None, (ROTATED_APP_ID, OLD_KEY), (APP_ID, APP_KEY)]
    expected = {0: 200, 1: 403, 2: 401, 3: 403, 4: 200}

    def send(index: int) -> tuple[int, int]:
        with new_session() as client:
            response = client.get(
                handle.url("/voice/v1/call"), auth=credentials[index % 5], verify=handle.ca_path, timeout=10
            )
        return index, response.status_code

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(send, range(50)))
    elapsed = time.monotonic() - started

    assert [status for index, status in results] == [expected[index % 5] for index in range(50)]
    assert len(handle.requests()) == 50
    assert elapsed < 15


def test_silent_clients_do_not_block_others(sandbox):
    handle = sandbox()
    address = urlsplit(handle.base_url)
    context = ssl.create_default_context(cafile=str(handle.ca_path))
    # One client connects and never starts TLS. Another finishes TLS and never sends a request.
    no_handshake = socket.create_connection((address.hostname, address.port), timeout=10)
    no_request = context.wrap_socket(
        socket.create_connection((address.hostname, address.port), timeout=10), server_hostname=address.hostname
    )
    try:
        started = time.monotonic()
        with new_session() as client:
            response = client.get(handle.url("/voice/v1/call"), auth=(APP_ID, APP_KEY), verify=handle.ca_path, timeout=5)
        elapsed = time.monotonic() - started
    finally:
        no_handshake.close()
        no_request.close()

    assert response.status_code == 200
    assert elapsed < 2


def test_stop_ends_idle_connections_promptly(tmp_path):
    server = SandboxServer(example_config()).start()
    address = ("127.0.0.1", server.port)
    idle = socket.create_connection(address, timeout=10)
    # Let the server accept it: closing the listener resets connections still in its backlog.
    time.sleep(0.3)
    try:
        started = time.monotonic()
        server.stop()
        elapsed = time.monotonic() - started
        idle.settimeout(5)
        leftover = idle.recv(100)
    finally:
        idle.close()

    assert elapsed < 3
    assert leftover == b""


def test_stop_interrupts_latency_wait(sandbox):
    config = example_config()
    config["faults"] = [{"path_prefix": "/voice/v1/", "kind": "latency", "ms": 60000}]
    handle = sandbox(config)
    errors = []

    def send() -> None:
        try:
            with new_session() as client:
                client.get(handle.url("/voice/v1/call"), verify=handle.ca_path, timeout=30)
        except requests.RequestException as error:
            errors.append(error)

    sender = threading.Thread(target=send)
    sender.start()
    time.sleep(0.3)
    started = time.monotonic()
    handle.stop()
    sender.join(timeout=10)
    elapsed = time.monotonic() - started

    assert not sender.is_alive()
    assert elapsed < 5
    assert len(errors) == 1


TLS_FAULT_CASES = [
    pytest.param("untrusted", "unable to get local issuer certificate", id="untrusted"),
    pytest.param("expired", "certificate has expired", id="expired"),
    pytest.param("wrong-host", "IP address mismatch", id="wrong-host"),
]


@pytest.mark.parametrize(("tls_fault", "reason"), TLS_FAULT_CASES)
def test_tls_fault_fails_verification(sandbox, caplog, tls_fault, reason):
    handle = sandbox(tls_fault=tls_fault)

    with new_session() as client, pytest.raises(requests.exceptions.SSLError) as raised:
        client.get(handle.url("/voice/v1/call"), auth=(APP_ID, APP_KEY), verify=handle.ca_path, timeout=10)

    assert "certificate verify failed" in str(raised.value)
    assert reason in str(raised.value)
    assert handle.requests() == []
    # The server logs the failed handshake in its own thread, shortly after the client gives up.
    assert wait_for(lambda: "TLS handshake with 127.0.0.1:" in caplog.text)


@pytest.mark.skipif(CURL is None, reason="curl is not installed")
@pytest.mark.parametrize("tls_fault", ["untrusted", "expired", "wrong-host"])
def test_curl_rejects_tls_fault(sandbox, tls_fault):
    handle = sandbox(tls_fault=tls_fault)
    command = [CURL, "--silent", "--show-error", "--noproxy", "*", "--max-time", "10",
               "--cacert", str(handle.ca_path), handle.url("/voice/v1/call")]

    completed = subprocess.run(command, capture_output=True, text=True, timeout=20)

    assert completed.returncode == 60  # CURLE_PEER_FAILED_VERIFICATION
    assert completed.stdout == ""


def test_no_tls_fault_verifies(sandbox):
    handle = sandbox()

    with new_session() as client:
        response = client.get(handle.url("/voice/v1/call"), auth=(APP_ID, APP_KEY), verify=handle.ca_path, timeout=10)

    assert response.status_code == 200


def test_ca_is_not_trusted_by_default(sandbox):
    handle = sandbox()

    with new_session() as client, pytest.raises(requests.exceptions.SSLError):
        client.get(handle.url("/voice/v1/call"), timeout=10)


def test_localhost_name_verifies(sandbox):
    handle = sandbox()
    url = handle.base_url.replace("127.0.0.1", "localhost") + "/voice/v1/call"

    with new_session() as client:
        response = client.get(url, auth=(APP_ID, APP_KEY), verify=handle.ca_path, timeout=10)

    assert response.status_code == 200


@pytest.mark.filterwarnings("ignore:ssl.TLSVersion.TLSv1_1 is deprecated:DeprecationWarning")
def test_tls_below_1_2_rejected(sandbox):
    handle = sandbox()
    context = ssl.create_default_context(cafile=str(handle.ca_path))
    context.minimum_version = ssl.TLSVersion.TLSv1_1
    context.maximum_version = ssl.TLSVersion.TLSv1_1
    address = urlsplit(handle.base_url)

    with pytest.raises(ssl.SSLError):
        with socket.create_connection((address.hostname, address.port), timeout=10) as plain:
            context.wrap_socket(plain, server_hostname=address.hostname)


def test_listens_on_loopback_only():
    with SandboxServer(example_config()) as server:
        assert server.base_url == f"https://127.0.0.1:{server.port}"
        assert server._httpd.server_address[0] == "127.0.0.1"


def test_port_in_use_raises(tmp_path):
    with socket.socket() as occupier:
        occupier.bind(("127.0.0.1", 0))
        occupier.listen()
        port = occupier.getsockname()[1]

        with pytest.raises(SandboxError) as raised:
            SandboxServer(example_config(), port=port).start()

    assert f"port {port} on 127.0.0.1 is already in use" in str(raised.value)
    assert "--port 0" in str(raised.value)


def test_fixed_port_is_used():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with SandboxServer(example_config(), port=port) as server:
        assert server.base_url == f"https://127.0.0.1:{port}"


def test_start_twice_raises():
    with SandboxServer(example_config()) as server:
        with pytest.raises(RuntimeError, match="already started"):
            server.start()


def test_stop_twice_is_harmless():
    server = SandboxServer(example_config()).start()

    server.stop()
    server.stop()


def test_properties_need_start():
    server = SandboxServer(example_config())

    with pytest.raises(RuntimeError, match="call start"):
        server.base_url  # noqa: B018


def test_invalid_config_dict_raises():
    with pytest.raises(SandboxError, match=r"at \$\.projects\[0\]\.account"):
        SandboxServer({"projects": [{"app_id": "a", "app_key": "b", "account": "closed"}]})


def test_write_ca_into_missing_directory(tmp_path):
    with SandboxServer(example_config()) as server:
        with pytest.raises(SandboxError, match="does not exist; create it first"):
            server.write_ca(tmp_path / "missing" / "ca.pem")


def test_written_ca_is_pem_without_private_key(tmp_path):
    with SandboxServer(example_config()) as server:
        path = server.write_ca(tmp_path / "ca.pem")

    text = path.read_text(encoding="ascii")
    assert text.startswith("-----BEGIN CERTIFICATE-----")
    assert "PRIVATE KEY" not in text


def test_request_log_in_missing_directory(tmp_path):
    with pytest.raises(SandboxError, match="directory .* does not exist"):
        SandboxServer(example_config(), request_log=tmp_path / "missing" / "log.jsonl").start()


def test_request_log_appends(tmp_path):
    log_path = tmp_path / "log.jsonl"
    log_path.write_text('{"earlier": true}\n', encoding="utf-8")

    with SandboxServer(example_config(), request_log=log_path) as server:
        server.write_ca(tmp_path / "ca.pem")
        with new_session() as client:
            client.get(server.base_url + "/voice/v1/call", verify=tmp_path / "ca.pem", timeout=10)

    lines = log_path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == '{"earlier": true}'
    assert len(lines) == 2


def test_bad_request_line_gets_json_400(sandbox):
    handle = sandbox()

    response = raw_request(handle, b"GARBAGE")

    assert response.status == 400
    assert response.headers["Content-Type"] == "application/json"
