"""Time `enablex-authcheck scan` next to detect-secrets-hook and ripgrep, in one run.

Two measurements, each repeated with the tools alternating so that both see
the same machine state:

1. A pre-commit style call on one file: `enablex-authcheck scan FILE`
   against `detect-secrets-hook FILE`, for a clean module and for a file
   with a hardcoded key. The hook runs from a fresh virtual environment
   with this project installed by `pip install .`, as pre-commit installs
   it (`--editable-venv` uses the project's .venv instead).
2. A whole tree: a copy of this Python's standard library (without
   site-packages) in bench/trees/stdlib, scanned by `enablex-authcheck scan
   --no-gitignore` and searched by `rg --no-ignore` for four patterns that
   stand for the scanner's main checks. Both read every file, because this
   repository's .gitignore would otherwise hide the tree's __pycache__.
   Peak memory is the summed resident set size of the scan's process tree,
   sampled from /proc every 10 ms (Linux only).

Targets: the hook call at least 2.5 times faster than detect-secrets-hook
on each file, the tree scan within 25 times ripgrep's time, and a peak of
less than 100 MiB. The script exits 1 when a target is missed.

Usage: .venv/bin/python bench/scan_bench.py [--repeat N] [--json bench/out/scan.json]
Needs detect-secrets (`pip install detect-secrets`) and ripgrep (`rg`).
Timings are wall-clock medians after one warm-up run of each command.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
TREE = BENCH / "trees" / "stdlib"
BIN = Path(sys.executable).parent
RG_PATTERNS = [
    r"app[_-]?key",                  # SRC601, SRC606, SRC611: key-like names
    r"Basic [A-Za-z0-9+/]{12,}",     # SRC602: literal Basic tokens
    r"http://[^ ]*enablex\.io",      # SRC603: plain-http Voice API URLs
    r"verify=False",                 # SRC610: one TLS setting  enablex-authcheck: ignore[SRC610]
]
MIN_HOOK_SPEED_UP = 2.5
MAX_TREE_RATIO = 25.0
MAX_PEAK_MIB = 100.0
HOOK_SAMPLE = "APP_ID = \"5f1e99bf90ce3c3c0c52e646\"\nAPP_KEY = \"Ry3uEurydeSyTuReXaDuMe9u7ysasa\"\n"


def ensure_tree() -> Path:
    """Copy the standard library into bench/trees/stdlib once (gitignored)."""
    if TREE.is_dir():
        return TREE
    source = Path(sysconfig.get_paths()["stdlib"])
    print(f"copying {source} to {TREE} (without site-packages) ...", file=sys.stderr)
    shutil.copytree(source, TREE, symlinks=True, ignore=shutil.ignore_patterns("site-packages"))
    return TREE


def tree_size(root: Path) -> tuple[int, int]:
    files = size = 0
    for directory, _, names in os.walk(root):
        for name in names:
            path = os.path.join(directory, name)
            if not os.path.islink(path):
                files += 1
                size += os.path.getsize(path)
    return files, size


class PeakMemory:
    """Sample the summed RSS of a process and its descendants until it exits."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kib = 0
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._done = threading.Event()
        self._thread.start()

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak_kib

    def _run(self) -> None:
        while not self._done.is_set():
            self.peak_kib = max(self.peak_kib, sum(_rss_kib(pid) for pid in _tree_pids(self.pid)))
            time.sleep(0.01)


def _tree_pids(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            parent = _parent_pid(int(entry))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, []))
    return found


