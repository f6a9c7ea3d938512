"""The request each probe sends, kept apart from `checker.probes` so that offline runs never import the HTTP code."""

from __future__ import annotations

import dataclasses

from checker.findings import ProbeResult, Verdict
from checker.rules.url import safe_url

# A voice id that cannot exist, so the streaming probe can never touch a call.
PROBE_VOICE_ID = "enablex-authcheck-probe-0000"
FAMILY_REQUESTS = {
    "core": ("GET", "/voice/v1/call"),
    "broadcast": ("GET", "/voice/v1/broadcast"),
    "streaming": ("GET", f"/voice/v1/call/{PROBE_VOICE_ID}/stream"),
    "token": ("POST", "/voice/v1/webclient/token"),
}


@dataclasses.dataclass
class ProbePlan:
    family: str
    method: str
    url: str
    body: dict | None = None


def plan_probes(base_url: str, families: tuple[str, ...], domain: str | None) -> list[ProbePlan]:
    base = base_url.rstrip("/")
    plans = []
    for family in families:
        if family == "token" and not domain:
            continue
        method, path = FAMILY_REQUESTS[family]
        body = {"domain": domain} if family == "token" else None
        plans.append(ProbePlan(family, method, base + path, body))
    return plans


def skipped(plans: list[ProbePlan], cause: str, fix: str = "") -> list[ProbeResult]:
    return [ProbeResult(plan.family, plan.method, safe_url(plan.url), Verdict.SKIPPED, cause=cause, fix=fix)
            for plan in plans]
