"""`check` end to end through the CLI, with requests-mock standing in for the platform."""

import re

import pytest

from checker.schema import validate
from cli_support import run_cli

APP_ID = "5f1e99bf90ce3c3c0c52e646"
APP_KEY = "Ry3uEurydeSyTuReXaDuMe9u7ysasa"
BASE = "https://api.example.test"
GOOD_ENV = {"ENABLEX_APP_ID": APP_ID, "ENABLEX_APP_KEY": APP_KEY}
STREAM = re.compile(r"^https://api\.example\.test/voice/v1/call/[^/]+/stream$")
FORBIDDEN = {"status_code": 403, "json": {"result": 403, "msg": "Forbidden"}}


@pytest.fixture(autouse=True)
def _workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def platform(requests_mock, **answers):
    """Register one response per family; each defaults to an accepted 200."""
    ok = {"status_code": 200, "json": {"result": 0}}
    requests_mock.get(BASE + "/voice/v1/call", **answers.get("core", ok))
    requests_mock.get(BASE + "/voice/v1/broadcast", **answers.get("broadcast", ok))
    requests_mock.get(STREAM, **answers.get("streaming", {"status_code": 404, "json": {"result": 404}}))
    requests_mock.post(BASE + "/voice/v1/webclient/token", **answers.get("token", {"status_code": 200, "json": {"token": None}}))


def check(*args, env=GOOD_ENV, input=None):
    return run_cli(["check", "--base-url", BASE, *args], env=env, input=input)


def assert_no_secret(result, *secrets):
    for secret in secrets:
        assert secret not in result.output


def test_good_credentials_all_accepted(requests_mock):
    platform(requests_mock)
    result = check()
    assert result.exit_code == 0, result.output
    assert "3 accepted" in result.stdout
    assert_no_secret(result, APP_KEY)


def test_json_report_validates_and_keeps_exit_status(requests_mock):
    platform(requests_mock, broadcast=FORBIDDEN)
    result = check("--format", "json")
    report = result.json()
    validate(report, "report.schema.json")
    assert result.exit_code == 1
    assert report["summary"]["exit_code"] == 1
    assert report["summary"]["rejected"] == 1
    assert report["credentials"]["app_key"]["fingerprint"].startswith("sha256:")
    assert report["credentials"]["app_key"]["source"] == "env"
    assert_no_secret(result, APP_KEY)


def test_forbidden_cause_ranks_key_and_shows_fingerprint(requests_mock):
    platform(requests_mock, core=FORBIDDEN, broadcast=FORBIDDEN, streaming=FORBIDDEN)
    report = check("--format", "json").json()
    probe = report["probes"][0]
    assert probe["code"] == "PROBE502"
    assert "header is well formed" in probe["cause"]
    assert report["credentials"]["app_key"]["fingerprint"] in probe["cause"]
    assert "Voice API is not enabled" in probe["cause"]


def test_forbidden_with_quoted_key_ranks_the_value_first(requests_mock):
    platform(requests_mock, core=FORBIDDEN)
    result = check("--format", "json", env={"ENABLEX_APP_ID": APP_ID, "ENABLEX_APP_KEY": f"\u201c{APP_KEY}\u201d"})
    probe = result.json()["probes"][0]
    assert "(1) the key or ID value itself: CRED204" in probe["cause"]


def test_unauthorized_points_at_header_problem(requests_mock):
    platform(requests_mock, core={"status_code": 401, "headers": {"WWW-Authenticate": 'Basic realm="EnableX API"'},
                                  "json": {"result": 401, "msg": "Unauthorized"}})
    result = check("--format", "json", env={"ENABLEX_APP_ID": APP_ID, "ENABLEX_APP_KEY": APP_KEY + "\n"})
    probe = result.json()["probes"][0]
    assert probe["code"] == "PROBE501"
    assert "AUTH110" in probe["cause"]


def test_missing_variables_skip_probes(requests_mock):
    platform(requests_mock)
    result = check("--format", "json", env={"ENABLEX_APP_ID": None, "ENABLEX_APP_KEY": None})
    report = result.json()
    codes = {finding["code"] for finding in report["findings"]}
    assert {"CRED201", "CRED202"} <= codes
    assert {probe["verdict"] for probe in report["probes"]} == {"skipped"}
    assert requests_mock.call_count == 0
    assert result.exit_code == 1


def test_plain_http_sends_nothing(requests_mock):
    requests_mock.get(re.compile("http://.*"), json={})
    result = run_cli(["check", "--base-url", "http://api.enablex.io", "--format", "json"], env=GOOD_ENV)
    report = result.json()
    assert "URL401" in {finding["code"] for finding in report["findings"]}
    assert requests_mock.call_count == 0
    assert result.exit_code == 1


def test_inconclusive_exits_3(requests_mock):
    platform(requests_mock, core={"status_code": 503, "json": {}})
    result = check()
    assert result.exit_code == 3, result.output


