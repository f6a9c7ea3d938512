"""`scan`: lint files, the git index or git history for credential mistakes (SRC601-SRC612)."""

from __future__ import annotations

import click

from checker.cli import cli
from checker.cli.options import color_option, format_option, strict_option, use_color, verbose_option


def _code_list(context, parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(code for item in value for code in item.split(",") if code.strip())


@cli.command("scan")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--staged", is_flag=True, help="Scan the staged content of changed files (the git index), not the work tree.")
@click.option("--history", is_flag=True, help="Scan the lines every commit of HEAD added, so removed keys are found too.")
@click.option("--since", metavar="REV", default=None, help="With --history: only commits after REV (REV..HEAD).")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), default=None,
              help="JSON file of accepted findings to leave out of the report.")
@click.option("--update-baseline", is_flag=True, help="Write the current findings to the --baseline file and exit 0.")
@click.option("--select", multiple=True, callback=_code_list, metavar="CODES",
              help="Run only rules whose code starts with one of these (comma-separated, repeatable).")
@click.option("--ignore", multiple=True, callback=_code_list, metavar="CODES",
              help="Skip rules whose code starts with one of these (comma-separated, repeatable).")
@click.option("--exclude", multiple=True, metavar="PATTERN",
              help="Skip paths matching this gitignore-style pattern (repeatable; adds to the config).")
@click.option("--no-gitignore", is_flag=True,
              help="Also scan files that .gitignore or .git/info/exclude would skip (excludes still apply).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Read settings from this setup.cfg or pyproject.toml instead of searching for one.")
@click.option("--max-size", "max_kib", type=click.IntRange(min=1), default=2048, show_default=True, metavar="KIB",
              help="Skip files larger than this many KiB (listed with -v).")
@click.option("--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes. 0 starts in one process and adds one worker per CPU once the "
                   "remaining files would take more than a second.")
@format_option("sarif", "github")
@strict_option
@verbose_option
@color_option
def scan_command(paths, staged, history, since, baseline_path, update_baseline, select, ignore,
                 exclude, no_gitignore, config_path, max_kib, jobs, output_format, strict, verbose,
                 no_color) -> int:
    """Find hardcoded App Keys, literal Basic headers, plain-http URLs and other credential mistakes.

    PATHS are files or directories (default: the current directory). Paths in
    findings are relative to the directory given when there is exactly one,
    else to the current directory. With --staged or --history, PATHS limit
    the scan to those parts of the repository, and paths in findings are
    relative to its top level.
    """
    from checker.commands.scan import ScanOptions, run_scan

    options = ScanOptions(
        paths=tuple(paths), output_format=output_format, staged=staged, history=history, since=since,
        baseline_path=baseline_path, update_baseline=update_baseline, select=select, ignore=ignore,
        exclude=tuple(exclude), respect_gitignore=not no_gitignore, config_path=config_path,
        max_kib=max_kib, jobs=jobs,
        verbose=verbose, strict=strict, color=use_color(no_color),
    )
    return run_scan(options)
