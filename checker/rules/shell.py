"""SRC612 detection for shell-like source files, with the quoting a POSIX shell applies.

SRC612 (shell-expansion) is declared in `checker.rules.src`, so this module
registers no rule: importing it next to that declaration must not declare the
code twice. It offers `shell_expansion_hits`, which splits each curl command
with shlex and checks every `-u`/`--user` value character by character for
`$`, backticks and `!` outside single quotes. `diagnose` uses the same
detection through `checker.diagnose.shell`.
"""

from __future__ import annotations

from typing import Iterator

from checker.diagnose.shell import changed_credentials
from checker.findings import Hit, Location


def shell_expansion_hits(source) -> Iterator[Hit]:
    """Yield one SRC612 hit per curl `-u` value in `source.text` that the shell would change.

    `source` is a `checker.scan.source.SourceFile` (or any object with `text`,
    `path` and `is_shell_like`); files that are not shell-like yield nothing.
    """
    from checker.readers.curl import parse_curl
    from checker.readers.detect import curl_command_spans

    if not getattr(source, "is_shell_like", False):
        return
    for start, end, line in curl_command_spans(source.text):
        command = parse_curl(source.text[start:end], line)
        user = command.user_option
        if user is None or user.word is None or user.value is None:
            continue
        for changed in changed_credentials(user.value, user.raw or user.value):
            yield Hit(message=f"in the curl -u value, {changed.describe()}",
                      location=Location(source.path, command.line_of(user.word)))
