"""`make demo`: run `check` against the bundled sandbox, first with good credentials, then with broken ones.

Everything happens on 127.0.0.1 with a throwaway CA; no other host is contacted.
The demo exits non-zero only when a scenario ends with an exit status other
than the one it is meant to show.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".demo"
CONFIG = ROOT / "examples" / "sandbox.json"
TOOL = [sys.executable, "-m", "checker"]

GOOD_ID = "5f1e99bf90ce3c3c0c52e646"
GOOD_KEY = "Ry3uEurydeSyTuReXaDuMe9u7ysasa"
ROTATED_ID = "de528f326962092ebc1186d2"
OLD_KEY = "lFfG8jWhT2TmNcRQUTegSjawIY7Qvr"

# A .env saved on Windows, with the key pasted from a chat message in typographic quotes.
BROKEN_ENV = f"ENABLEX_APP_ID={GOOD_ID}\r\nENABLEX_APP_KEY=\u201c{GOOD_KEY}\u201d\r\n"


def main() -> int:
    if WORK.exists():
        shutil.rmtree(WORK)
    (WORK / "broken").mkdir(parents=True)
    (WORK / "broken" / ".env").write_bytes(BROKEN_ENV.encode("utf-8"))

    sandbox, base_url = start_sandbox()
    try:
        failures = run_scenarios(base_url)
    finally:
        stop_sandbox(sandbox)
    show_request_log()
    if failures:
        print(f"\ndemo: {len(failures)} scenario(s) ended unexpectedly: {', '.join(failures)}", file=sys.stderr)
        return 1
    print("\ndemo: every scenario ended with the exit status it is meant to show.")
    return 0


def start_sandbox() -> tuple[subprocess.Popen, str]:
    command = TOOL + ["sandbox", "--config", str(CONFIG), "--port", "0", "--ca-out", str(WORK / "ca.pem"),
                      "--request-log", str(WORK / "requests.jsonl")]
    banner("Starting the sandbox", "enablex-authcheck sandbox --config examples/sandbox.json --port 0 "
                                   "--ca-out .demo/ca.pem --request-log .demo/requests.jsonl")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    base_url = process.stdout.readline().strip()
    if not base_url.startswith("https://127.0.0.1:"):
        process.kill()
        raise SystemExit(f"demo: the sandbox did not start (first line: {base_url!r})")
    print(f"sandbox listening at {base_url}")
    return process, base_url


def stop_sandbox(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def run_scenarios(base_url: str) -> list[str]:
    common = ["--base-url", base_url, "--ca-bundle", str(WORK / "ca.pem"), "--no-prompt"]
    scenarios = [
        ("1. Good credentials: every family, the token endpoint included, accepts them",
         "ENABLEX_APP_ID=5f1e...e646 ENABLEX_APP_KEY=*** enablex-authcheck check --domain example.com",
         ["check", "--domain", "example.com", *common], {"ENABLEX_APP_ID": GOOD_ID, "ENABLEX_APP_KEY": GOOD_KEY},
         WORK, 0),
        ("2. A .env with CRLF line endings and a key in typographic quotes",
         "cd .demo/broken && enablex-authcheck check   # reads ./.env",
         ["check", *common], {}, WORK / "broken", 1),
        ("3. A key that was regenerated in the portal (the old key is still deployed)",
         "ENABLEX_APP_ID=de52...86d2 ENABLEX_APP_KEY=<old key> enablex-authcheck check",
         ["check", *common], {"ENABLEX_APP_ID": ROTATED_ID, "ENABLEX_APP_KEY": OLD_KEY}, WORK, 1),
    ]
    failures = []
    for title, shown, args, extra_env, cwd, expected in scenarios:
        banner(title, shown)
        env = {key: value for key, value in os.environ.items() if not key.startswith("ENABLEX_")}
        env.update(extra_env)
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        status = subprocess.run(TOOL + args, cwd=cwd, env=env).returncode
        print(f"\n(exit status {status}; expected {expected})")
        if status != expected:
            failures.append(title.split(".")[0])
    return failures


def show_request_log() -> None:
    banner("What the sandbox received (its request log never holds header values)", "cat .demo/requests.jsonl")
    log = WORK / "requests.jsonl"
    print(log.read_text(encoding="utf-8").rstrip() if log.exists() else "(no request log)")


def banner(title: str, command: str) -> None:
    print(f"\n=== {title}\n$ {command}\n", flush=True)


if __name__ == "__main__":
    sys.exit(main())
