"""`diagnose`: triage what a customer pasted into a ticket."""

from __future__ import annotations

import click

from checker.cli import cli
from checker.cli.options import (
    color_option, format_option, network_options, resolve_base_url, strict_option, use_color, verbose_option,
)

# Kept in step with checker.readers.pieces.KINDS; importing it here would load the readers on --help.
KINDS = ("header", "curl", "transcript", "http", "devtools", "har", "env", "code", "json", "error")


@cli.command("diagnose")
@click.argument("source", metavar="[FILE|-]", default="-", required=False)
@click.option("--kind", type=click.Choice(KINDS), default=None,
              help="Read the whole input as this kind instead of detecting the pieces of a paste.")
@click.option("--live", is_flag=True,
              help="Re-probe every Voice API family with the credentials found in the paste (sends requests).")
@click.option("--redact", is_flag=True,
              help="Print the input back unchanged except that every App Key, token and decoded credential is masked.")
@network_options
@format_option("markdown")
@strict_option
@color_option
@verbose_option
def diagnose_command(source, kind, live, redact, base_url, timeout, ca_bundle, output_format, strict,
                     no_color, verbose) -> int:
    """Find the cause of an authentication failure in pasted material.

    FILE (or - for standard input, the default) is the pasted material. It may
    be an Authorization header, a curl command, curl -v output, a raw HTTP
    request or response, or headers copied from a browser's developer tools.
    It may also be a HAR file, an env file, a code snippet, a client error
    message, or an email mixing any of these. Secrets are never printed: the App Key appears as its length
    and SHA-256 fingerprint.

    Exit 0 when nothing is wrong, 1 on an error finding or a rejected probe, 2
    when the input is unusable or nothing relevant was found, 3 when only
    inconclusive responses remain.
    """
    from checker.commands.diagnose import DiagnoseOptions, run_diagnose
    from checker.logs import configure

    configure(verbose)
    url, _ = resolve_base_url(base_url)
    options = DiagnoseOptions(
        source=source, kind=kind, live=live, redact=redact, output_format=output_format, base_url=url,
        timeout=timeout, ca_bundle=ca_bundle, strict=strict, verbose=verbose, color=use_color(no_color),
    )
    return run_diagnose(options)
