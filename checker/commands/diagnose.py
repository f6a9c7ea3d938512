"""`diagnose`: triage pasted support material and explain why authentication fails."""

from __future__ import annotations

import dataclasses
import os
import sys

from checker import secrets
from checker.diagnose.analyze import analyze_text
from checker.diagnose.model import Diagnosis
from checker.diagnose.story import Story, add_live_verdicts, tell
from checker.errors import CheckerError, ExitCode
from checker.findings import ProbeResult, Verdict
from checker.output import emit
from checker.readers.decode import MAX_INPUT_BYTES, decode_text, read_limited
from checker.report import CredentialInfo, Report

LIVE_FAMILIES = ("core", "broadcast", "streaming", "token")


@dataclasses.dataclass
class DiagnoseOptions:
    source: str = "-"
    kind: str | None = None
    live: bool = False
    redact: bool = False
    output_format: str = "text"
    base_url: str = "https://api.enablex.io"
    timeout: float = 10.0
    ca_bundle: str | None = None
    strict: bool = False
    verbose: int = 0
    color: bool | None = None


def run_diagnose(options: DiagnoseOptions) -> int:
    """Read the paste, diagnose it and print the report; return the exit status."""
    name, text = read_input(options.source)
    diagnosis = analyze_text(text, name, options.kind)

    if options.redact:
        from checker.diagnose.redact import redact

        emit(redact(text, diagnosis), nl=False)
        return ExitCode.OK

    story = tell(diagnosis)
    probes = _live_probes(diagnosis, options) if options.live and not story.nothing_found else []
    add_live_verdicts(story, probes)
    report = build_report(diagnosis, story, probes, strict=options.strict)
    emit(render(report, story, diagnosis, options))
    return report.exit_code


def read_input(source: str) -> tuple[str, str]:
    """Return the display name and decoded text of FILE or standard input; raise CheckerError if unusable."""
    if source == "-":
        name = "standard input"
        data = read_limited(sys.stdin.buffer, name)
    else:
        name = source
        data = _read_file(source)
    text = decode_text(data, name)
    if not text.strip("\ufeff \t\r\n"):
        raise CheckerError(
            f"{name} is empty; paste the Authorization header, curl command, curl -v output, HTTP exchange, "
            "HAR file, env file or code from the ticket"
        )
    return ("<stdin>" if source == "-" else source), text


def _read_file(path: str) -> bytes:
    try:
        if os.path.isdir(path):
            raise CheckerError(f"{path} is a directory; pass a file, or - to read standard input")
        if os.path.getsize(path) > MAX_INPUT_BYTES:
            raise CheckerError(
                f"{path} is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB; paste only the failing "
                "request and response, or export the HAR file without response bodies"
            )
        with open(path, "rb") as stream:
            return read_limited(stream, path)
    except FileNotFoundError:
        raise CheckerError(f"{path} not found; check the path, or pass - to read standard input") from None
    except PermissionError:
        raise CheckerError(f"{path} is not readable (permission denied); fix its permissions") from None
    except OSError as error:
        raise CheckerError(f"{path} could not be read ({error.strerror}); check the path") from None


def build_report(diagnosis: Diagnosis, story: Story, probes: list[ProbeResult], *, strict: bool = False) -> Report:
    report = Report(
        command="diagnose",
        findings=story.findings,
        probes=probes,
        credentials=_credential_info(diagnosis),
        notes=list(dict.fromkeys(diagnosis.notes + _key_notes(diagnosis))),
        strict=strict,
    )
    report.extra["diagnosis"] = {
        "summary": story.headline,
        "lead": story.lead.code if story.lead else None,
        "pieces": [{"kind": piece.kind, "line": piece.line} for piece in diagnosis.pieces],
        "accepted": list(diagnosis.accepted),
    }
    if story.nothing_found:
        report.exit_override = ExitCode.USAGE
    elif report.exit_code == ExitCode.OK and any(seen.verdict is Verdict.INCONCLUSIVE for seen in diagnosis.responses):
        # A pasted redirect, proxy page or TLS error decides nothing about the credentials, like an inconclusive probe.
        report.exit_override = ExitCode.INCONCLUSIVE
    return report


def render(report: Report, story: Story, diagnosis: Diagnosis, options: DiagnoseOptions) -> str:
    if options.output_format == "json":
        from checker.report import to_json

        return to_json(report)
    if options.output_format == "markdown":
        from checker.output.markdown import render_diagnosis

        return render_diagnosis(report, story, diagnosis)
    from checker.diagnose.text import render_text

    return render_text(report, story, diagnosis, color=options.color, verbose=options.verbose)


def _credential_info(diagnosis: Diagnosis) -> dict[str, CredentialInfo]:
    info: dict[str, CredentialInfo] = {}
    with_id = [seen for seen in diagnosis.credentials if seen.app_id]
    with_key = [seen for seen in diagnosis.credentials if seen.app_key]
    if with_id:
        info["app_id"] = CredentialInfo(with_id[0].source, masked=secrets.mask_id(with_id[0].app_id))
    if with_key:
        key = with_key[0].app_key
        info["app_key"] = CredentialInfo(with_key[0].source, length=len(key), fingerprint=secrets.fingerprint(key))
    return info


def _key_notes(diagnosis: Diagnosis) -> list[str]:
    keys: dict[str, list[str]] = {}
    for seen in diagnosis.credentials:
        if seen.app_key:
            keys.setdefault(seen.app_key, []).append(seen.source)
    if len(keys) < 2:
        return []
    listed = "; ".join(f"{secrets.describe_key(key)} from {', '.join(sources)}" for key, sources in keys.items())
    return [f"the paste holds {len(keys)} different App Keys ({listed}): make sure the application uses the "
            "one that matches the portal"]


def _live_probes(diagnosis: Diagnosis, options: DiagnoseOptions) -> list[ProbeResult]:
    from checker.header import build_header
    from checker.probes import plan_probes, run_probes, skipped
    from checker.rules.url import check_url

    plans = plan_probes(options.base_url.strip(), LIVE_FAMILIES, diagnosis.domain)
    pairs = [seen for seen in diagnosis.credentials if seen.app_id and seen.app_key]
    if not pairs:
        return skipped(plans, "no App ID and App Key could be read from the paste, so there is nothing to re-probe",
                       "Paste the Authorization header or the curl -u value that failed.")
    codes = {finding.code for finding in check_url(options.base_url, is_base=True)}
    if "URL401" in codes or "URL402" in codes:
        return skipped(plans, "the base URL is plain http or carries credentials: nothing was sent",
                       "Pass an https:// base URL without id:key@.")
    header = build_header(pairs[0].app_id, pairs[0].app_key)
    return run_probes(plans, header, timeout=options.timeout, ca_bundle=options.ca_bundle)
