"""What `check` must never send, proved from what the receivers saw.

Two kinds of receiver record every request: the sandbox's request log (one
line per request, without header values) and raw listening sockets on
127.0.0.1 that record every byte they receive (raw_socket_support.py). The
guarantees:

- nothing at all reaches a plain-http URL (not even a TCP connection);
- a redirect is never followed, so its target receives nothing;
- only GET is sent, plus POST to the web client token endpoint;
- .netrc cannot replace or supply the credentials;
- a proxy from the environment receives only the CONNECT request and TLS
  ciphertext, never the Authorization header, the key or the Base64 token;
- a bogus REQUESTS_CA_BUNDLE (or SSL_CERT_FILE, CURL_CA_BUNDLE) never turns
  verification off: nothing is sent.
"""

from __future__ import annotations

import base64
import json
import select
import socket

import pytest

from cli_support import run_cli
from raw_socket_support import RawServer, json_response, make_tls_identity, parse_requests
from sandbox_support import (
    APP_ID, APP_KEY, DOMAIN, OLD_KEY, ROTATED_APP_ID, ROTATED_APP_KEY, basic, example_config, wait_for,
)

pytestmark = pytest.mark.sandbox

CREDENTIALS = {"ENABLEX_APP_ID": APP_ID, "ENABLEX_APP_KEY": APP_KEY}
TOKEN_PATH = "/voice/v1/webclient/token"
EXPECTED_REQUESTS = {
    ("GET", "/voice/v1/call"),
    ("GET", "/voice/v1/broadcast"),
    ("GET", "/voice/v1/call/enablex-authcheck-probe-0000/stream"),
    ("POST", TOKEN_PATH),
}
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY", "http_proxy",
                   "NO_PROXY", "no_proxy")
CA_VARIABLES = ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE")
# How long a receiver is watched for a connection that must not come.
QUIET_SECONDS = 0.3


@pytest.fixture(autouse=True)
def _clean_environment(tmp_path, monkeypatch):
    """Run in an empty folder, with no proxy or CA bundle inherited from the machine."""
    monkeypatch.chdir(tmp_path)
    for name in PROXY_VARIABLES + CA_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def tls_identity(tmp_path_factory):
    return make_tls_identity(tmp_path_factory.mktemp("raw-tls"))


def secret_forms(app_id: str = APP_ID, app_key: str = APP_KEY) -> list[bytes]:
    """The byte strings that would show the credentials: the key, `id:key` and its Base64."""
    joined = f"{app_id}:{app_key}".encode("utf-8")
    return [app_key.encode("utf-8"), joined, base64.b64encode(joined)]


def run_check(base_url: str, *extra: str, env: dict | None = None, ca_path=None):
    args = ["check", "--base-url", base_url, "--format", "json", "--timeout", "3", "--domain", DOMAIN, *extra]
    if ca_path is not None:
        args += ["--ca-bundle", str(ca_path)]
    result = run_cli(args, env={**CREDENTIALS, **(env or {})})
    assert "Traceback" not in result.output
    assert APP_KEY not in result.output
    return result


def stays_unconnected(server: RawServer) -> bool:
    """Return True when no connection reaches `server` within QUIET_SECONDS."""
    return not wait_for(lambda: server.connection_count > 0, timeout=QUIET_SECONDS)


def record_until_closed(connection) -> None:
    while connection.recv():
        pass


def platform_like(connection) -> None:
    """Respond to each request with 200 and a JSON body (a token on the token path), keeping the connection open."""
    while True:
        head = connection.read_request()
        if not head:
            return
        target = head.split(b" ", 2)[1]
        body = b'{"token":"a.b.c"}' if target == TOKEN_PATH.encode() else b'{"result":0}'
        response = json_response(200, body).replace(b"Connection: close\r\n", b"")
        if not connection.send(response):
            return


# Plain http: nothing at all is sent.

