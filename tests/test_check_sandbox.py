"""`check` against the real sandbox over TLS: every documented response and fault, end to end."""

import json

import pytest

from checker.schema import validate
from cli_support import run_cli
from sandbox_support import (
    APP_ID, APP_KEY, DOMAIN, NO_BALANCE_APP_ID, NO_BALANCE_APP_KEY, OLD_KEY, ROTATED_APP_ID, SUSPENDED_APP_ID,
    SUSPENDED_APP_KEY, TOKEN_NULL_APP_ID, TOKEN_NULL_APP_KEY, VOICE_OFF_APP_ID, VOICE_OFF_APP_KEY, example_config,
)

pytestmark = pytest.mark.sandbox


@pytest.fixture(autouse=True)
def _workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def check(handle, app_id, app_key, *args):
    env = {"ENABLEX_APP_ID": app_id, "ENABLEX_APP_KEY": app_key}
    result = run_cli(["check", "--base-url", handle.base_url, "--ca-bundle", str(handle.ca_path),
                      "--format", "json", "--timeout", "3", *args], env=env)
    assert "Traceback" not in result.stderr
    if app_key:
        assert app_key not in result.output
    report = result.json()
    validate(report, "report.schema.json")
    assert report["summary"]["exit_code"] == result.exit_code
    return result, report


def probe_codes(report):
    return {probe["family"]: (probe["verdict"], probe["code"]) for probe in report["probes"]}


def test_good_credentials_accepted_everywhere(sandbox):
    handle = sandbox()
    result, report = check(handle, APP_ID, APP_KEY, "--domain", DOMAIN)
    assert result.exit_code == 0
    assert probe_codes(report) == {family: ("accepted", None) for family in ("core", "broadcast", "streaming", "token")}
    token = report["probes"][-1]
    assert any("token lifetime 3600 s" in detail for detail in token["details"])


def test_text_output_names_each_family(sandbox):
    handle = sandbox()
    result = run_cli(["check", "--base-url", handle.base_url, "--ca-bundle", str(handle.ca_path), "--domain", DOMAIN],
                     env={"ENABLEX_APP_ID": APP_ID, "ENABLEX_APP_KEY": APP_KEY})
    assert result.exit_code == 0
    for family in ("core", "broadcast", "streaming", "token"):
        assert family in result.stdout
    assert "4 accepted" in result.stdout
    assert APP_KEY not in result.output


REJECTED = [
    pytest.param(ROTATED_APP_ID, OLD_KEY, (), "core", "PROBE502", id="regenerated-key"),
    pytest.param(VOICE_OFF_APP_ID, VOICE_OFF_APP_KEY, (), "core", "PROBE502", id="voice-disabled"),
    pytest.param(SUSPENDED_APP_ID, SUSPENDED_APP_KEY, (), "broadcast", "PROBE502", id="suspended"),
    pytest.param(NO_BALANCE_APP_ID, NO_BALANCE_APP_KEY, (), "streaming", "PROBE502", id="no-balance"),
    pytest.param("000000000000000000000000", APP_KEY, (), "core", "PROBE502", id="unknown-app-id"),
    pytest.param(APP_ID, APP_KEY, ("--domain", "shop.example.org"), "token", "PROBE503", id="domain-not-whitelisted"),
    pytest.param(TOKEN_NULL_APP_ID, TOKEN_NULL_APP_KEY, ("--domain", DOMAIN), "token", "PROBE504", id="token-null"),
]


@pytest.mark.parametrize(("app_id", "app_key", "args", "family", "code"), REJECTED)
def test_rejections(sandbox, app_id, app_key, args, family, code):
    handle = sandbox()
    result, report = check(handle, app_id, app_key, *args)
    assert result.exit_code == 1
    assert probe_codes(report)[family] == ("rejected", code)


def test_regenerated_key_cause_shows_fingerprint(sandbox):
    handle = sandbox()
    _, report = check(handle, ROTATED_APP_ID, OLD_KEY)
    cause = report["probes"][0]["cause"]
    assert report["credentials"]["app_key"]["fingerprint"] in cause
    assert "regenerated" in cause


def test_trailing_newline_in_key(sandbox):
    handle = sandbox()
    result, report = check(handle, APP_ID, APP_KEY + "\n")
    codes = {finding["code"] for finding in report["findings"]}
    assert {"CRED203", "AUTH110"} <= codes
    assert probe_codes(report)["core"] == ("rejected", "PROBE502")
    assert "AUTH110" in report["probes"][0]["cause"] or "CRED203" in report["probes"][0]["cause"]
    assert result.exit_code == 1


def test_missing_variables_send_nothing(sandbox):
    handle = sandbox()
    result, report = check(handle, None, None)
    assert {"CRED201", "CRED202"} <= {finding["code"] for finding in report["findings"]}
    assert handle.requests() == []
    assert result.exit_code == 1


