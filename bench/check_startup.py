"""Benchmark: `check --offline` wall time against `python -c "import click"`.

The target is a ratio of at most 2.5: heavy libraries must load only when a
command uses them. Both commands run in the same virtual environment, from
an empty folder, alternating, and the median of RUNS runs is compared.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
TARGET_RATIO = 2.5
TOOL = Path(sys.executable).with_name("enablex-authcheck")


def measure(command: list[str], env: dict[str, str], cwd: str) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> int:
    env = dict(os.environ, ENABLEX_APP_ID="5f1e99bf90ce3c3c0c52e646", ENABLEX_APP_KEY="Ry3uEurydeSyTuReXaDuMe9u7ysasa",
               NO_COLOR="1")
    baseline_command = [sys.executable, "-c", "import click"]
    check_command = [str(TOOL), "check", "--offline"]
    baseline, check = [], []
    with tempfile.TemporaryDirectory() as workdir:
        for command in (baseline_command, check_command):
            measure(command, env, workdir)  # warm the file cache
        for _ in range(RUNS):
            baseline.append(measure(baseline_command, env, workdir))
            check.append(measure(check_command, env, workdir))

    base_ms = statistics.median(baseline) * 1000
    check_ms = statistics.median(check) * 1000
    ratio = check_ms / base_ms
    verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
    print(f"check --offline startup ({RUNS} runs, median)")
    print(f"  python -c 'import click'      {base_ms:7.1f} ms")
    print(f"  enablex-authcheck check --offline {check_ms:7.1f} ms")
    print(f"  ratio {ratio:.2f} ({verdict} the target of {TARGET_RATIO})")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
