"""Reliability under load: many concurrent clients against the sandbox on 127.0.0.1.

The full run (`make bench`, or this script alone) starts the sandbox in this
process with a 200 ms `latency` fault on /voice/v1/broadcast. Then 20 worker
processes of 10 threads each keep 200 requests in flight for 10 seconds. Every response is checked against what its credentials and path
must get (good key, old key, malformed headers, the token endpoint). While
the load runs, this process keeps running the checker's own probes
(`checker.probes.run_probes`) and checks their verdicts. At the end, the
sandbox's request log must hold exactly the requests that were answered.

Exit status 1 when any answer was wrong or missing, a probe verdict was wrong,
or the request log disagrees. Every connection goes to 127.0.0.1 only; each
worker stops after SECONDS or MAX_REQUESTS_PER_THREAD requests per thread,
whichever comes first, and the driver kills a worker that overruns.

    .venv/bin/python bench/reliability_load.py                  # 20 x 10 threads, 10 s
    .venv/bin/python bench/reliability_load.py --processes 5 --threads 10 --seconds 2
"""

from __future__ import annotations

import argparse
import base64
import collections
import dataclasses
import json
import logging
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

EXAMPLE_CONFIG = ROOT / "examples" / "sandbox.json"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
TOKEN_PATH = "/voice/v1/webclient/token"
SLOW_PATH = "/voice/v1/broadcast"
LATENCY_MS = 200
# A request without a response in this time counts as dropped.
CLIENT_TIMEOUT_SECONDS = 30
MAX_REQUESTS_PER_THREAD = 5000
# Time the driver grants a worker beyond its run time, for start-up and the last requests.
WORKER_GRACE_SECONDS = 60
WRONG_EXAMPLES_KEPT = 5
PROBE_TIMEOUT_SECONDS = 10
SHORT_PROBE_TIMEOUT_SECONDS = 0.1


# The request mix. Credentials come from examples/sandbox.json by the role each project plays there.

@dataclasses.dataclass(frozen=True)
class LoadCase:
    name: str
    method: str
    path: str
    authorization: str | None
    body: bytes | None
    status: int

    def check(self, status: int, headers, body: bytes) -> str | None:
        """Return why the response is wrong, or None when it is what this case must get."""
        if status != self.status:
            return f"{self.name}: status {status}, expected {self.status}"
        try:
            document = json.loads(body)
        except ValueError:
            return f"{self.name}: the body is not JSON"
        if status == 401 and headers.get("WWW-Authenticate") != 'Basic realm="EnableX API"':
            return f"{self.name}: 401 without the platform's Basic challenge"
        if status >= 400:
            expected = {"result": status}
            if {key: document.get(key) for key in expected} != expected:
                return f"{self.name}: error body {document!r}"
            return None
        if self.path == TOKEN_PATH:
            return self._check_token(document)
        if document.get("result") != 0:
            return f"{self.name}: body {document!r}"
        return None

    def _check_token(self, document: dict) -> str | None:
        token = document.get("token", "missing")
        if self.name == "token-null":
            return None if token is None else f"{self.name}: token {type(token).__name__}, expected null"
        if not isinstance(token, str) or token.count(".") != 2:
            return f"{self.name}: no JWT in the body"
        return None


def basic(app_id: str, app_key: str) -> str:
    return "Basic " + base64.b64encode(f"{app_id}:{app_key}".encode("utf-8")).decode("ascii")


def example_projects() -> dict[str, dict]:
    """Pick the example projects by role: good, rotated (has previous keys) and token-null."""
    projects = json.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))["projects"]

    def first(predicate) -> dict:
        return next(project for project in projects if predicate(project))

    return {
        "good": first(lambda p: p.get("domains") and not p.get("token_null") and p.get("voice_enabled", True)
                      and p.get("account", "active") == "active"),
        "rotated": first(lambda p: p.get("previous_keys")),
        "token_null": first(lambda p: p.get("token_null")),
    }


