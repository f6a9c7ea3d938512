"""`check`: the credential doctor. Gather, run the offline rules, then probe every family."""

from __future__ import annotations

import dataclasses
import os
from urllib.parse import urlsplit

from checker import secrets
from checker.credentials import Credentials, gather
from checker.errors import CheckerError
from checker.findings import Finding, ProbeResult, Severity, Verdict
from checker.header import build_header, check_header_values
from checker.output import emit
from checker.report import CredentialInfo, Report
from checker.rules.cred import check_pair
from checker.rules.url import check_url, safe_url

CHECKED_FAMILIES = ("ENV", "CRED", "URL", "AUTH")
# Findings about the value actually sent, which can by themselves explain a 403.
VALUE_PROBLEMS = {"CRED203", "CRED204", "CRED205", "CRED206", "CRED208", "CRED209", "CRED210", "CRED211",
                  "CRED213", "AUTH110", "AUTH111", "AUTH116"}


@dataclasses.dataclass
class CheckOptions:
    app_id: str | None = None
    app_key_stdin: str | None = None
    env_file: str | None = None
    base_url: str = "https://api.enablex.io"
    base_url_source: str = "default"
    timeout: float = 10.0
    ca_bundle: str | None = None
    domain: str | None = None
    families: tuple[str, ...] = ("core", "broadcast", "streaming", "token")
    offline: bool = False
    output_format: str = "text"
    strict: bool = False
    verbose: int = 0
    color: bool | None = None
    prompt_key: object = None


def run_check(options: CheckOptions) -> int:
    report = build_check_report(options)
    if options.output_format == "json":
        from checker.report import to_json

        emit(to_json(report))
    else:
        from checker.output.text import render

        families = tuple(family for family in CHECKED_FAMILIES if family != "ENV" or report.extra.get("env_file"))
        emit(render(report, color=options.color, verbose=options.verbose, families=families), color=options.color)
    return report.exit_code


def build_check_report(options: CheckOptions) -> Report:
    """Gather the credentials, run the offline rules and the probes, and return the report."""
    _validate_options(options)
    creds = gather(app_id_option=options.app_id, key_from_stdin=options.app_key_stdin,
                   env_file=options.env_file, prompt_key=options.prompt_key)

    report = Report(command="check", strict=options.strict)
    report.credentials = _credential_info(creds)
    report.extra["context"] = {"Base URL": f"{safe_url(options.base_url)} (from {options.base_url_source})"}
    report.findings = offline_findings(creds, options.base_url)
    report.probes = _probes(options, creds, report.findings)
    report.probes = _consistent_404(report.probes)
    report.probes = [_ranked(probe, report.findings, creds) for probe in report.probes]
    report.extra.pop("context")
    report.notes = _notes(options)
    report.extra["env_file"] = creds.env.env_file.path if creds.env else None
    return report


def _validate_options(options: CheckOptions) -> None:
    base = options.base_url.strip()
    try:
        parts = urlsplit(base)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        raise CheckerError(f"invalid base URL {safe_url(base)!r}: the port is not a number; use https://HOST[:PORT]") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise CheckerError(
            f"invalid base URL {safe_url(base)!r}: expected https://HOST[:PORT], for example https://api.enablex.io"
        )
    if parts.query or parts.fragment:
        raise CheckerError(f"invalid base URL {safe_url(base)!r}: remove the query or fragment")
    if options.ca_bundle and not os.path.isfile(options.ca_bundle):
        raise CheckerError(f"CA bundle {options.ca_bundle} not found; pass a PEM file to --ca-bundle")
    if options.domain is not None and not options.domain.strip():
        raise CheckerError("--domain is empty; pass the domain whitelisted for the web client, such as example.com")


def offline_findings(creds: Credentials, base_url: str) -> list[Finding]:
    findings: list[Finding] = []
    if creds.env is not None:
        findings += [finding for finding in creds.env.findings if finding.code.startswith("ENV")]
    findings += check_pair(creds.app_id, creds.app_key, conflicts=creds.conflicts,
                           key_on_command_line=creds.key_on_command_line)
    findings += check_url(base_url, is_base=True)
    if creds.app_id is not None and creds.app_key:
        header = build_header(creds.app_id, creds.app_key)
        built = check_header_values([header])
        findings += [finding for finding in built.findings if finding.code.startswith("AUTH")]
    return findings


