"""Benchmark: four concurrent probes against 500 ms of injected latency each.

Target: with the latency, `check` takes at most 1.6 x 500 ms longer than
without it, which holds only when the probes run concurrently. The sandbox
runs in this process on 127.0.0.1; the probes go through the real HTTP and TLS
stack. The median of RUNS runs is compared.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.header import build_header  # noqa: E402
from checker.probes import plan_probes, run_probes  # noqa: E402
from checker.sandbox import SandboxServer  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
LATENCY_MS = 500
TARGET_EXTRA_MS = 1.6 * LATENCY_MS
APP_ID = "5f1e99bf90ce3c3c0c52e646"
APP_KEY = "Ry3uEurydeSyTuReXaDuMe9u7ysasa"


def timed_probes(config: dict, workdir: Path) -> float:
    with SandboxServer(config, port=0) as server:
        ca_path = server.write_ca(workdir / "ca.pem")
        plans = plan_probes(server.base_url, ("core", "broadcast", "streaming", "token"), "example.com")
        header = build_header(APP_ID, APP_KEY)
        started = time.perf_counter()
        results = run_probes(plans, header, timeout=10, ca_bundle=str(ca_path))
        elapsed = (time.perf_counter() - started) * 1000
    verdicts = {result.verdict.value for result in results}
    if verdicts != {"accepted"}:
        raise SystemExit(f"unexpected verdicts {verdicts}; the benchmark measures accepted probes only")
    return elapsed


def main() -> int:
    config = json.loads((ROOT / "examples" / "sandbox.json").read_text())
    config["faults"] = []
    slow = dict(config, faults=[{"path_prefix": "/voice/v1/", "kind": "latency", "ms": LATENCY_MS}])
    fast_runs, slow_runs = [], []
    with tempfile.TemporaryDirectory() as workdir:
        for _ in range(RUNS):
            fast_runs.append(timed_probes(config, Path(workdir)))
            slow_runs.append(timed_probes(slow, Path(workdir)))
    fast, slow_ms = statistics.median(fast_runs), statistics.median(slow_runs)
    extra = slow_ms - fast
    verdict = "meets" if extra <= TARGET_EXTRA_MS else "MISSES"
    print(f"four probes, {LATENCY_MS} ms latency each ({RUNS} runs, median)")
    print(f"  without latency  {fast:7.1f} ms")
    print(f"  with latency     {slow_ms:7.1f} ms")
    print(f"  extra {extra:.1f} ms ({verdict} the target of at most {TARGET_EXTRA_MS:.0f} ms)")
    return 0 if extra <= TARGET_EXTRA_MS else 1


if __name__ == "__main__":
    sys.exit(main())
