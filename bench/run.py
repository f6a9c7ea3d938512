"""`make bench`: run every benchmark script in bench/ and report which targets were met.

Each script prints its own measurements and exits 1 when it misses its
target. Results are recorded by hand in docs/benchmarks.md with the machine.
"""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PREFIXES = ("check_", "diagnose_", "scan_", "reliability_")


def main() -> int:
    scripts = sorted(path for path in BENCH_DIR.glob("*.py") if path.name.startswith(PREFIXES))
    print(f"machine: {platform.machine()}, {_cpu_name()}, {_cores()} cores, Python {platform.python_version()}\n")
    missed = []
    for script in scripts:
        print(f"== {script.name}", flush=True)
        status = subprocess.run([sys.executable, str(script)]).returncode
        if status != 0:
            missed.append(script.name)
        print(flush=True)
    if missed:
        print(f"missed or failed: {', '.join(missed)}")
        return 1
    print(f"all {len(scripts)} benchmarks met their targets")
    return 0


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