def _probes(options: CheckOptions, creds: Credentials, findings: list[Finding]) -> list[ProbeResult]:
    from checker.probe_plan import plan_probes, skipped

    plans = plan_probes(options.base_url.strip(), options.families, options.domain)
    codes = {finding.code for finding in findings}
    if options.offline:
        return skipped(plans, "offline mode (--offline): nothing was sent")
    if "URL401" in codes:
        return skipped(plans, "plain-http base URL: nothing was sent, so the key did not travel in clear",
                       "Use an https:// base URL.")
    if "URL402" in codes:
        return skipped(plans, "the base URL carries credentials in its userinfo: nothing was sent",
                       "Remove id:key@ from the base URL.")
    if not creds.app_id or not creds.app_key:
        return skipped(plans, "credentials missing: sending would only prove that (see CRED201/CRED202)",
                       "Set ENABLEX_APP_ID and ENABLEX_APP_KEY.")
    from checker.probes import run_probes

    header = build_header(creds.app_id, creds.app_key)
    return run_probes(plans, header, timeout=options.timeout, ca_bundle=options.ca_bundle)


def _consistent_404(probes: list[ProbeResult]) -> list[ProbeResult]:
    """Distrust the streaming probe's 404 when another family's documented path also returned 404.

    The made-up voice id makes a 404 the expected answer for streaming, but when
    the call or broadcast list is missing too, every path is missing: the
    requests went to the wrong place and no 404 proves authentication passed.
    """
    missing = [probe for probe in probes if probe.status == 404 and probe.verdict is Verdict.INCONCLUSIVE]
    if not missing:
        return probes
    return [
        dataclasses.replace(probe, verdict=Verdict.INCONCLUSIVE, code=missing[0].code, cause=missing[0].cause,
                            fix=missing[0].fix)
        if probe.family == "streaming" and probe.status == 404 and probe.verdict is Verdict.ACCEPTED else probe
        for probe in probes
    ]


def _ranked(probe: ProbeResult, findings: list[Finding], creds: Credentials) -> ProbeResult:
    """Rewrite a rejected probe's cause so the most likely explanation comes first."""
    if probe.verdict is not Verdict.REJECTED:
        return probe
    errors = [finding for finding in findings if finding.severity is Severity.ERROR]
    value_problems = [finding for finding in findings if finding.code in VALUE_PROBLEMS]
    key = secrets.describe_key(creds.app_key or "")
    cause, fix = probe.cause, probe.fix
    if probe.code == "PROBE501":
        cause = _cause_401(errors)
        if errors:
            fix = f"{errors[0].fix} Then run check again."
    elif probe.code == "PROBE502":
        cause = _cause_403(value_problems, key)
        if value_problems:
            fix = f"First: {value_problems[0].fix} If the key still fails: {probe.fix}"
    return dataclasses.replace(probe, cause=cause, fix=fix)


def _cause_401(errors: list[Finding]) -> str:
    if errors:
        listed = "; ".join(f"{finding.code} {finding.message}" for finding in errors[:2])
        return f"401: the platform could not read the header. Most likely cause, found offline: {listed}."
    return ("401: the header built here is well formed, yet the platform did not receive it intact:"
            " a proxy or gateway in between may strip or replace the Authorization header.")


def _cause_403(value_problems: list[Finding], key: str) -> str:
    ranked = []
    if value_problems:
        ranked.append("the key or ID value itself: " + "; ".join(
            f"{finding.code} {finding.message}" for finding in value_problems[:2]))
    ranked += [
        f"a wrong or regenerated App Key (this key: {key}; compare it with the portal's)",
        "the Voice API is not enabled for the project",
        "the account is suspended or out of balance",
    ]
    numbered = " ".join(f"({index}) {text}." for index, text in enumerate(ranked, start=1))
    return f"403: the header is well formed and the platform decoded it, then denied it. Most likely: {numbered}"


def _credential_info(creds: Credentials) -> dict[str, CredentialInfo]:
    app_id = CredentialInfo(source=creds.id_source,
                            masked=secrets.mask_id(creds.app_id) if creds.app_id is not None else None)
    if creds.app_key is None:
        app_key = CredentialInfo(source=creds.key_source)
    else:
        app_key = CredentialInfo(source=creds.key_source, length=len(creds.app_key),
                                 fingerprint=secrets.fingerprint(creds.app_key))
    return {"app_id": app_id, "app_key": app_key}


def _notes(options: CheckOptions) -> list[str]:
    notes = []
    if "token" in options.families and not options.domain and not options.offline:
        notes.append("the web-client token probe runs only with --domain DOMAIN (the domain whitelisted for the web client)")
    return notes
