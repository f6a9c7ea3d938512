"""Options shared by several commands."""

from __future__ import annotations

import os

import click

DEFAULT_BASE_URL = "https://api.enablex.io"
DEFAULT_TIMEOUT = 10.0


def format_option(*extra: str):
    choices = ["text", "json", *extra]
    return click.option(
        "--format", "output_format", type=click.Choice(choices), default="text", show_default=True,
        help="Output format. JSON never changes the exit status.",
    )


def color_option(function):
    return click.option(
        "--no-color", is_flag=True, help="Never colour the output (NO_COLOR in the environment does the same).",
    )(function)


def verbose_option(function):
    return click.option("-v", "--verbose", count=True, help="Show more detail (secrets stay masked).")(function)


def strict_option(function):
    return click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")(function)


def network_options(function):
    function = click.option(
        "--ca-bundle", type=click.Path(dir_okay=False), default=None,
        help="PEM file of CA certificates to trust instead of the default bundle (verification stays on).",
    )(function)
    function = click.option(
        "--timeout", type=click.FloatRange(min=0.1, max=300), default=DEFAULT_TIMEOUT, show_default=True,
        help="Maximum seconds for one probe, connection and body included.",
    )(function)
    function = click.option(
        "--base-url", default=None, metavar="URL",
        help=f"API base URL [default: ENABLEX_BASE_URL or {DEFAULT_BASE_URL}].",
    )(function)
    return function


def resolve_base_url(value: str | None) -> tuple[str, str]:
    """Return the base URL to use and where it came from."""
    if value:
        return value, "option"
    from_env = os.environ.get("ENABLEX_BASE_URL", "")
    if from_env.strip():
        return from_env, "env"
    return DEFAULT_BASE_URL, "default"


def use_color(no_color: bool) -> bool | None:
    """Return False when colour is turned off, else None to let click decide by TTY."""
    if no_color or os.environ.get("NO_COLOR", "") != "":
        return False
    return None
