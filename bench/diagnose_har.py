"""Benchmark: `diagnose` on a 10 MB HAR file, start-up included.

Target: the median wall time at most 1 s. The script generates the HAR file
in the shape of a browser export attached to a ticket. Page assets with
response bodies make up the bulk of the size, and a few Voice API calls in
between failed with 401 and 403.
"""

from __future__ import annotations

import base64
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = int(os.environ.get("BENCH_RUNS", "10"))
TARGET_MS = 1000.0
SIZE_BYTES = 10 * 1024 * 1024
TOOL = Path(sys.executable).with_name("enablex-authcheck")
TOKEN = base64.b64encode(b"64a1f0c2b7e94d3a8c5e1f27:Qm7Zt2LxVb9NcR4sWp8YhK3dFj6GuE").decode()


def asset_entry(index: int) -> dict:
    body = ("/* asset %d */ " % index) + "var x = 'lorem ipsum dolor sit amet';\n" * 80
    return {
        "startedDateTime": "2026-11-30T10:00:00.000Z",
        "request": {"method": "GET", "url": f"https://shop.example.org/static/chunk-{index}.js", "httpVersion": "h2",
                    "headers": [{"name": "Accept", "value": "*/*"}, {"name": "User-Agent", "value": "Mozilla/5.0"}]},
        "response": {"status": 200, "statusText": "", "headers": [{"name": "Content-Type", "value": "text/javascript"}],
                     "content": {"size": len(body), "mimeType": "text/javascript", "text": body}},
        "timings": {"send": 0, "wait": 12, "receive": 1},
    }


def api_entry(status: int) -> dict:
    return {
        "startedDateTime": "2026-11-30T10:00:01.000Z",
        "request": {"method": "GET", "url": "https://api.enablex.io/voice/v1/call", "httpVersion": "HTTP/1.1",
                    "headers": [{"name": "Authorization", "value": f"Basic {TOKEN}"}]},
        "response": {"status": status, "statusText": "", "headers": [{"name": "Content-Type", "value": "application/json"}],
                     "content": {"size": 30, "mimeType": "application/json", "text": json.dumps({"result": status})}},
    }


def build_har(path: Path) -> int:
    entries = []
    size = 0
    index = 0
    while size < SIZE_BYTES:
        entry = asset_entry(index)
        size += len(json.dumps(entry))
        entries.append(entry)
        if index % 500 == 0:
            entries.append(api_entry(403 if index % 1000 else 401))
        index += 1
    path.write_text(json.dumps({"log": {"version": "1.2", "creator": {"name": "bench"}, "entries": entries}}))
    return len(entries)


def measure(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> int:
    env = dict(os.environ, NO_COLOR="1")
    # An installed package runs from compiled bytecode (pip compiles it at install time), so let the
    # warm-up run write __pycache__ even where the shell sets PYTHONDONTWRITEBYTECODE.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as workdir:
        path = Path(workdir) / "session.har"
        count = build_har(path)
        command = [str(TOOL), "diagnose", "--format", "json", str(path)]
        measure(command, env)  # warm the file cache
        median_ms = statistics.median(measure(command, env) for _ in range(RUNS)) * 1000
        megabytes = path.stat().st_size / (1024 * 1024)
    verdict = "meets" if median_ms <= TARGET_MS else "MISSES"
    print(f"diagnose on a {megabytes:.1f} MiB HAR file with {count} entries ({RUNS} runs, median wall time)")
    print(f"  {median_ms:7.1f} ms ({verdict} the target of {TARGET_MS:.0f} ms)")
    return 0 if median_ms <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