PLAIN_URLS = [
    pytest.param("http://{host}", {}, id="option"),
    pytest.param("HTTP://{host}", {}, id="upper-case-scheme"),
    pytest.param("  http://{host}/  ", {}, id="surrounding-spaces"),
    pytest.param(None, {"ENABLEX_BASE_URL": "http://{host}"}, id="ENABLEX_BASE_URL"),
]


@pytest.mark.parametrize(("base_url", "env"), PLAIN_URLS)
def test_plain_http_check_sends_nothing(base_url, env):
    with RawServer(record_until_closed) as server:
        host = f"127.0.0.1:{server.port}"
        env = {name: value.format(host=host) for name, value in env.items()}
        args = ["check", "--format", "json", "--domain", DOMAIN]
        if base_url is not None:
            args += ["--base-url", base_url.format(host=host)]
        result = run_cli(args, env={**CREDENTIALS, **env})
        assert stays_unconnected(server)
    report = result.json()
    assert result.exit_code == 1
    assert "URL401" in {finding["code"] for finding in report["findings"]}
    assert {probe["verdict"] for probe in report["probes"]} == {"skipped"}
    assert server.received() == b""


def test_plain_http_diagnose_live_sends_nothing():
    paste = f"Authorization: {basic(APP_ID, APP_KEY)}\n"
    with RawServer(record_until_closed) as server:
        result = run_cli(["diagnose", "--live", "--format", "json", "--base-url", server.http_url],
                         input=paste.encode())
        assert stays_unconnected(server)
    assert "Traceback" not in result.output
    assert {probe["verdict"] for probe in result.json()["probes"]} == {"skipped"}


def test_plain_http_plan_rejected_by_probes():
    # The command layer skips plain-http URLs first. This proves that the HTTP layer rejects them on its own.
    from checker.probes import plan_probes, run_probes

    with RawServer(record_until_closed) as server:
        plans = plan_probes(server.http_url, ("core", "broadcast", "streaming", "token"), DOMAIN)
        results = run_probes(plans, basic(APP_ID, APP_KEY), timeout=2, ca_bundle=None)
        assert stays_unconnected(server)
    assert {result.verdict.value for result in results} == {"skipped"}
    assert all("nothing was sent" in result.cause for result in results)


# Redirects: never followed, so the target receives nothing.

REDIRECT_TARGETS = [
    pytest.param("http://127.0.0.1:{port}/voice/v1/call", id="plain-http"),
    pytest.param("https://127.0.0.1:{port}/voice/v1/call", id="other-port"),
    pytest.param("https://localhost:{port}/voice/v1/call", id="other-host"),
]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("target", REDIRECT_TARGETS)
def test_redirect_target_receives_nothing(sandbox, status, target):
    with RawServer(record_until_closed) as receiver:
        config = example_config()
        location = target.format(port=receiver.port)
        config["faults"] = [{"path_prefix": "/voice/v1/", "kind": "redirect", "status": status, "location": location}]
        handle = sandbox(config)
        result = run_check(handle.base_url, ca_path=handle.ca_path)
        assert stays_unconnected(receiver)
    assert result.exit_code == 3
    assert {probe["code"] for probe in result.json()["probes"]} == {"PROBE505"}
    logged = handle.requests()
    assert {(entry["method"], entry["path"]) for entry in logged} == EXPECTED_REQUESTS
    assert len(logged) == len(EXPECTED_REQUESTS)


def test_raw_redirect_target_receives_nothing(tls_identity):
    with RawServer(record_until_closed, tls_identity.server_context) as receiver:
        location = f"https://localhost:{receiver.port}/voice/v1/call".encode()

        def redirect(connection) -> None:
            while connection.read_request():
                response = json_response(307, b"").replace(b"Connection: close\r\n", b"")
                if not connection.send(response.replace(b"\r\n\r\n", b"\r\nLocation: " + location + b"\r\n\r\n", 1)):
                    return

        with RawServer(redirect, tls_identity.server_context) as origin:
            run_check(origin.https_url, ca_path=tls_identity.ca_path)
        assert stays_unconnected(receiver)
    sent = parse_requests(origin.received())
    assert {(method, target) for method, target, _, _ in sent} == EXPECTED_REQUESTS
    assert len(sent) == len(EXPECTED_REQUESTS)


