"""Run the real CLI entry point in-process and capture what a user would see."""

from __future__ import annotations

import dataclasses
import json

from click.testing import CliRunner

from checker.cli import main


@dataclasses.dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def json(self) -> dict:
        return json.loads(self.stdout)


def run_cli(args: list[str], *, input: str | bytes | None = None, env: dict[str, str | None] | None = None) -> CliResult:
    """Call `checker.cli.main(args)` as the console script would and return its exit status and output."""
    runner = CliRunner()
    with runner.isolation(input=input, env=env) as streams:
        try:
            main(args)
            code = 0
        except SystemExit as done:
            if isinstance(done.code, int):
                code = done.code
            elif done.code is None:
                code = 0
            else:
                code = 1
        stdout = streams[0].getvalue().decode("utf-8", "replace")
        stderr = streams[1].getvalue().decode("utf-8", "replace")
    return CliResult(code, stdout, stderr)
