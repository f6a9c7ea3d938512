"""`check`: prove the credentials work against every Voice API family, or report why not."""

from __future__ import annotations

import sys

import click

from checker.cli import cli
from checker.cli.options import (
    color_option, format_option, network_options, resolve_base_url, strict_option, use_color, verbose_option,
)

FAMILIES = ("core", "broadcast", "streaming", "token")


@cli.command("check")
@click.option("--app-id", default=None, metavar="ID", help="App ID to check instead of ENABLEX_APP_ID.")
@click.option("--app-key-stdin", is_flag=True, help="Read the App Key from standard input (one line ending is dropped).")
@click.option("--env-file", type=click.Path(dir_okay=True), default=None,
              help="Env file to read [default: ./.env when present].")
@click.option("--domain", default=None, metavar="DOMAIN",
              help="Domain whitelisted for the web client; enables the token probe.")
@click.option("--family", "families", multiple=True, type=click.Choice(FAMILIES),
              help="Probe only this family (repeatable) [default: all].")
@click.option("--offline", is_flag=True, help="Run the offline rules only; send nothing.")
@click.option("--prompt/--no-prompt", "prompt", default=None,
              help="Ask for the App Key without echo when it is not set [default: only on a terminal].")
@network_options
@format_option()
@strict_option
@color_option
@verbose_option
def check_command(app_id, app_key_stdin, env_file, domain, families, offline, prompt, base_url, timeout,
                  ca_bundle, output_format, strict, no_color, verbose) -> int:
    """Check the App ID and App Key, then probe every Voice API family.

    Exit 0 when everything passed, 1 on an error or a rejected probe, 2 on a
    usage error, 3 when a probe was inconclusive.
    """
    from checker.commands.check import CheckOptions, run_check
    from checker.credentials import read_key_from_stdin
    from checker.logs import configure

    configure(verbose)
    url, url_source = resolve_base_url(base_url)
    key = read_key_from_stdin(getattr(sys.stdin, "buffer", sys.stdin)) if app_key_stdin else None
    ask = prompt if prompt is not None else sys.stdin.isatty() and not app_key_stdin
    options = CheckOptions(
        app_id=app_id, app_key_stdin=key, env_file=env_file, base_url=url, base_url_source=url_source,
        timeout=timeout, ca_bundle=ca_bundle, domain=domain, families=tuple(families) or FAMILIES,
        offline=offline, output_format=output_format, strict=strict, verbose=verbose,
        color=use_color(no_color), prompt_key=_prompt_for_key if ask else None,
    )
    return run_check(options)


def _prompt_for_key() -> str:
    return click.prompt("ENABLEX_APP_KEY", hide_input=True, err=True, default="", show_default=False)