# Methods: GET everywhere, POST only to the token endpoint.

def test_only_get_and_token_post_on_the_wire(tls_identity):
    with RawServer(platform_like, tls_identity.server_context) as server:
        result = run_check(server.https_url, ca_path=tls_identity.ca_path)
    assert result.exit_code == 0, result.output
    sent = parse_requests(server.received())
    assert {(method, target) for method, target, _, _ in sent} == EXPECTED_REQUESTS
    assert len(sent) == len(EXPECTED_REQUESTS)
    for method, target, headers, body in sent:
        assert headers["authorization"] == basic(APP_ID, APP_KEY)
        if method == "GET":
            assert body == b""
            assert "content-length" not in headers
        else:
            assert json.loads(body) == {"domain": DOMAIN}


@pytest.mark.parametrize(("app_id", "app_key", "domain"), [
    pytest.param(APP_ID, APP_KEY, DOMAIN, id="accepted"),
    pytest.param(ROTATED_APP_ID, OLD_KEY, DOMAIN, id="old-key"),
    pytest.param(APP_ID, APP_KEY, "shop.example.org", id="domain-not-whitelisted"),
    pytest.param(APP_ID, APP_KEY + "\n", DOMAIN, id="trailing-newline"),
])
def test_only_get_and_token_post_in_sandbox_log(sandbox, app_id, app_key, domain):
    handle = sandbox()
    args = ["check", "--base-url", handle.base_url, "--ca-bundle", str(handle.ca_path), "--domain", domain,
            "--format", "json"]
    run_cli(args, env={"ENABLEX_APP_ID": app_id, "ENABLEX_APP_KEY": app_key})
    logged = handle.requests()
    assert {(entry["method"], entry["path"]) for entry in logged} == EXPECTED_REQUESTS
    assert len(logged) == len(EXPECTED_REQUESTS)


def test_diagnose_live_sends_get_and_token_post(tls_identity):
    paste = f"Authorization: {basic(APP_ID, APP_KEY)}\n"
    with RawServer(platform_like, tls_identity.server_context) as server:
        run_cli(["diagnose", "--live", "--format", "json", "--base-url", server.https_url,
                 "--ca-bundle", str(tls_identity.ca_path), "--timeout", "3"], input=paste.encode())
    sent = parse_requests(server.received())
    assert sent, "diagnose --live sent nothing"
    for method, target, headers, _ in sent:
        assert method == "GET" or (method, target) == ("POST", TOKEN_PATH)
        assert headers["authorization"] == basic(APP_ID, APP_KEY)


# .netrc: it can neither replace the credentials nor supply missing ones.

def write_netrc(directory, login: str, password: str, monkeypatch):
    path = directory / ".netrc"
    lines = [f"machine {host} login {login} password {password}" for host in ("127.0.0.1", "localhost")]
    path.write_text("\n".join(lines + [f"default login {login} password {password}"]) + "\n", encoding="utf-8")
    path.chmod(0o600)
    monkeypatch.setenv("HOME", str(directory))
    monkeypatch.setenv("NETRC", str(path))
    return path


def test_netrc_does_not_replace_header(tls_identity, tmp_path, monkeypatch):
    write_netrc(tmp_path, ROTATED_APP_ID, ROTATED_APP_KEY, monkeypatch)
    with RawServer(platform_like, tls_identity.server_context) as server:
        result = run_check(server.https_url, ca_path=tls_identity.ca_path)
    assert ROTATED_APP_KEY not in result.output
    sent = parse_requests(server.received())
    assert len(sent) == len(EXPECTED_REQUESTS)
    assert {headers["authorization"] for _, _, headers, _ in sent} == {basic(APP_ID, APP_KEY)}


