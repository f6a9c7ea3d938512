"""`scan`: find credential mistakes in files, the git index or git history."""

from __future__ import annotations

import os
import sys
from typing import NamedTuple

from checker.errors import CheckerError, ExitCode
from checker.findings import Finding
from checker.output import emit
from checker.report import Report
from checker.scan import config, engine, walker
from checker.scan.progress import Progress


class ScanOptions(NamedTuple):
    paths: tuple[str, ...] = ()
    output_format: str = "text"
    staged: bool = False
    history: bool = False
    since: str | None = None
    baseline_path: str | None = None
    update_baseline: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    config_path: str | None = None
    max_kib: int = 2048
    jobs: int = 0
    verbose: int = 0
    strict: bool = False
    color: bool | None = None
    progress: bool | None = None    # None: decide from the terminal and hook mode


def run_scan(options: ScanOptions) -> int:
    _check_options(options)
    settings = config.load(options.config_path)
    codes = engine.enabled_codes(
        [*settings.select, *config.check_codes(list(options.select), "--select")],
        [*settings.ignore, *config.check_codes(list(options.ignore), "--ignore")],
    )

    if options.verbose and settings.source:
        emit(f"settings from {settings.source}", err=True)
    result, notes = _collect_findings(options, settings, codes)
    findings = sorted(result.findings, key=_sort_key)

    if options.update_baseline or options.baseline_path:
        from checker.scan import baseline
    if options.update_baseline:
        count = baseline.save(options.baseline_path, findings)
        emit(f"wrote {count} finding(s) to baseline {options.baseline_path}", err=True)
        return ExitCode.OK
    if options.baseline_path:
        findings, dropped = baseline.without_baselined(findings, baseline.load(options.baseline_path))
        if dropped:
            notes.append(f"{dropped} finding(s) are in the baseline {options.baseline_path}")

    report = Report(command="scan", findings=findings, notes=notes, strict=options.strict)
    report.extra["scan"] = {"files_scanned": result.scanned, "files_skipped": len(result.skipped) + result.binary}
    _print_details(result, options.verbose)
    _print_report(report, options)
    return report.exit_code


def _check_options(options: ScanOptions) -> None:
    if options.staged and options.history:
        raise CheckerError("--staged and --history cannot be combined; run them as two scans")
    if options.since and not options.history:
        raise CheckerError("--since needs --history; add --history to scan the commits after it")
    if options.update_baseline and not options.baseline_path:
        raise CheckerError("--update-baseline needs --baseline FILE to know where to write")
    if options.max_kib < 1:
        raise CheckerError(f"--max-size must be at least 1 KiB, got {options.max_kib}")


def _collect_findings(options: ScanOptions, settings: config.ScanConfig, codes: tuple[str, ...]):
    exclude = walker.build_exclude_spec([*settings.exclude, *options.exclude])
    walk = walker.WalkOptions(max_bytes=options.max_kib * 1024, exclude=exclude,
                              exclude_base=settings.directory or os.getcwd(),
                              respect_gitignore=options.respect_gitignore)
    if options.staged or options.history:
        from checker.scan import repository

        return repository.scan_git(walk, codes, staged=options.staged, since=options.since,
                                   paths=options.paths), []
    return _scan_paths(options, walk, codes)


def _scan_paths(options: ScanOptions, walk: walker.WalkOptions, codes: tuple[str, ...]):
    paths = options.paths or (".",)
    for path in paths:
        if not os.path.lexists(path):
            raise CheckerError(f"path {path!r} not found; give existing files or directories")
    candidates, skipped = walker.collect(paths, walk)
    progress = Progress(len(candidates), _show_progress(options, paths))
    try:
        result = engine.scan_candidates(candidates, codes, options.jobs, progress.advance)
    finally:
        progress.close()
    result.skipped[:0] = skipped
    notes = []
    if result.skipped and options.verbose < 1:
        notes.append(f"{len(result.skipped)} file(s) skipped; rerun with -v to list them")
    if not candidates and not skipped:
        notes.append(f"no files to scan in {', '.join(paths)}: all are excluded or the directories are empty; "
                     "check the exclude settings and .gitignore")
    return result, notes


def _show_progress(options: ScanOptions, paths: tuple[str, ...]) -> bool:
    if options.progress is not None:
        return options.progress
    hook_mode = bool(os.environ.get("PRE_COMMIT")) or all(os.path.isfile(path) for path in paths)
    return not hook_mode and options.output_format == "text" and sys.stderr.isatty() and sys.stdout.isatty()


def _sort_key(finding: Finding) -> tuple:
    location = finding.location
    if location is None:
        return ("", 0, 0, finding.code)
    return (location.path, location.line or 0, location.column or 0, finding.code)


def _print_details(result: engine.ScanResult, verbose: int) -> None:
    if verbose < 1:
        return
    for item in result.skipped:
        emit(f"skipped {item.display}: {item.reason}", err=True)
    emit(f"scanned {result.scanned} file(s); {result.binary} binary file(s) skipped", err=True)


def _print_report(report: Report, options: ScanOptions) -> None:
    if options.output_format == "json":
        from checker.report import to_json

        emit(to_json(report))
    elif options.output_format == "sarif":
        from checker.output import sarif

        emit(sarif.render(report))
    elif options.output_format == "github":
        from checker.output import github

        emit(github.render(report))
    else:
        from checker.output import scan_text

        for note in report.notes:
            emit(f"note: {note}", err=True)
        emit(scan_text.render(report, options.color), color=options.color)

