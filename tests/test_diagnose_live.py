"""diagnose --live: re-probe the local sandbox with the credentials found in the paste."""

from __future__ import annotations

import base64

import pytest

from cli_support import run_cli
from sandbox_support import APP_ID, APP_KEY, DOMAIN, OLD_KEY, ROTATED_APP_ID

pytestmark = pytest.mark.sandbox


def header(app_id: str, app_key: str) -> str:
    return "Authorization: Basic " + base64.b64encode(f"{app_id}:{app_key}".encode()).decode()


def live(handle, paste: str, *extra: str):
    args = ["diagnose", "--live", "--format", "json", "--base-url", handle.base_url,
            "--ca-bundle", str(handle.ca_path), "--timeout", "5", *extra]
    return run_cli(args, input=paste.encode())


def test_live_accepts_good_credentials(sandbox):
    handle = sandbox()
    paste = header(APP_ID, APP_KEY) + "\n\nHTTP/1.1 403 Forbidden\n\n{\"result\":403,\"msg\":\"Forbidden\"}\n"

    result = live(handle, paste)
    report = result.json()

    verdicts = {probe["family"]: probe["verdict"] for probe in report["probes"]}
    assert verdicts == {"core": "accepted", "broadcast": "accepted", "streaming": "accepted"}
    assert "valid now" in report["diagnosis"]["summary"]
    assert APP_KEY not in result.output


def test_live_rejects_old_key(sandbox):
    handle = sandbox()

    result = live(handle, header(ROTATED_APP_ID, OLD_KEY) + "\n")
    report = result.json()

    assert {probe["verdict"] for probe in report["probes"]} == {"rejected"}
    assert {probe["code"] for probe in report["probes"]} == {"PROBE502"}
    assert result.exit_code == 1
    assert OLD_KEY not in result.output


def test_live_token_uses_pasted_domain(sandbox):
    handle = sandbox()
    paste = (f"POST /voice/v1/webclient/token HTTP/1.1\nHost: api.enablex.io\n{header(APP_ID, APP_KEY)}\n\n"
             f"{{\"domain\": \"{DOMAIN}\"}}\n")

    report = live(handle, paste).json()

    token = [probe for probe in report["probes"] if probe["family"] == "token"]
    assert token and token[0]["verdict"] == "accepted"


def test_live_without_credentials_skips(sandbox):
    handle = sandbox()

    result = live(handle, "HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm=\"EnableX API\"\n")

    assert {probe["verdict"] for probe in result.json()["probes"]} == {"skipped"}
    assert handle.requests() == []


def test_live_sends_nothing_without_flag(sandbox):
    handle = sandbox()

    result = run_cli(["diagnose", "--format", "json", "--base-url", handle.base_url], input=header(APP_ID, APP_KEY).encode())

    assert result.json()["probes"] == []
    assert handle.requests() == []


def test_live_plain_http_base_skips():
    result = run_cli(["diagnose", "--live", "--format", "json", "--base-url", "http://127.0.0.1:9"],
                     input=header(APP_ID, APP_KEY).encode())

    assert {probe["verdict"] for probe in result.json()["probes"]} == {"skipped"}