def test_token_probe_only_with_domain(requests_mock):
    platform(requests_mock, token={"status_code": 405, "json": {"result": 405, "msg": "Method Not Allowed"}})
    without = check("--format", "json").json()
    assert [probe["family"] for probe in without["probes"]] == ["core", "broadcast", "streaming"]
    with_domain = check("--format", "json", "--domain", "shop.example.org")
    token = with_domain.json()["probes"][-1]
    assert token["family"] == "token"
    assert token["code"] == "PROBE503"
    assert requests_mock.request_history[-1].json() == {"domain": "shop.example.org"}


def test_only_get_and_token_post_are_sent(requests_mock):
    platform(requests_mock)
    check("--domain", "example.com")
    methods = sorted(request.method for request in requests_mock.request_history)
    assert methods == ["GET", "GET", "GET", "POST"]


def test_offline_sends_nothing(requests_mock):
    result = check("--offline")
    assert requests_mock.call_count == 0
    assert result.exit_code == 0, result.output


def test_key_from_stdin_drops_one_newline(requests_mock):
    platform(requests_mock)
    result = check("--app-key-stdin", "--format", "json", env={"ENABLEX_APP_ID": APP_ID, "ENABLEX_APP_KEY": None},
                   input=APP_KEY + "\n")
    report = result.json()
    assert report["credentials"]["app_key"]["source"] == "stdin"
    assert report["credentials"]["app_key"]["length"] == len(APP_KEY)
    assert result.exit_code == 0


def test_env_file_is_read_and_environment_wins(tmp_path, requests_mock):
    platform(requests_mock)
    (tmp_path / ".env").write_text(f"ENABLEX_APP_ID={APP_ID}\nENABLEX_APP_KEY=Qw7eRt5yUi3oPa1sDf9gHj8kLz6xCv\n")
    report = check("--format", "json").json()
    assert report["credentials"]["app_key"]["source"] == "env"
    assert report["credentials"]["app_id"]["source"] == "env"
    assert "CRED213" in {finding["code"] for finding in report["findings"]}


def test_env_file_only(tmp_path, requests_mock):
    platform(requests_mock)
    (tmp_path / "prod.env").write_text(f"ENABLEX_APP_ID={APP_ID}\nENABLEX_APP_KEY=\"{APP_KEY}\"\n")
    result = check("--env-file", "prod.env", "--format", "json", env={"ENABLEX_APP_ID": None, "ENABLEX_APP_KEY": None})
    report = result.json()
    assert report["credentials"]["app_key"]["source"] == "env-file:prod.env"
    assert "ENV305" in {finding["code"] for finding in report["findings"]}
    assert result.exit_code == 0


def test_app_id_with_key_warns_command_line(requests_mock):
    platform(requests_mock)
    report = check("--app-id", f"{APP_ID}:{APP_KEY}", "--format", "json", "--offline").json()
    codes = {finding["code"] for finding in report["findings"]}
    assert "CRED212" in codes
    assert "CRED207" in codes


BAD_INPUT = [
    pytest.param(["--env-file", "missing.env"], "env file missing.env not found", id="missing-env-file"),
    pytest.param(["--env-file", "."], "is a directory", id="env-file-directory"),
    pytest.param(["--base-url", "ftp://x"], "invalid base URL", id="base-url-scheme"),
    pytest.param(["--base-url", "https://"], "invalid base URL", id="base-url-no-host"),
    pytest.param(["--base-url", "https://h:port"], "port is not a number", id="base-url-port"),
    pytest.param(["--ca-bundle", "nope.pem"], "CA bundle nope.pem not found", id="ca-bundle-missing"),
    pytest.param(["--timeout", "0"], "Invalid value for '--timeout'", id="timeout-zero"),
    pytest.param(["--app-key", "x"], "No such option", id="no-key-option"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUT)
def test_bad_input_is_one_line_exit_2(args, message):
    result = run_cli(["check", *args], env=GOOD_ENV)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_non_utf8_env_file_exit_2(tmp_path):
    (tmp_path / ".env").write_bytes(b"ENABLEX_APP_KEY=\xe9\xe9\n")
    result = run_cli(["check", "--offline"], env={"ENABLEX_APP_KEY": None})
    assert result.exit_code == 2
    assert "not valid UTF-8" in result.stderr


def test_nul_in_key_exit_2(tmp_path):
    result = run_cli(["check", "--offline", "--app-key-stdin"], env={"ENABLEX_APP_KEY": None},
                     input=APP_KEY[:5] + "\x00" + APP_KEY[5:])
    assert result.exit_code == 2
    assert "U+0000 NULL at position 6" in result.stderr
    assert APP_KEY[5:] not in result.output


def test_prompt_reads_key_without_echo():
    result = run_cli(["check", "--offline", "--prompt", "--format", "json"],
                     env={"ENABLEX_APP_ID": APP_ID, "ENABLEX_APP_KEY": None}, input=APP_KEY + "\n")
    assert result.exit_code == 0, result.output
    assert result.json()["credentials"]["app_key"]["source"] == "prompt"
    assert APP_KEY not in result.output


def test_no_prompt_leaves_key_missing():
    result = run_cli(["check", "--offline", "--no-prompt", "--format", "json"],
                     env={"ENABLEX_APP_ID": APP_ID, "ENABLEX_APP_KEY": None}, input=APP_KEY + "\n")
    assert "CRED202" in {finding["code"] for finding in result.json()["findings"]}