def _parent_pid(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return int(handle.read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


# An installed package runs from compiled bytecode; let the warm-up run write
# __pycache__ even where PYTHONDONTWRITEBYTECODE is set, for both tools alike.
RUN_ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run_once(command: list[str], cwd: Path, measure_memory: bool = False) -> tuple[float, int, int]:
    """Return (seconds, exit status, peak KiB of the process tree or 0)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=RUN_ENVIRONMENT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sampler = PeakMemory(process.pid) if measure_memory else None
    status = process.wait()
    elapsed = time.perf_counter() - started
    peak = sampler.stop() if sampler else 0
    return elapsed, status, peak


def compare(commands: dict[str, list[str]], cwd: Path, repeat: int, memory: str | None = None) -> dict:
    """Run the commands alternately `repeat` times; return the median seconds of each."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    statuses: dict[str, int] = {}
    peaks: list[int] = []
    for command in commands.values():
        run_once(command, cwd)  # warm-up: bytecode caches and the page cache
    for _ in range(repeat):
        for name, command in commands.items():
            elapsed, status, peak = run_once(command, cwd, measure_memory=(name == memory))
            times[name].append(elapsed)
            statuses[name] = status
            if name == memory:
                peaks.append(peak)
    result = {name: {"median_s": statistics.median(values), "min_s": min(values), "exit": statuses[name]}
              for name, values in times.items()}
    if memory:
        result[memory]["peak_rss_mib"] = max(peaks) / 1024
    return result


def hook_environment(work: Path) -> Path:
    """Install this project into a new virtual environment, as pre-commit does, and return its bin/."""
    environment = work / "hook-venv"
    print("installing the hook into a fresh virtual environment ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(environment)], check=True)
    subprocess.run([str(environment / "bin" / "python"), "-m", "pip", "install", "--quiet", str(PROJECT)],
                   check=True, env=RUN_ENVIRONMENT)
    return environment / "bin"


def one_file_benchmark(work: Path, repeat: int, hook_bin: Path) -> dict:
    clean = work / "clean_module.py"
    shutil.copyfile(Path(sysconfig.get_paths()["stdlib"]) / "json" / "decoder.py", clean)
    with_key = work / "settings.py"
    with_key.write_text(HOOK_SAMPLE, encoding="utf-8")
    results = {}
    for label, path in (("clean module (json/decoder.py)", clean), ("file with a hardcoded key", with_key)):
        results[label] = compare({
            "enablex-authcheck": [str(hook_bin / "enablex-authcheck"), "scan", path.name],
            "detect-secrets-hook": [str(BIN / "detect-secrets-hook"), path.name],
        }, work, repeat)
    return results


def tree_benchmark(work: Path, repeat: int) -> dict:
    rg = shutil.which("rg")
    if rg is None:
        raise SystemExit("ripgrep (rg) is not installed: apt-get install ripgrep")
    rg_command = [rg, "--no-ignore", "--hidden", "--no-messages", "-c", "-i"]
    for pattern in RG_PATTERNS:
        rg_command += ["-e", pattern]
    return compare({
        "enablex-authcheck": [str(BIN / "enablex-authcheck"), "scan", "--no-gitignore", str(TREE)],
        "ripgrep": [*rg_command, str(TREE)],
    }, work, repeat, memory="enablex-authcheck")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11, help="runs of each command (default 11)")
    parser.add_argument("--json", type=Path, default=BENCH / "out" / "scan.json", help="where to write the raw results")
    parser.add_argument("--editable-venv", action="store_true",
                        help="time the hook from the project's .venv instead of a fresh pip install")
    arguments = parser.parse_args()

    ensure_tree()
    files, size = tree_size(TREE)
    # Outside the project, so its config (which excludes bench/trees) is not picked up.
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        hook_bin = BIN if arguments.editable_venv else hook_environment(work)
        results = {
            "machine": {"python": platform.python_version(), "platform": platform.platform(),
                        "cpus": os.cpu_count(), "processor": platform.processor() or platform.machine()},
            "tree": {"path": str(TREE.relative_to(PROJECT)), "files": files, "bytes": size},
            "repeat": arguments.repeat,
            "hook_install": "editable .venv" if arguments.editable_venv else "pip install . into a fresh venv",
            "one_file": one_file_benchmark(work, arguments.repeat, hook_bin),
            "tree_scan": tree_benchmark(work, arguments.repeat),
        }

    arguments.json.parent.mkdir(parents=True, exist_ok=True)
    arguments.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    missed = print_summary(results)
    for target in missed:
        print(f"target missed: {target}")
    return 1 if missed else 0


def print_summary(results: dict) -> list[str]:
    """Print the measurements and return the targets that were missed."""
    missed = []
    for label, pair in results["one_file"].items():
        ours, theirs = pair["enablex-authcheck"]["median_s"], pair["detect-secrets-hook"]["median_s"]
        speed_up = theirs / ours
        print(f"one file, {label}: enablex-authcheck {ours * 1000:.0f} ms, "
              f"detect-secrets-hook {theirs * 1000:.0f} ms, speed-up {speed_up:.2f}x")
        if speed_up < MIN_HOOK_SPEED_UP:
            missed.append(f"hook call on the {label} is {speed_up:.2f}x, not {MIN_HOOK_SPEED_UP}x, faster")

    tree = results["tree_scan"]
    ours, rg = tree["enablex-authcheck"]["median_s"], tree["ripgrep"]["median_s"]
    peak = tree["enablex-authcheck"]["peak_rss_mib"]
    print(f"tree ({results['tree']['files']} files, {results['tree']['bytes'] / 2**20:.0f} MiB): "
          f"enablex-authcheck {ours:.2f} s, ripgrep {rg:.3f} s, ratio {ours / rg:.1f}x, peak RSS {peak:.1f} MiB")
    if ours / rg > MAX_TREE_RATIO:
        missed.append(f"tree scan takes {ours / rg:.1f}x ripgrep's time, more than {MAX_TREE_RATIO}x")
    if peak >= MAX_PEAK_MIB:
        missed.append(f"tree scan peaks at {peak:.1f} MiB, not under {MAX_PEAK_MIB} MiB")
    return missed


if __name__ == "__main__":
    sys.exit(main())
