"""The command-line interface: click lives in this package only.

Each command module parses its options and calls one plain function in
`checker.commands`, which returns an exit status. Heavy libraries (requests,
jsonschema, tabulate) are imported inside those functions, so `--help` and
offline runs start fast.
"""

from __future__ import annotations

import sys

import click

from checker import __version__
from checker.errors import CheckerError, ExitCode


# Each command's module is imported only when that command runs (or --help lists
# them all), so one command does not pay for the start-up of the others.
COMMAND_MODULES = {
    "check": "checker.cli.check",
    "diagnose": "checker.cli.diagnose",
    "explain": "checker.cli.catalogue",
    "rules": "checker.cli.catalogue",
    "sandbox": "checker.cli.sandbox",
    "scan": "checker.cli.scan",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMAND_MODULES) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            import importlib

            importlib.import_module(COMMAND_MODULES[cmd_name])
        return self.commands.get(cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="enablex-authcheck")
def cli() -> None:
    """Find out why EnableX Voice API calls fail authentication."""


def _register_commands() -> None:
    """Import every command module (tests use this to check what the CLI loads)."""
    import importlib

    for module in sorted(set(COMMAND_MODULES.values())):
        importlib.import_module(module)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and exit with the status of the command."""
    args = sys.argv[1:] if argv is None else argv
    from checker.secrets import register_command_line

    register_command_line(args)
    try:
        status = cli.main(args=args, prog_name="enablex-authcheck", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Interrupted.", err=True)
        status = ExitCode.INTERRUPTED
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        status = ExitCode.INTERRUPTED
    except click.ClickException as error:
        _show_usage_error(error)
        status = ExitCode.USAGE
    except click.exceptions.Exit as done:
        status = done.exit_code
    except CheckerError as error:
        _print_error(str(error))
        status = error.exit_code
    except BrokenPipeError:
        status = ExitCode.OK
    except Exception as error:  # noqa: BLE001  (last line of defence: one line, never a traceback by default)
        _report_internal_error(error, verbose="-v" in args or "--verbose" in args)
        status = ExitCode.USAGE
    sys.exit(int(status or 0))


def _show_usage_error(error: click.ClickException) -> None:
    """Print click's usage error through the scrubber, because click quotes the arguments it rejects."""
    import io

    from checker.secrets import scrub

    buffer = io.StringIO()
    error.show(file=buffer)
    click.echo(scrub(buffer.getvalue()), err=True, nl=False)


def _print_error(message: str) -> None:
    from checker.secrets import scrub

    first_line = scrub(message).strip().splitlines()[0] if message.strip() else "unknown error"
    click.echo(f"error: {first_line}", err=True)


def _report_internal_error(error: Exception, verbose: bool) -> None:
    import traceback

    from checker.secrets import scrub

    if verbose:
        click.echo(scrub("".join(traceback.format_exception(error))), err=True)
    _print_error(
        f"internal error ({type(error).__name__}); this is a bug in enablex-authcheck. "
        "Rerun with -v for the traceback (secrets are masked) and report it."
    )