def test_plain_http_sends_nothing(sandbox):
    handle = sandbox()
    plain = handle.base_url.replace("https://", "http://")
    result = run_cli(["check", "--base-url", plain, "--format", "json"],
                     env={"ENABLEX_APP_ID": APP_ID, "ENABLEX_APP_KEY": APP_KEY})
    report = result.json()
    assert "URL401" in {finding["code"] for finding in report["findings"]}
    assert {probe["verdict"] for probe in report["probes"]} == {"skipped"}
    assert handle.requests() == []
    assert result.exit_code == 1


def test_only_get_and_token_post_reach_the_sandbox(sandbox):
    handle = sandbox()
    check(handle, APP_ID, APP_KEY, "--domain", DOMAIN)
    seen = sorted((entry["method"], entry["path"].split("/")[3]) for entry in handle.requests())
    assert seen == [("GET", "broadcast"), ("GET", "call"), ("GET", "call"), ("POST", "webclient")]
    assert all(entry["authorization_present"] for entry in handle.requests())


def faulty(kind, **fields):
    config = example_config()
    config["faults"] = [dict(path_prefix="/voice/v1/", kind=kind, **fields)]
    return config


FAULTS = [
    pytest.param(faulty("redirect", status=301, location="https://elsewhere.example/voice/v1/call"), "PROBE505", id="redirect-other-host"),
    pytest.param(faulty("redirect", status=302, location="http://127.0.0.1:9/voice/v1/call"), "PROBE505", id="redirect-plain-http"),
    pytest.param(faulty("status", status=407), "PROBE506", id="proxy-auth"),
    pytest.param(faulty("status", status=429, retry_after=30), "PROBE507", id="rate-limited"),
    pytest.param(faulty("status", status=500), "PROBE508", id="500"),
    pytest.param(faulty("status", status=502), "PROBE508", id="502"),
    pytest.param(faulty("status", status=503, retry_after=60), "PROBE508", id="503"),
    pytest.param(faulty("html", status=403), "PROBE512", id="html-gateway"),
    pytest.param(faulty("no_challenge"), "PROBE512", id="401-without-challenge"),
    pytest.param(faulty("reset"), "PROBE510", id="reset"),
    pytest.param(faulty("latency", ms=4000), "PROBE511", id="latency-past-timeout"),
    pytest.param(faulty("slow_body", ms=6000), "PROBE511", id="slow-body-past-timeout"),
]


@pytest.mark.parametrize(("config", "code"), FAULTS)
def test_faults_are_inconclusive(sandbox, config, code):
    handle = sandbox(config)
    result, report = check(handle, APP_ID, APP_KEY, "--timeout", "1")
    assert result.exit_code == 3, result.output
    for probe in report["probes"]:
        assert (probe["verdict"], probe["code"]) == ("inconclusive", code)
        assert probe["cause"]
        assert probe["fix"]


def test_redirect_is_not_followed(sandbox):
    handle = sandbox(faulty("redirect", status=301, location="/voice/v1/calls"))
    check(handle, APP_ID, APP_KEY)
    assert all(not entry["path"].endswith("/calls") for entry in handle.requests())


@pytest.mark.parametrize(("tls_fault", "needle"), [
    pytest.param("untrusted", "unknown CA", id="unknown-ca"),
    pytest.param("expired", "expired", id="expired"),
    pytest.param("wrong-host", "hostname mismatch", id="wrong-host"),
])
def test_tls_failures(sandbox, tls_fault, needle):
    handle = sandbox(tls_fault=tls_fault)
    result, report = check(handle, APP_ID, APP_KEY)
    assert result.exit_code == 3
    for probe in report["probes"]:
        assert probe["code"] == "PROBE509"
        assert needle in probe["cause"]
    assert handle.requests() == []


def test_wrong_ca_bundle_is_tls_failure(sandbox, tmp_path):
    handle = sandbox()
    other = sandbox()
    result = run_cli(["check", "--base-url", handle.base_url, "--ca-bundle", str(other.ca_path), "--format", "json"],
                     env={"ENABLEX_APP_ID": APP_ID, "ENABLEX_APP_KEY": APP_KEY})
    assert {probe["code"] for probe in result.json()["probes"]} == {"PROBE509"}


def test_connection_refused_is_network_failure(sandbox):
    handle = sandbox()
    base, ca = handle.base_url, str(handle.ca_path)
    handle.stop()
    result = run_cli(["check", "--base-url", base, "--ca-bundle", ca, "--format", "json"],
                     env={"ENABLEX_APP_ID": APP_ID, "ENABLEX_APP_KEY": APP_KEY})
    assert result.exit_code == 3
    for probe in json.loads(result.stdout)["probes"]:
        assert probe["code"] == "PROBE510"
        assert "refused" in probe["cause"]


def test_wrong_base_path_is_never_accepted(sandbox):
    handle = sandbox()
    result = run_cli(["check", "--base-url", handle.base_url + "/typo", "--ca-bundle", str(handle.ca_path),
                      "--format", "json"], env={"ENABLEX_APP_ID": APP_ID, "ENABLEX_APP_KEY": "WRONGWRONGWRONGWRONGWRONG1"})
    report = result.json()
    assert result.exit_code == 3
    assert "accepted" not in {probe["verdict"] for probe in report["probes"]}