def load_cases() -> list[LoadCase]:
    projects = example_projects()
    good, rotated, token_null = projects["good"], projects["rotated"], projects["token_null"]
    good_header = basic(good["app_id"], good["app_key"])
    domain = json.dumps({"domain": good["domains"][0]}).encode()
    return [
        LoadCase("good-call", "GET", "/voice/v1/call", good_header, None, 200),
        LoadCase("good-broadcast", "GET", SLOW_PATH, good_header, None, 200),
        LoadCase("good-stream", "GET", "/voice/v1/call/no-such-call/stream", good_header, None, 404),
        LoadCase("old-key", "GET", "/voice/v1/call", basic(rotated["app_id"], rotated["previous_keys"][0]), None, 403),
        LoadCase("lower-case-scheme", "GET", "/voice/v1/call", "basic" + good_header[5:], None, 401),
        LoadCase("no-colon", "GET", SLOW_PATH,
                 "Basic " + base64.b64encode((good["app_id"] + good["app_key"]).encode()).decode(), None, 401),
        LoadCase("no-header", "GET", "/voice/v1/call", None, None, 401),
        LoadCase("token-issued", "POST", TOKEN_PATH, good_header, domain, 200),
        LoadCase("token-not-whitelisted", "POST", TOKEN_PATH, good_header,
                 json.dumps({"domain": "not-whitelisted.example.org"}).encode(), 405),
        LoadCase("token-null", "POST", TOKEN_PATH, basic(token_null["app_id"], token_null["app_key"]), domain, 200),
    ]


# The worker process: threads that send the mix until time runs out.

@dataclasses.dataclass
class WorkerTotals:
    sent: int = 0
    answered: int = 0
    wrong: int = 0
    dropped: int = 0
    # "METHOD path status" -> count, to compare with the sandbox's request log.
    answered_by_request: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    examples: list[str] = dataclasses.field(default_factory=list)
    latencies_ms: list[float] = dataclasses.field(default_factory=list)

    def add(self, other: WorkerTotals) -> None:
        self.sent += other.sent
        self.answered += other.answered
        self.wrong += other.wrong
        self.dropped += other.dropped
        self.answered_by_request.update(other.answered_by_request)
        self.examples.extend(other.examples[:WRONG_EXAMPLES_KEPT - len(self.examples)])
        self.latencies_ms.extend(other.latencies_ms)

    def to_json(self) -> dict:
        return {**dataclasses.asdict(self), "answered_by_request": dict(self.answered_by_request)}

    @classmethod
    def from_json(cls, document: dict) -> WorkerTotals:
        return cls(**{**document, "answered_by_request": collections.Counter(document["answered_by_request"])})


def run_thread(index: int, base_url: str, ca_path: str, deadline: float, totals: WorkerTotals,
               lock: threading.Lock) -> None:
    import requests

    cases = load_cases()
    # Even threads keep their connection alive. Odd threads open a new one per request,
    # so that the accept loop and the TLS handshake are under load too.
    keep_alive = index % 2 == 0
    session = requests.Session()
    session.trust_env = False
    local = WorkerTotals()
    try:
        for count in range(MAX_REQUESTS_PER_THREAD):
            if time.monotonic() >= deadline:
                break
            case = cases[(index + count) % len(cases)]
            headers = {"Content-Type": "application/json"} if case.body is not None else {}
            if case.authorization is not None:
                headers["Authorization"] = case.authorization
            if not keep_alive:
                headers["Connection"] = "close"
            local.sent += 1
            started = time.monotonic()
            try:
                response = session.request(case.method, base_url + case.path, data=case.body, headers=headers,
                                           verify=ca_path, timeout=CLIENT_TIMEOUT_SECONDS, allow_redirects=False)
            except requests.RequestException as error:
                local.dropped += 1
                local.examples.append(f"{case.name}: no response ({type(error).__name__}: {error})"[:300])
                continue
            local.latencies_ms.append((time.monotonic() - started) * 1000)
            local.answered += 1
            local.answered_by_request[f"{case.method} {case.path} {response.status_code}"] += 1
            problem = case.check(response.status_code, response.headers, response.content)
            if problem is not None:
                local.wrong += 1
                local.examples.append(problem)
    finally:
        session.close()
        with lock:
            totals.add(local)


