"""The one exception the sandbox raises for problems its user can fix."""


class SandboxError(Exception):
    """Bad config, a busy port, an unwritable path or a missing dependency.

    The message is one line that names the value and tells the user what to do
    next. It never contains an App Key. The CLI turns it into `error: <message>` and exit
    status 2.
    """
