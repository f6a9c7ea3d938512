"""`enablex-authcheck sandbox` as a user runs it: start, serve, stop on a signal, reject bad input."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys

import pytest
import requests

from checker.cli import main
from sandbox_support import APP_ID, APP_KEY, REPO_ROOT, example_config, start_sandbox_process

pytestmark = pytest.mark.sandbox


def get_call(handle) -> requests.Response:
    with requests.Session() as client:
        client.trust_env = False
        return client.get(handle.url("/voice/v1/call"), auth=(APP_ID, APP_KEY), verify=handle.ca_path, timeout=10)


def test_process_serves_then_stops_on_sigterm(tmp_path):
    handle = start_sandbox_process(tmp_path)

    response = get_call(handle)
    status = handle.stop()

    assert handle.base_url.startswith("https://127.0.0.1:")
    assert handle.ca_path.read_text(encoding="ascii").startswith("-----BEGIN CERTIFICATE-----")
    assert response.status_code == 200
    assert status == 0
    assert "Traceback" not in handle.stderr()
    assert "received SIGTERM, stopping" in handle.stderr()
    assert [line["status"] for line in handle.requests()] == [200]


def test_process_stops_on_sigint(tmp_path):
    handle = start_sandbox_process(tmp_path)

    handle.process.send_signal(signal.SIGINT)
    status = handle.process.wait(timeout=10)
    handle.stop()

    assert status == 0
    assert "Traceback" not in handle.stderr()
    assert "received SIGINT, stopping" in handle.stderr()


def test_process_logs_without_secrets(tmp_path):
    handle = start_sandbox_process(tmp_path, extra_args=("-v",))

    get_call(handle)
    handle.stop()

    stderr = handle.stderr()
    assert "sandbox listening on https://127.0.0.1:" in stderr
    assert "GET /voice/v1/call" in stderr
    assert APP_KEY not in stderr


def test_process_tls_fault(tmp_path):
    handle = start_sandbox_process(tmp_path, tls_fault="expired")

    with pytest.raises(requests.exceptions.SSLError, match="certificate has expired"):
        get_call(handle)

    assert handle.stop() == 0


def run_cli(capsys, *arguments: str) -> tuple[int, str, str]:
    """Run the CLI in this process; return its exit status, stdout and stderr."""
    with pytest.raises(SystemExit) as exited:
        main(["sandbox", *arguments])
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err


def write_config(tmp_path, document) -> str:
    path = tmp_path / "config.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return str(path)


def assert_one_error_line(status: int, out: str, err: str, *fragments: str) -> None:
    assert status == 2
    assert out == ""
    assert err.startswith("error: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err


def test_missing_config_file(tmp_path, capsys):
    result = run_cli(capsys, "--config", str(tmp_path / "nope.json"), "--ca-out", str(tmp_path / "ca.pem"))

    assert_one_error_line(*result, "nope.json not found", "--config")


def test_config_not_json(tmp_path, capsys):
    config = write_config(tmp_path, "{projects: []}")

    result = run_cli(capsys, "--config", config, "--ca-out", str(tmp_path / "ca.pem"))

    assert_one_error_line(*result, "config.json is not valid JSON", "line 1 column 2")


def test_config_invalid_names_path_and_file(tmp_path, capsys):
    config = example_config()
    config["projects"][2]["voice_enabled"] = "no"
    path = write_config(tmp_path, config)

    result = run_cli(capsys, "--config", path, "--ca-out", str(tmp_path / "ca.pem"))

    assert_one_error_line(*result, path, "$.projects[2].voice_enabled", "'boolean'")
    assert APP_KEY not in result[2]


def test_ca_out_in_missing_directory(tmp_path, capsys):
    config = write_config(tmp_path, example_config())

    result = run_cli(capsys, "--config", config, "--ca-out", str(tmp_path / "missing" / "ca.pem"))

    assert_one_error_line(*result, "--ca-out", "does not exist")


def test_ca_out_is_directory(tmp_path, capsys):
    config = write_config(tmp_path, example_config())

    result = run_cli(capsys, "--config", config, "--ca-out", str(tmp_path))

    assert_one_error_line(*result, "is a directory")


def test_request_log_in_missing_directory(tmp_path, capsys):
    config = write_config(tmp_path, example_config())

    result = run_cli(
        capsys, "--config", config, "--ca-out", str(tmp_path / "ca.pem"),
        "--request-log", str(tmp_path / "missing" / "log.jsonl"),
    )

    assert_one_error_line(*result, "request log", "does not exist")


def test_port_in_use(tmp_path, capsys):
    config = write_config(tmp_path, example_config())
    with socket.socket() as occupier:
        occupier.bind(("127.0.0.1", 0))
        occupier.listen()
        port = occupier.getsockname()[1]

        result = run_cli(capsys, "--config", config, "--ca-out", str(tmp_path / "ca.pem"), "--port", str(port))

    assert_one_error_line(*result, f"port {port}", "already in use", "--port 0")
    assert not (tmp_path / "ca.pem").exists()


def test_trustme_missing(tmp_path, capsys, monkeypatch):
    config = write_config(tmp_path, example_config())
    monkeypatch.setitem(sys.modules, "trustme", None)  # makes `import trustme` raise ImportError

    result = run_cli(capsys, "--config", config, "--ca-out", str(tmp_path / "ca.pem"))

    assert_one_error_line(*result, "trustme", "pip install '.[sandbox]'")


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param(["--tls-fault", "self-signed"], id="unknown-tls-fault"),
        pytest.param(["--port", "70000"], id="port-out-of-range"),
        pytest.param(["--port", "-1"], id="port-negative"),
    ],
)
def test_bad_option_exits_2(tmp_path, capsys, arguments):
    config = write_config(tmp_path, example_config())

    status, out, err = run_cli(capsys, "--config", config, "--ca-out", str(tmp_path / "ca.pem"), *arguments)

    assert status == 2
    assert "Traceback" not in err


def test_required_options(capsys):
    status, _, err = run_cli(capsys)

    assert status == 2
    assert "--config" in err


def test_invalid_config_in_subprocess(tmp_path):
    config = write_config(tmp_path, {"projects": [{"app_id": APP_ID, "app_key": APP_KEY, "account": "closed"}]})

    completed = subprocess.run(
        [sys.executable, "-m", "checker", "sandbox", "--config", config, "--ca-out", str(tmp_path / "ca.pem")],
        capture_output=True, text=True, timeout=30, cwd=REPO_ROOT, stdin=subprocess.DEVNULL,
    )

    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.startswith("error: invalid sandbox config ")
    assert "$.projects[0].account" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_cli_tls_choices_match_sandbox():
    from checker.cli.sandbox import TLS_FAULT_CHOICES
    from checker.sandbox.tls import TLS_FAULTS

    assert TLS_FAULT_CHOICES == TLS_FAULTS


def test_help_lists_options(capsys):
    status, out, _ = run_cli(capsys, "--help")

    assert status == 0
    for option in ("--config", "--port", "--ca-out", "--request-log", "--tls-fault"):
        assert option in out