def test_netrc_cannot_rescue_old_key(sandbox, tmp_path, monkeypatch):
    write_netrc(tmp_path, ROTATED_APP_ID, ROTATED_APP_KEY, monkeypatch)
    handle = sandbox()
    result = run_check(handle.base_url, ca_path=handle.ca_path,
                       env={"ENABLEX_APP_ID": ROTATED_APP_ID, "ENABLEX_APP_KEY": OLD_KEY})
    assert result.exit_code == 1
    assert ROTATED_APP_KEY not in result.output
    assert {probe["code"] for probe in result.json()["probes"] if probe["family"] != "token"} == {"PROBE502"}


def test_netrc_does_not_supply_missing_credentials(sandbox, tmp_path, monkeypatch):
    write_netrc(tmp_path, APP_ID, APP_KEY, monkeypatch)
    handle = sandbox()
    result = run_cli(["check", "--base-url", handle.base_url, "--ca-bundle", str(handle.ca_path),
                      "--format", "json", "--no-prompt"], env={"ENABLEX_APP_ID": None, "ENABLEX_APP_KEY": None})
    assert result.exit_code == 1
    assert {"CRED201", "CRED202"} <= {finding["code"] for finding in result.json()["findings"]}
    assert handle.requests() == []


# Proxies from the environment: they see CONNECT and ciphertext only.

def tunnel_to(port: int):
    """Return a proxy behaviour that accepts CONNECT with 200 and relays bytes to 127.0.0.1:`port`."""

    def behaviour(connection) -> None:
        head = connection.read_head()
        if not head.startswith(b"CONNECT "):
            return
        with socket.create_connection(("127.0.0.1", port), timeout=10) as upstream:
            connection.send(b"HTTP/1.1 200 Connection established\r\n\r\n")
            relay(connection, upstream)

    return behaviour


def relay(connection, upstream: socket.socket) -> None:
    client = connection.sock
    while not connection.server.stopping.is_set():
        readable, _, _ = select.select([client, upstream], [], [], 0.1)
        if client in readable:
            data = connection.recv()
            if not data:
                return
            upstream.sendall(data)
        if upstream in readable:
            data = upstream.recv(65536)
            if not data or not connection.send(data):
                return


def connect_heads(proxy: RawServer) -> list[bytes]:
    return [bytes(record.received).partition(b"\r\n\r\n")[0] for record in proxy.records]