def worker_main(base_url: str, ca_path: str, threads: int, seconds: float) -> int:
    """Print "ready", wait for a line on standard input, run the load, and print the totals as JSON."""
    import requests  # noqa: F401  (imported before "ready", so start-up does not eat into the run)

    print("ready", flush=True)
    sys.stdin.readline()
    deadline = time.monotonic() + seconds
    totals = WorkerTotals()
    lock = threading.Lock()
    pool = [threading.Thread(target=run_thread, args=(index, base_url, ca_path, deadline, totals, lock))
            for index in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    print(json.dumps(totals.to_json()), flush=True)
    return 0


# The driver: start the workers together, then collect their totals.

def run_load(base_url: str, ca_path: str, processes: int, threads: int, seconds: float) -> WorkerTotals:
    """Run `processes` workers of `threads` threads each for `seconds` and add up their totals."""
    if urlsplit(base_url).hostname not in LOOPBACK_HOSTS:
        raise ValueError(f"load target {base_url} is not on loopback; this load test sends to 127.0.0.1 only")
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", "--base-url", base_url,
               "--ca", str(ca_path), "--threads", str(threads), "--seconds", str(seconds)]
    workers = [subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
               for _ in range(processes)]
    totals = WorkerTotals()
    try:
        for worker in workers:
            line = worker.stdout.readline().strip()
            if line != "ready":
                raise RuntimeError(f"load worker {worker.pid} printed {line!r} instead of 'ready'")
        for worker in workers:
            worker.stdin.write("go\n")
            worker.stdin.flush()
        for worker in workers:
            output, _ = worker.communicate(timeout=seconds + WORKER_GRACE_SECONDS)
            if worker.returncode != 0:
                raise RuntimeError(f"load worker {worker.pid} exited with status {worker.returncode}")
            totals.add(WorkerTotals.from_json(json.loads(output.strip().splitlines()[-1])))
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    return totals


# The checker's own probes, run while the load goes on.

@dataclasses.dataclass
class ProbeRounds:
    rounds: int = 0
    wrong: int = 0
    examples: list[str] = dataclasses.field(default_factory=list)
    # "METHOD path status" -> count of requests the probes made the sandbox log.
    logged_by_request: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    # Requests that the sandbox may or may not log: a probe that timed out may have given up before sending.
    maybe_logged_by_request: collections.Counter = dataclasses.field(default_factory=collections.Counter)

    def expect(self, condition: bool, description: str) -> None:
        if not condition:
            self.wrong += 1
            if len(self.examples) < WRONG_EXAMPLES_KEPT:
                self.examples.append(description)


def probe_while_loaded(base_url: str, ca_path: str, stop: threading.Event, rounds: ProbeRounds) -> None:
    """Repeat three probe rounds until `stop` is set: good key, old key, and a timeout shorter than the latency."""
    from checker.header import build_header
    from checker.probes import plan_probes, run_probes

    projects = example_projects()
    good, rotated = projects["good"], projects["rotated"]
    domain = good["domains"][0]
    all_families = ("core", "broadcast", "streaming", "token")
    paths = {plan.family: (plan.method, urlsplit(plan.url).path) for plan in plan_probes(base_url, all_families, domain)}
    statuses = {"core": 200, "broadcast": 200, "streaming": 404, "token": 200}

    while not stop.is_set():
        results = run_probes(plan_probes(base_url, all_families, domain), build_header(good["app_id"], good["app_key"]),
                             timeout=PROBE_TIMEOUT_SECONDS, ca_bundle=ca_path)
        for result in results:
            rounds.expect(result.verdict.value == "accepted", f"good key, {result.family}: {result.verdict.value} "
                                                              f"{result.code} {result.cause}")
            rounds.logged_by_request[f"{paths[result.family][0]} {paths[result.family][1]} {statuses[result.family]}"] += 1
        slowed = next(result for result in results if result.family == "broadcast")
        rounds.expect(slowed.elapsed_ms >= LATENCY_MS, f"broadcast probe took {slowed.elapsed_ms} ms, under the latency")

        families = ("core", "broadcast", "streaming")
        results = run_probes(plan_probes(base_url, families, None),
                             build_header(rotated["app_id"], rotated["previous_keys"][0]),
                             timeout=PROBE_TIMEOUT_SECONDS, ca_bundle=ca_path)
        for result in results:
            rounds.expect(result.code == "PROBE502", f"old key, {result.family}: {result.code} {result.cause}")
            rounds.logged_by_request[f"GET {paths[result.family][1]} 403"] += 1

        # When the request was sent, the sandbox logs it with 200 after its latency, even though the
        # client has gone. Under load, the 0.1 s can run out before the request is sent at all.
        results = run_probes(plan_probes(base_url, ("broadcast",), None), build_header(good["app_id"], good["app_key"]),
                             timeout=SHORT_PROBE_TIMEOUT_SECONDS, ca_bundle=ca_path)
        rounds.expect(results[0].code == "PROBE511", f"short timeout, broadcast: {results[0].code} {results[0].cause}")
        rounds.maybe_logged_by_request[f"GET {SLOW_PATH} 200"] += 1
        rounds.rounds += 1


# One complete scenario, shared by main() and tests/test_sandbox_load.py.

@dataclasses.dataclass
class ScenarioResult:
    processes: int
    threads: int
    seconds: float
    elapsed: float
    load: WorkerTotals
    probes: ProbeRounds
    log_lines: int
    log_mismatches: list[str]

    @property
    def ok(self) -> bool:
        return (self.load.wrong == 0 and self.load.dropped == 0 and self.load.answered > 0
                and self.probes.wrong == 0 and self.probes.rounds > 0 and not self.log_mismatches)


