"""The sandbox under concurrent load, and the checker's probes while it is slowed.

A small version of bench/reliability_load.py (which `make bench` runs with
200 requests in flight for 10 s): 5 worker processes of 10 threads each send
the request mix for 2 s, all to 127.0.0.1. The scenario code is shared with
the benchmark, so both check the same things.
"""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys

import pytest

from sandbox_support import REPO_ROOT, example_config

pytestmark = [pytest.mark.load, pytest.mark.sandbox]

BENCH_SCRIPT = REPO_ROOT / "bench" / "reliability_load.py"
PROCESSES, THREADS, SECONDS = 5, 10, 2.0
# More simultaneous connections than socketserver's default listen backlog of 5.
PENDING_CONNECTIONS = 64


def load_bench_module():
    spec = importlib.util.spec_from_file_location("reliability_load", BENCH_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench():
    return load_bench_module()


@pytest.fixture(scope="module")
def scenario(bench, tmp_path_factory):
    return bench.run_scenario(PROCESSES, THREADS, SECONDS, tmp_path_factory.mktemp("load"))


def test_load_every_request_answered(scenario):
    load = scenario.load
    assert load.answered > PROCESSES * THREADS
    assert load.dropped == 0, load.examples
    assert load.sent == load.answered


def test_load_every_answer_correct(scenario):
    assert scenario.load.wrong == 0, scenario.load.examples


def test_load_request_log_matches_answers(scenario):
    assert scenario.log_mismatches == []
    assert scenario.log_lines >= scenario.load.answered


def test_load_covers_every_case(bench, scenario):
    answered_paths = {key.split(" ")[1] for key in scenario.load.answered_by_request}
    assert answered_paths == {case.path for case in bench.load_cases()}
    statuses = {key.rsplit(" ", 1)[1] for key in scenario.load.answered_by_request}
    assert statuses == {"200", "401", "403", "404", "405"}


def test_probes_correct_while_slowed(scenario):
    assert scenario.probes.rounds >= 1
    assert scenario.probes.wrong == 0, scenario.probes.examples


def test_load_ends_on_time(scenario):
    # Start-up of 5 workers, the last requests and the final probe round: a hang guard, not a target.
    assert scenario.elapsed < SECONDS + 20


def test_listener_queues_pending_connections():
    # No thread accepts here, so every connection waits in the listen queue. With
    # socketserver's default backlog of 5, the kernel dropped the SYNs beyond it and
    # clients retried after 1, 2, 4, 8 and 16 s, which stalled loaded runs for 30 s.
    from checker.sandbox import parse_config
    from checker.sandbox.server import SandboxHTTPServer
    from checker.sandbox.tls import build_tls

    server = SandboxHTTPServer(0, build_tls(), parse_config(example_config()), None)
    clients = []
    try:
        for _ in range(PENDING_CONNECTIONS):
            clients.append(socket.create_connection(("127.0.0.1", server.server_port), timeout=0.5))
    finally:
        for client in clients:
            client.close()
        server.server_close()
    assert len(clients) == PENDING_CONNECTIONS


def test_load_rejects_non_loopback_target(bench, tmp_path):
    with pytest.raises(ValueError, match="not on loopback"):
        bench.run_load("https://192.0.2.10", str(tmp_path / "ca.pem"), 1, 1, 1.0)


def test_worker_rejects_non_loopback_target():
    completed = subprocess.run(
        [sys.executable, str(BENCH_SCRIPT), "--worker", "--base-url", "https://192.0.2.10", "--ca", "ca.pem"],
        capture_output=True, text=True, timeout=30,
    )
    assert completed.returncode == 2
    assert "is not on loopback" in completed.stderr


def test_bench_rejects_unbounded_run():
    completed = subprocess.run([sys.executable, str(BENCH_SCRIPT), "--seconds", "3600"],
                               capture_output=True, text=True, timeout=30)
    assert completed.returncode == 2
    assert "at most 120 seconds" in completed.stderr
