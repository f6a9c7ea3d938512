"""SRC612: credentials in a shell command that the shell changes before curl runs.

The detection is shared with `diagnose` (`checker.diagnose.shell`). Curl
commands are split with shlex, and each `-u`/`--user` value is checked
character by character for `$`, backticks and `!` outside single quotes.
"""

from __future__ import annotations

import re
from typing import Iterator

from checker.diagnose.shell import changed_credentials
from checker.findings import Hit, Location
from checker.registry import rule

_CURL = re.compile(r"(?m)^[ \t]*(?:[$#%][ \t]*)?curl(?:\.exe)?\s")


@rule(
    "SRC612", "shell-expansion", "warning",
    summary="`$`, `!` or a backtick inside a double-quoted or unquoted credential in a shell command",
    cause="Inside double quotes or without quotes the shell expands `$name`, `$(...)`, backticks and, in "
          "interactive bash, `!`, so curl sends a different App ID or App Key than the one written.",
    fix="Put a literal credential in single quotes, or better, read it from the environment: "
        "`curl -u \"$ENABLEX_APP_ID:$ENABLEX_APP_KEY\" ...`.",
    bad='curl -u "5f1e99bf90ce3c3c0c52e646:Ry3u$EurydeSyTuReXaDu" https://api.enablex.io/voice/v1/call',
    good='curl -u "$ENABLEX_APP_ID:$ENABLEX_APP_KEY" https://api.enablex.io/voice/v1/call',
)
def shell_expansion(source) -> Iterator[Hit]:
    """Check the curl commands of a shell-like source file (scan) for changed credentials."""
    from checker.readers.curl import parse_curl
    from checker.readers.detect import curl_command_spans

    if not getattr(source, "is_shell_like", False):
        return
    for start, end, line in curl_command_spans(source.text):
        command = parse_curl(source.text[start:end], line)
        user = command.user_option
        if user is None or user.word is None or user.value is None:
            continue
        for changed in changed_credentials(user.value, user.word.raw):
            yield Hit(message=f"in the curl -u value, {changed.describe()}",
                      location=Location(source.path, command.line_of(user.word)))
