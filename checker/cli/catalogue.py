"""`rules` and `explain`: the rule catalogue."""

from __future__ import annotations

import click

from checker.cli import cli
from checker.cli.options import color_option, format_option, use_color


@cli.command("rules")
@format_option()
@click.option("--family", default=None, metavar="PREFIX", help="Only rules whose code starts with PREFIX (AUTH, CRED, SRC6...).")
@color_option
def rules_command(output_format: str, family: str | None, no_color: bool) -> int:
    """List the rule catalogue."""
    from checker.commands.catalogue import list_rules

    return list_rules(output_format, family, color=use_color(no_color))


@cli.command("explain")
@click.argument("code")
@format_option()
@color_option
def explain_command(code: str, output_format: str, no_color: bool) -> int:
    """Print one rule's cause, fix, and a bad and a good example."""
    from checker.commands.catalogue import explain_rule

    return explain_rule(code, output_format, color=use_color(no_color))
