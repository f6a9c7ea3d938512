"""Exit statuses and the error class that every expected failure raises."""

import enum


class ExitCode(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    INCONCLUSIVE = 3
    INTERRUPTED = 130


class CheckerError(Exception):
    """An expected failure the user can fix: bad option, unreadable file, invalid config.

    The message must be one line, name the offending value (masked when it is a
    secret) and say what to do next. The CLI prints it and exits with `exit_code`.
    """

    exit_code = ExitCode.USAGE