def run_scenario(processes: int, threads: int, seconds: float, workdir: Path) -> ScenarioResult:
    """Start a sandbox slowed on SLOW_PATH, load it while probing it, and compare the request log."""
    from checker.sandbox import SandboxServer

    config = json.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    config["faults"] = [{"path_prefix": SLOW_PATH, "kind": "latency", "ms": LATENCY_MS}]
    log_path = workdir / "load-requests.jsonl"
    log_path.unlink(missing_ok=True)
    rounds = ProbeRounds()
    stop = threading.Event()
    started = time.monotonic()
    with SandboxServer(config, request_log=log_path) as server:
        ca_path = str(server.write_ca(workdir / "load-ca.pem"))
        prober = threading.Thread(target=probe_while_loaded, args=(server.base_url, ca_path, stop, rounds),
                                  name="probe-rounds", daemon=True)
        prober.start()
        try:
            load = run_load(server.base_url, ca_path, processes, threads, seconds)
        finally:
            stop.set()
            prober.join(PROBE_TIMEOUT_SECONDS * 3)
        # The short-timeout probe's request is logged only when its latency ends.
        time.sleep(LATENCY_MS / 1000 * 2)
    elapsed = time.monotonic() - started

    logged = collections.Counter()
    lines = log_path.read_text(encoding="utf-8").splitlines()
    for line in lines:
        entry = json.loads(line)
        logged[f"{entry['method']} {entry['path']} {entry['status']}"] += 1
    expected = load.answered_by_request + rounds.logged_by_request
    mismatches = []
    for key in sorted(set(logged) | set(expected) | set(rounds.maybe_logged_by_request)):
        extra = logged[key] - expected[key]
        if not 0 <= extra <= rounds.maybe_logged_by_request[key]:
            mismatches.append(f"{key}: logged {logged[key]}, answered {expected[key]}, "
                              f"{rounds.maybe_logged_by_request[key]} more allowed")
    return ScenarioResult(processes, threads, seconds, elapsed, load, rounds, len(lines), mismatches)


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def print_result(result: ScenarioResult) -> None:
    load = result.load
    in_flight = result.processes * result.threads
    print(f"{result.processes} processes x {result.threads} threads ({in_flight} requests in flight) "
          f"for {result.seconds:g} s, {LATENCY_MS} ms latency fault on {SLOW_PATH}")
    print(f"  requests sent      {load.sent}")
    print(f"  answered           {load.answered} ({load.answered / result.seconds:.0f} per second)")
    print(f"  wrong answers      {load.wrong}")
    print(f"  dropped            {load.dropped}")
    print(f"  latency ms         p50 {percentile(load.latencies_ms, 0.5):.0f}, "
          f"p95 {percentile(load.latencies_ms, 0.95):.0f}, max {max(load.latencies_ms, default=0):.0f}")
    print(f"  probe rounds       {result.probes.rounds} (each: 4 probes good key, 3 old key, 1 short timeout), "
          f"{result.probes.wrong} wrong verdicts")
    print(f"  request log        {result.log_lines} lines, {len(result.log_mismatches)} mismatched keys")
    for example in load.examples + result.probes.examples + result.log_mismatches[:WRONG_EXAMPLES_KEPT]:
        print(f"    {example}")
    print(f"  {'all answers correct' if result.ok else 'FAILED'} (whole run {result.elapsed:.1f} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=20, help="worker processes [default: 20]")
    parser.add_argument("--threads", type=int, default=10, help="threads per worker, one request in flight each "
                                                                "[default: 10]")
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of the load in seconds [default: 10]")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--ca", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not (1 <= args.processes <= 64 and 1 <= args.threads <= 64 and 0 < args.seconds <= 120):
        parser.error("use 1-64 processes, 1-64 threads and at most 120 seconds")

    if args.worker:
        if urlsplit(args.base_url or "").hostname not in LOOPBACK_HOSTS:
            parser.error(f"--base-url {args.base_url!r} is not on loopback")
        return worker_main(args.base_url, args.ca, args.threads, args.seconds)

    # The short-timeout probes give up during TLS handshakes on purpose, and the sandbox logs
    # each of those as a warning. Errors still show.
    logging.getLogger("checker.sandbox").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as workdir:
        result = run_scenario(args.processes, args.threads, args.seconds, Path(workdir))
    print_result(result)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
