"""The probe layer: classification of responses and failures, with requests-mock."""

import json

import pytest
import requests

from checker.findings import Verdict
from checker.header import build_header
from checker.probes import ProbePlan, classify_exception, classify_response, plan_probes, probe_once, run_probes

BASE = "https://api.example.test"
HEADER = build_header("5f1e99bf90ce3c3c0c52e646", "Ry3uEurydeSyTuReXaDuMe9u7ysasa")
CHALLENGE = {"WWW-Authenticate": 'Basic realm="EnableX API"', "Content-Type": "application/json"}
JSON = {"Content-Type": "application/json"}


def body(document):
    return json.dumps(document).encode()


ANSWERS = [
    pytest.param("core", 200, JSON, body({"result": 0}), Verdict.ACCEPTED, None, id="200-accepted"),
    pytest.param("streaming", 404, JSON, body({"result": 404}), Verdict.ACCEPTED, None, id="404-stream-accepted"),
    pytest.param("core", 405, JSON, body({"result": 405, "msg": "Method Not Allowed"}), Verdict.ACCEPTED, None, id="405-core-accepted"),
    pytest.param("core", 401, CHALLENGE, body({"result": 401, "msg": "Unauthorized"}), Verdict.REJECTED, "PROBE501", id="401-challenge"),
    pytest.param("core", 403, JSON, body({"result": 403, "msg": "Forbidden"}), Verdict.REJECTED, "PROBE502", id="403"),
    pytest.param("token", 405, JSON, body({"result": 405, "msg": "Method Not Allowed"}), Verdict.REJECTED, "PROBE503", id="405-token"),
    pytest.param("token", 200, JSON, body({"token": None}), Verdict.REJECTED, "PROBE504", id="token-null"),
    pytest.param("core", 301, {"Location": "https://api.enablex.io/x/"}, b"", Verdict.INCONCLUSIVE, "PROBE505", id="301"),
    pytest.param("core", 307, {"Location": "http://api.enablex.io/x"}, b"", Verdict.INCONCLUSIVE, "PROBE505", id="307-to-http"),
    pytest.param("core", 407, {"Proxy-Authenticate": "Basic"}, b"", Verdict.INCONCLUSIVE, "PROBE506", id="407"),
    pytest.param("core", 429, {"Retry-After": "30"}, b"{}", Verdict.INCONCLUSIVE, "PROBE507", id="429"),
    pytest.param("core", 500, JSON, b"{}", Verdict.INCONCLUSIVE, "PROBE508", id="500"),
    pytest.param("core", 502, {"Content-Type": "text/html"}, b"<html>bad gateway</html>", Verdict.INCONCLUSIVE, "PROBE508", id="502-html"),
    pytest.param("core", 503, {}, b"", Verdict.INCONCLUSIVE, "PROBE508", id="503"),
    pytest.param("core", 401, JSON, body({"result": 401}), Verdict.INCONCLUSIVE, "PROBE512", id="401-no-challenge"),
    pytest.param("core", 401, {"WWW-Authenticate": 'Bearer realm="x"'}, b"{}", Verdict.INCONCLUSIVE, "PROBE512", id="401-bearer-challenge"),
    pytest.param("core", 401, {"WWW-Authenticate": 'Basic realm="Corp Proxy"'}, b"{}", Verdict.INCONCLUSIVE, "PROBE512", id="401-other-realm"),
    pytest.param("core", 403, {"Content-Type": "text/html"}, b"<html><title>Access Denied</title></html>", Verdict.INCONCLUSIVE, "PROBE512", id="403-html"),
    pytest.param("core", 200, {"Content-Type": "text/html"}, b"<html><title>Login</title></html>", Verdict.INCONCLUSIVE, "PROBE512", id="200-captive-portal"),
]


@pytest.mark.parametrize(("family", "status", "headers", "raw", "verdict", "code"), ANSWERS)
def test_classify_response(family, status, headers, raw, verdict, code):
    result = classify_response(family, status, headers, raw)
    assert result.verdict is verdict
    assert result.code == code


