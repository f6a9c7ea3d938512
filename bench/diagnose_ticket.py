"""Benchmark: wall time of `diagnose` on typical tickets, start-up included.

Target: the median of each ticket at most 150 ms. The tickets are the ones
the tests use (tests/data/tickets): an email with a curl -v transcript, a raw
exchange, a curl command with a response, and a code snippet.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
TARGET_MS = 150.0
TOOL = Path(sys.executable).with_name("enablex-authcheck")
TICKETS = Path(__file__).resolve().parent.parent / "tests" / "data" / "tickets"
NAMES = ("email-403-good-header.txt", "email-401-no-colon.txt", "curl-dollar-403.txt", "node-no-colon.txt",
         "browser-401-urlsafe.har")


def measure(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> int:
    env = dict(os.environ, NO_COLOR="1")
    # An installed package runs from compiled bytecode (pip compiles it at install time), so let the
    # warm-up run write __pycache__ even where the shell sets PYTHONDONTWRITEBYTECODE.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    missed = False
    print(f"diagnose on typical tickets ({RUNS} runs each, median wall time, start-up included)")
    for name in NAMES:
        command = [str(TOOL), "diagnose", str(TICKETS / name)]
        measure(command, env)  # warm the file cache
        median_ms = statistics.median(measure(command, env) for _ in range(RUNS)) * 1000
        verdict = "meets" if median_ms <= TARGET_MS else "MISSES"
        missed |= median_ms > TARGET_MS
        print(f"  {name:<28} {median_ms:7.1f} ms ({verdict} {TARGET_MS:.0f} ms)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
