"""`sandbox`: run the local EnableX-compatible HTTPS server."""

from __future__ import annotations

import logging
import sys

import click

from checker.cli import cli
from checker.errors import CheckerError

# The same as checker.sandbox.tls.TLS_FAULTS, repeated so that building the CLI does not
# import the sandbox package. A test keeps the two equal.
TLS_FAULT_CHOICES = ("untrusted", "expired", "wrong-host")


@cli.command("sandbox")
@click.option(
    "--config", "config_path", required=True, type=click.Path(), metavar="FILE",
    help="JSON file of projects and faults, validated against schemas/sandbox.schema.json.",
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=0, show_default=True,
    help="TCP port on 127.0.0.1 to listen on; 0 picks a free one.",
)
@click.option(
    "--ca-out", required=True, type=click.Path(), metavar="PATH",
    help="File to write the throwaway CA certificate (PEM) to; clients pass it as --ca-bundle.",
)
@click.option(
    "--request-log", type=click.Path(), default=None, metavar="PATH",
    help="Append one JSON line per request (method, path, status, whether Authorization was sent; never its value).",
)
@click.option(
    "--tls-fault", type=click.Choice(TLS_FAULT_CHOICES), default=None,
    help="Serve a certificate that clients must reject: signed by another CA, expired, or for another host.",
)
@click.option("-v", "--verbose", count=True, help="Also log every request line on standard error.")
def sandbox_command(
    config_path: str, port: int, ca_out: str, request_log: str | None, tls_fault: str | None, verbose: int
) -> int:
    """Serve the Voice API's documented responses over HTTPS on 127.0.0.1.

    Prints the base URL (https://127.0.0.1:PORT) as the first line of standard
    output, then serves until interrupted (Ctrl-C or SIGTERM).
    """
    from checker.sandbox.errors import SandboxError
    from checker.sandbox.runner import run_sandbox

    logger = logging.getLogger("checker.sandbox")
    previous_level = logger.level
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s sandbox %(levelname)s %(message)s"))
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.addHandler(handler)
    try:
        return run_sandbox(config_path, port, ca_out, request_log=request_log, tls_fault=tls_fault)
    except SandboxError as error:
        raise CheckerError(str(error)) from None
    finally:
        # Leave logging as found, for callers that run the CLI in process (tests).
        logger.removeHandler(handler)
        logger.setLevel(previous_level)
