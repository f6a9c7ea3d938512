"""Run the sandbox in the foreground for `enablex-authcheck sandbox` until SIGINT or SIGTERM."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from pathlib import Path
from typing import TextIO

from checker.sandbox.config import load_config
from checker.sandbox.errors import SandboxError
from checker.sandbox.server import SandboxServer

logger = logging.getLogger("checker.sandbox")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def run_sandbox(
    config_path: str | Path,
    port: int,
    ca_out: str | Path,
    request_log: str | Path | None = None,
    tls_fault: str | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Serve until SIGINT or SIGTERM and return exit status 0; raise SandboxError on bad input.

    Prints the base URL as the first line of `stdout` (flushed) once the CA
    certificate is written, so a caller that reads that line can connect at once.
    Must run in the main thread, because it installs signal handlers.
    """
    stdout = stdout or sys.stdout
    config = load_config(config_path)
    ca_out = _check_output_path(Path(ca_out))
    server = SandboxServer(config, port=port, tls_fault=tls_fault, request_log=request_log)

    received: list[int] = []
    stop_requested = threading.Event()

    def request_stop(signal_number: int, _frame) -> None:
        received.append(signal_number)
        stop_requested.set()

    previous_handlers = {number: signal.signal(number, request_stop) for number in STOP_SIGNALS}
    try:
        server.start()
        server.write_ca(ca_out)
        print(server.base_url, file=stdout, flush=True)
        # A timed wait, so the main thread wakes up to run the signal handler promptly.
        while not stop_requested.wait(timeout=0.5):
            pass
        logger.info("received %s, stopping", signal.Signals(received[0]).name)
    finally:
        server.stop()
        for number, handler in previous_handlers.items():
            signal.signal(number, handler)
    return 0


def _check_output_path(path: Path) -> Path:
    """Reject a CA output path that cannot be written before anything starts listening."""
    if path.is_dir():
        raise SandboxError(f"--ca-out {path} is a directory; name a file to write the CA certificate to")
    if not path.parent.is_dir():
        raise SandboxError(
            f"--ca-out {path}: directory {path.parent} does not exist; create it or choose another path"
        )
    return path