def test_html_title_is_named():
    result = classify_response("core", 403, {"Content-Type": "text/html"}, b"<html><title> Access  Denied </title>")
    assert 'titled "Access Denied"' in result.cause


def test_retry_after_is_reported():
    result = classify_response("core", 429, {"Retry-After": "30"}, b"")
    assert "Retry-After: 30" in result.details
    assert "30 seconds" in result.fix


def _jwt():
    import base64

    def seg(document):
        return base64.urlsafe_b64encode(json.dumps(document).encode()).rstrip(b"=").decode()

    return f"{seg({'alg': 'HS256', 'typ': 'JWT'})}.{seg({'iat': 1700000000, 'exp': 1700003600})}.c2ln"


def test_token_lifetime_is_reported_without_the_token():
    token = _jwt()
    result = classify_response("token", 200, JSON, body({"token": token}))
    assert result.verdict is Verdict.ACCEPTED
    assert any("token lifetime 3600 s" in detail for detail in result.details)
    assert all(token not in detail for detail in result.details)


EXCEPTIONS = [
    pytest.param(requests.exceptions.SSLError("certificate verify failed: unable to get local issuer certificate"), "PROBE509", "unknown CA", id="tls-unknown-ca"),
    pytest.param(requests.exceptions.SSLError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate has expired"), "PROBE509", "expired", id="tls-expired"),
    pytest.param(requests.exceptions.SSLError("Hostname mismatch, certificate is not valid for 'x'"), "PROBE509", "hostname mismatch", id="tls-hostname"),
    pytest.param(requests.exceptions.SSLError("[SSL: WRONG_VERSION_NUMBER] wrong version number"), "PROBE509", "did not answer with TLS", id="tls-plain-port"),
    pytest.param(requests.exceptions.ConnectTimeout("connect timeout"), "PROBE511", "connection was not established", id="connect-timeout"),
    pytest.param(requests.exceptions.ReadTimeout("read timed out"), "PROBE511", "whole answer", id="read-timeout"),
    pytest.param(requests.exceptions.ConnectionError("Failed to resolve 'x' (Name or service not known)"), "PROBE510", "DNS", id="dns"),
    pytest.param(requests.exceptions.ConnectionError("[Errno 111] Connection refused"), "PROBE510", "refused", id="refused"),
    pytest.param(requests.exceptions.ConnectionError("Connection reset by peer"), "PROBE510", "reset", id="reset"),
    pytest.param(requests.exceptions.ConnectionError("RemoteDisconnected('Remote end closed connection')"), "PROBE510", "closed the connection", id="disconnected"),
    pytest.param(requests.exceptions.ProxyError("Unable to connect to proxy"), "PROBE510", "proxy", id="proxy"),
]


@pytest.mark.parametrize(("error", "code", "needle"), EXCEPTIONS)
def test_classify_exception(error, code, needle):
    result = classify_exception(error)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert result.code == code
    assert needle in result.cause


def test_plan_skips_token_without_domain():
    families = [plan.family for plan in plan_probes(BASE, ("core", "broadcast", "streaming", "token"), None)]
    assert families == ["core", "broadcast", "streaming"]


def test_plan_token_posts_the_domain():
    plan = plan_probes(BASE, ("token",), "example.com")[0]
    assert plan.method == "POST"
    assert plan.body == {"domain": "example.com"}


def test_probe_sends_header_and_only_get(requests_mock):
    requests_mock.get(BASE + "/voice/v1/call", json={"result": 0})
    result = probe_once(ProbePlan("core", "GET", BASE + "/voice/v1/call"), HEADER, timeout=2, ca_bundle=None)
    assert result.verdict is Verdict.ACCEPTED
    sent = requests_mock.request_history[0]
    assert sent.method == "GET"
    assert sent.headers["Authorization"] == HEADER


def test_redirect_is_not_followed(requests_mock):
    requests_mock.get(BASE + "/voice/v1/call", status_code=302, headers={"Location": "https://evil.example.test/"})
    requests_mock.get("https://evil.example.test/", json={})
    result = probe_once(ProbePlan("core", "GET", BASE + "/voice/v1/call"), HEADER, timeout=2, ca_bundle=None)
    assert result.code == "PROBE505"
    assert len(requests_mock.request_history) == 1


def test_netrc_cannot_replace_the_header(requests_mock, tmp_path, monkeypatch):
    (tmp_path / ".netrc").write_text("machine api.example.test login other password secret\n")
    monkeypatch.setenv("NETRC", str(tmp_path / ".netrc"))
    monkeypatch.setenv("HOME", str(tmp_path))
    requests_mock.get(BASE + "/voice/v1/call", json={})
    probe_once(ProbePlan("core", "GET", BASE + "/voice/v1/call"), HEADER, timeout=2, ca_bundle=None)
    assert requests_mock.request_history[0].headers["Authorization"] == HEADER


def test_proxy_from_environment_is_reported(requests_mock, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://user:pw@127.0.0.1:3128")
    requests_mock.get(BASE + "/voice/v1/call", json={})
    result = probe_once(ProbePlan("core", "GET", BASE + "/voice/v1/call"), HEADER, timeout=2, ca_bundle=None)
    assert any("via proxy http://***@127.0.0.1:3128" in detail for detail in result.details)


def test_connection_error_becomes_verdict(requests_mock):
    requests_mock.get(BASE + "/voice/v1/call", exc=requests.exceptions.ConnectionError("Connection refused"))
    result = probe_once(ProbePlan("core", "GET", BASE + "/voice/v1/call"), HEADER, timeout=2, ca_bundle=None)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert result.code == "PROBE510"


def test_run_probes_keeps_family_order(requests_mock):
    requests_mock.get(BASE + "/voice/v1/call", json={})
    requests_mock.get(BASE + "/voice/v1/broadcast", status_code=403, json={"result": 403, "msg": "Forbidden"})
    requests_mock.get(requests_mock_matcher_stream(), json={"result": 404}, status_code=404)
    plans = plan_probes(BASE, ("core", "broadcast", "streaming"), None)
    results = run_probes(plans, HEADER, timeout=2, ca_bundle=None)
    assert [r.family for r in results] == ["core", "broadcast", "streaming"]
    assert [r.verdict for r in results] == [Verdict.ACCEPTED, Verdict.REJECTED, Verdict.ACCEPTED]


def requests_mock_matcher_stream():
    import re

    return re.compile(r"/voice/v1/call/[^/]+/stream$")


def test_guard_blocks_non_loopback_hosts():
    with pytest.raises(OSError, match="network guard"):
        import socket

        socket.create_connection(("192.0.2.1", 443), timeout=0.1)


def test_bearer_challenge_without_body_names_the_challenge():
    result = classify_response("core", 401, {"WWW-Authenticate": "Bearer"}, b"")
    assert result.code == "PROBE512"
    assert "`Bearer` challenge" in result.cause


def test_empty_403_is_foreign_with_empty_body():
    result = classify_response("core", 403, {}, b"")
    assert result.code == "PROBE512"
    assert "an empty body" in result.cause


@pytest.mark.parametrize(("family", "raw", "verdict"), [
    pytest.param("core", body({"result": 404}), Verdict.INCONCLUSIVE, id="core-404"),
    pytest.param("broadcast", b"", Verdict.INCONCLUSIVE, id="broadcast-404-empty"),
    pytest.param("token", body({"result": 404}), Verdict.INCONCLUSIVE, id="token-404"),
    pytest.param("streaming", b"", Verdict.INCONCLUSIVE, id="streaming-404-empty"),
    pytest.param("streaming", body({"result": 404, "msg": "Not Found"}), Verdict.ACCEPTED, id="streaming-404-json"),
])
def test_404_accepted_only_for_stream_json(family, raw, verdict):
    result = classify_response(family, 404, JSON, raw)
    assert result.verdict is verdict
    if verdict is Verdict.INCONCLUSIVE:
        assert result.code == "PROBE512"
