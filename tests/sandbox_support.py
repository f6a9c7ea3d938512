"""Start the HTTPS sandbox from tests: in process, or as the real CLI in a subprocess.

The credentials below match examples/sandbox.json, the config used when a test
passes none. Every sandbox listens on 127.0.0.1 only.

    from sandbox_support import APP_ID, APP_KEY, start_sandbox

    handle = start_sandbox(tmp_path)
    requests.get(handle.url("/voice/v1/call"), auth=(APP_ID, APP_KEY), verify=handle.ca_path)
    handle.requests()  # the parsed request log lines
    handle.stop()

Most tests use the `sandbox` fixture from conftest.py, which stops what it starts.
"""

from __future__ import annotations

import base64
import copy
import json
import os
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CONFIG_PATH = REPO_ROOT / "examples" / "sandbox.json"

# These keys exist only in examples/sandbox.json, so `scan` is told to ignore them.

# The good project: Voice enabled, account active, web client tokens for DOMAIN.
APP_ID = "5f1e99bf90ce3c3c0c52e646"
APP_KEY = "Ry3uEurydeSyTuReXaDuMe9u7ysasa"  # enablex-authcheck: ignore[SRC601]
DOMAIN = "example.com"

# A project whose key was regenerated: OLD_KEY is in its previous_keys (403).
ROTATED_APP_ID = "de528f326962092ebc1186d2"
ROTATED_APP_KEY = "2Kuoq9VWfkPBnt17cfX1CHpfZRZpUW"  # enablex-authcheck: ignore[SRC601]
OLD_KEY = "lFfG8jWhT2TmNcRQUTegSjawIY7Qvr"

# Projects that authenticate correctly but are denied (403).
VOICE_OFF_APP_ID = "5f65531ce1124a8f85eb160e"
VOICE_OFF_APP_KEY = "lEja8dXEOIYgoMXNW4aCgsuE8E3phD"  # enablex-authcheck: ignore[SRC601]
SUSPENDED_APP_ID = "be4aacf433a0ebd650436961"
SUSPENDED_APP_KEY = "6Vr0ZtC3yMmrKPIf5Jwk8I93npNYJP"  # enablex-authcheck: ignore[SRC601]
NO_BALANCE_APP_ID = "6c357a18b843355143c3fdcd"
NO_BALANCE_APP_KEY = "qHFZnplZjA2fDdIRGNmwAVTV0xdfkW"  # enablex-authcheck: ignore[SRC601]

# A project whose token endpoint returns {"token": null}, with DOMAIN whitelisted.
TOKEN_NULL_APP_ID = "b1517337cada7f36b6f18c89"
TOKEN_NULL_APP_KEY = "16N1S4P8n5lyuDuVLmPQT4Y9MjtFkp"  # enablex-authcheck: ignore[SRC601]

# An App ID that no project in the example config has.
UNKNOWN_APP_ID = "000000000000000000000000"

PROCESS_START_TIMEOUT_SECONDS = 20
PROCESS_STOP_TIMEOUT_SECONDS = 10


def basic(app_id: str, app_key: str) -> str:
    """Build a correct Authorization value: `Basic base64(id:key)`."""
    return "Basic " + base64.b64encode(f"{app_id}:{app_key}".encode("utf-8")).decode("ascii")


def example_config() -> dict:
    """Return a fresh copy of examples/sandbox.json, safe to modify."""
    return copy.deepcopy(json.loads(EXAMPLE_CONFIG_PATH.read_text(encoding="utf-8")))