@pytest.mark.parametrize("variable", ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"])
def test_proxy_sees_no_credentials(sandbox, variable):
    handle = sandbox()
    with RawServer(tunnel_to(handle.server.port)) as proxy:
        result = run_check(handle.base_url, ca_path=handle.ca_path, env={variable: proxy.http_url})
    assert result.exit_code == 0, result.output
    for probe in result.json()["probes"]:
        assert f"via proxy {proxy.http_url} (from the environment)" in probe["details"]
    heads = connect_heads(proxy)
    assert len(heads) == len(EXPECTED_REQUESTS)
    for head in heads:
        assert head.startswith(f"CONNECT 127.0.0.1:{handle.server.port} HTTP/1.".encode())
        assert b"authorization" not in head.lower()
    received = proxy.received()
    for secret in secret_forms():
        assert secret not in received
    assert len(handle.requests()) == len(EXPECTED_REQUESTS)


def test_proxy_credentials_stay_the_proxys(sandbox):
    handle = sandbox()
    with RawServer(tunnel_to(handle.server.port)) as proxy:
        proxy_url = f"http://proxyuser:proxy-password-1@127.0.0.1:{proxy.port}"
        result = run_check(handle.base_url, ca_path=handle.ca_path, env={"HTTPS_PROXY": proxy_url})
    assert result.exit_code == 0, result.output
    assert "proxy-password-1" not in result.output
    for head in connect_heads(proxy):
        assert b"Proxy-Authorization: Basic " + base64.b64encode(b"proxyuser:proxy-password-1") in head
        assert b"\r\nauthorization:" not in head.lower()
    for secret in secret_forms():
        assert secret not in proxy.received()


def test_plain_http_proxy_variable_is_ignored(sandbox):
    handle = sandbox()
    with RawServer(tunnel_to(handle.server.port)) as proxy:
        result = run_check(handle.base_url, ca_path=handle.ca_path,
                           env={"HTTP_PROXY": proxy.http_url, "http_proxy": proxy.http_url})
        assert stays_unconnected(proxy)
    assert result.exit_code == 0


def test_no_proxy_bypasses_the_proxy(sandbox):
    handle = sandbox()
    with RawServer(tunnel_to(handle.server.port)) as proxy:
        result = run_check(handle.base_url, ca_path=handle.ca_path,
                           env={"HTTPS_PROXY": proxy.http_url, "NO_PROXY": "127.0.0.1"})
        assert stays_unconnected(proxy)
    assert result.exit_code == 0


# CA bundles from the environment: a bogus one never turns verification off.

def bogus_bundles(tmp_path) -> dict[str, str]:
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("this is not a certificate\n", encoding="utf-8")
    empty = tmp_path / "empty.pem"
    empty.write_text("", encoding="utf-8")
    empty_folder = tmp_path / "no-certificates"
    empty_folder.mkdir()
    return {"missing": str(tmp_path / "missing.pem"), "false": "false", "zero": "0", "garbage": str(garbage),
            "empty": str(empty), "empty-folder": str(empty_folder)}


@pytest.mark.parametrize("variable", CA_VARIABLES)
@pytest.mark.parametrize("bundle", ["missing", "false", "zero", "garbage", "empty", "empty-folder"])
def test_bogus_ca_bundle_sends_nothing(sandbox, tmp_path, variable, bundle):
    handle = sandbox()
    value = bogus_bundles(tmp_path)[bundle]
    result = run_check(handle.base_url, env={variable: value})
    assert result.exit_code == 3, result.output
    for probe in result.json()["probes"]:
        assert (probe["verdict"], probe["code"]) == ("inconclusive", "PROBE509")
        assert "Never turn verification off" in probe["fix"]
    assert handle.requests() == []


def test_missing_ca_bundle_names_variable(sandbox, tmp_path):
    handle = sandbox()
    missing = tmp_path / "missing.pem"
    result = run_check(handle.base_url, env={"REQUESTS_CA_BUNDLE": str(missing)})
    for probe in result.json()["probes"]:
        assert f"the CA bundle {missing} named by REQUESTS_CA_BUNDLE does not exist" in probe["cause"]
        assert "Point REQUESTS_CA_BUNDLE at a PEM file" in probe["fix"]


def test_empty_ca_variables_keep_verification(sandbox):
    # requests releases before 2.28 skipped verification when CURL_CA_BUNDLE was empty. Here it means the default bundle.
    handle = sandbox()
    result = run_check(handle.base_url, env={name: "" for name in CA_VARIABLES})
    assert {probe["code"] for probe in result.json()["probes"]} == {"PROBE509"}
    assert handle.requests() == []


def test_ca_bundle_variable_is_honoured(sandbox):
    handle = sandbox()
    result = run_check(handle.base_url, env={"REQUESTS_CA_BUNDLE": str(handle.ca_path)})
    assert result.exit_code == 0, result.output
    assert len(handle.requests()) == len(EXPECTED_REQUESTS)


def test_ca_bundle_option_overrides_variable(sandbox, tmp_path):
    handle = sandbox()
    result = run_check(handle.base_url, ca_path=handle.ca_path,
                       env={"REQUESTS_CA_BUNDLE": str(tmp_path / "missing.pem")})
    assert result.exit_code == 0, result.output
