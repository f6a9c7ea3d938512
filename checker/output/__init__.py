"""Report writers. Everything printed goes through `emit`, which scrubs secrets."""

from __future__ import annotations

import click

from checker.secrets import scrub


def emit(text: str, *, err: bool = False, color: bool | None = None, nl: bool = True) -> None:
    click.echo(scrub(text), err=err, color=color, nl=nl)