def read_request_log(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass
class SandboxHandle:
    """A started sandbox: where it listens, its CA file and its request log."""

    base_url: str
    ca_path: Path
    log_path: Path
    server: object = None  # the SandboxServer when started in process
    process: subprocess.Popen | None = None
    stderr_path: Path | None = None  # the subprocess's standard error

    def url(self, path: str) -> str:
        return self.base_url + path

    def requests(self) -> list[dict]:
        """Return the request log lines recorded so far, parsed."""
        return read_request_log(self.log_path)

    def stderr(self) -> str:
        """Return what the subprocess wrote to standard error so far ("" in process)."""
        if self.stderr_path is None or not self.stderr_path.exists():
            return ""
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int | None:
        """Stop the sandbox; for a subprocess, send SIGTERM and return its exit status."""
        if self.server is not None:
            self.server.stop()
            return None
        if self.process is not None:
            return _terminate(self.process)
        return None


def start_sandbox(
    tmp_path: Path, config: dict | None = None, *, port: int = 0, tls_fault: str | None = None,
    request_log: Path | None = None,
) -> SandboxHandle:
    """Start an in-process sandbox (examples/sandbox.json unless `config` is given)."""
    from checker.sandbox import SandboxServer

    tmp_path.mkdir(parents=True, exist_ok=True)
    log_path = request_log or tmp_path / "sandbox-requests.jsonl"
    server = SandboxServer(
        example_config() if config is None else config, port=port, tls_fault=tls_fault, request_log=log_path
    )
    server.start()
    ca_path = server.write_ca(tmp_path / "sandbox-ca.pem")
    return SandboxHandle(server.base_url, ca_path, log_path, server=server)


def start_sandbox_process(
    tmp_path: Path, config: dict | None = None, *, port: int = 0, tls_fault: str | None = None,
    extra_args: tuple[str, ...] = (),
) -> SandboxHandle:
    """Run `python -m checker sandbox` and wait for the base URL on its first stdout line.

    The subprocess inherits PYTHONPATH, which loads the loopback-only network
    guard. Call `stop()` on the handle (SIGTERM) when done.
    """
    tmp_path.mkdir(parents=True, exist_ok=True)
    config_path = tmp_path / "sandbox-config.json"
    config_path.write_text(json.dumps(example_config() if config is None else config), encoding="utf-8")
    ca_path = tmp_path / "sandbox-ca.pem"
    log_path = tmp_path / "sandbox-requests.jsonl"
    stderr_path = tmp_path / "sandbox-stderr.log"
    command = [
        sys.executable, "-m", "checker", "sandbox", "--config", str(config_path), "--port", str(port),
        "--ca-out", str(ca_path), "--request-log", str(log_path), *extra_args,
    ]
    if tls_fault:
        command += ["--tls-fault", tls_fault]

    # Standard error goes to a file, because a pipe that no one reads would block a verbose (-v) sandbox.
    with stderr_path.open("w", encoding="utf-8") as stderr_file:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=stderr_file, stdin=subprocess.DEVNULL, text=True,
            cwd=REPO_ROOT, env=os.environ.copy(),
        )
    handle = SandboxHandle("", ca_path, log_path, process=process, stderr_path=stderr_path)
    handle.base_url = _read_first_line(handle)
    return handle


def _read_first_line(handle: SandboxHandle) -> str:
    process = handle.process
    ready, _, _ = select.select([process.stdout], [], [], PROCESS_START_TIMEOUT_SECONDS)
    line = process.stdout.readline() if ready else ""
    if not line.startswith("https://"):
        _terminate(process)
        raise AssertionError(
            f"sandbox subprocess printed {line!r} instead of its base URL within "
            f"{PROCESS_START_TIMEOUT_SECONDS} s; its stderr was:\n{handle.stderr()}"
        )
    return line.strip()


def _terminate(process: subprocess.Popen) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=PROCESS_STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise AssertionError(f"sandbox subprocess {process.pid} ignored SIGTERM for {PROCESS_STOP_TIMEOUT_SECONDS} s")
    finally:
        if process.stdout is not None:
            process.stdout.close()


def wait_for(condition, timeout: float = 5.0, interval: float = 0.02) -> bool:
    """Poll `condition` until it returns true or `timeout` seconds pass; return its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


@dataclass
class RawResponse:
    status: int
    headers: object  # http.client.HTTPMessage: case-insensitive, get_all() for repeats
    body: bytes


def raw_request(handle: SandboxHandle, request_head: bytes, body: bytes = b"", timeout: float = 10.0) -> RawResponse:
    """Send bytes exactly as given over TLS and parse the response.

    For requests that requests and curl refuse to build: repeated or folded
    headers, non-ASCII bytes. `request_head` is the request line and headers,
    without the blank line that ends them. Host, Content-Length and
    `Connection: close` are added.
    """
    import http.client
    import socket
    import ssl
    from urllib.parse import urlsplit

    address = urlsplit(handle.base_url)
    context = ssl.create_default_context(cafile=str(handle.ca_path))
    head = request_head.rstrip(b"\r\n") + b"\r\nHost: " + address.netloc.encode("ascii")
    head += b"\r\nContent-Length: " + str(len(body)).encode("ascii") + b"\r\nConnection: close\r\n\r\n"
    with socket.create_connection((address.hostname, address.port), timeout=timeout) as plain:
        with context.wrap_socket(plain, server_hostname=address.hostname) as connection:
            connection.sendall(head + body)
            response = http.client.HTTPResponse(connection)
            response.begin()
            return RawResponse(response.status, response.headers, response.read())
