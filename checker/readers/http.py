"""HTTP messages as pasted: a request or response with its headers and body."""

from __future__ import annotations

import dataclasses
import re

from checker.readers import credentials

REQUEST_LINE = re.compile(r"^\s*([A-Z]+)\s+(\S+)(?:\s+(HTTP/\d(?:\.\d)?))?\s*$")
STATUS_LINE = re.compile(r"^\s*(HTTP/\d(?:\.\d)?)\s+(\d{3})\b\s*(.*)$")
_HEADER = re.compile(r"^([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*:(.*)$")
_BASE64_REST = re.compile(r"^[ \t]*[A-Za-z0-9+/_-]+={0,2}[ \t]*$")


@dataclasses.dataclass
class Header:
    name: str
    value: str
    line: int
    column: int


@dataclasses.dataclass
class Message:
    line: int
    headers: list[Header] = dataclasses.field(default_factory=list)
    body: str = ""

    def header(self, name: str) -> str | None:
        for header in self.headers:
            if header.name.lower() == name.lower():
                return header.value
        return None

    def all_headers(self, name: str) -> list[Header]:
        return [header for header in self.headers if header.name.lower() == name.lower()]

    def header_map(self) -> dict[str, str]:
        return {header.name: header.value for header in self.headers}


@dataclasses.dataclass
class Request(Message):
    method: str = "GET"
    target: str = "/"

    @property
    def url(self) -> str:
        """The absolute URL: the target itself, or Host plus the target (HTTPS assumed)."""
        if re.match(r"^[a-z][a-z0-9+.-]*://", self.target, re.IGNORECASE):
            return self.target
        host = self.header("Host") or self.header(":authority")
        if not host:
            return self.target
        return f"https://{host.strip()}{self.target}"

    @property
    def path(self) -> str:
        match = re.match(r"^[a-z][a-z0-9+.-]*://[^/]*(/[^?#]*)?", self.target, re.IGNORECASE)
        if match:
            return match.group(1) or "/"
        return self.target.split("?", 1)[0]


@dataclasses.dataclass
class Response(Message):
    status: int = 0
    reason: str = ""


@dataclasses.dataclass
class Exchange:
    """A request and the response it got; either side may be missing from the paste."""

    request: Request | None
    response: Response | None
    source: str
    info: list[tuple[int, str]] = dataclasses.field(default_factory=list)  # curl's `*` lines


def parse_message(lines: list[str], first_line: int) -> Request | Response | None:
    """Parse a start line, header lines and an optional body after a blank line."""
    if not lines:
        return None
    start = lines[0].rstrip("\r")
    status = STATUS_LINE.match(start)
    request = REQUEST_LINE.match(start)
    if status:
        message: Message = Response(first_line, status=int(status.group(2)), reason=status.group(3).strip())
    elif request:
        message = Request(first_line, method=request.group(1), target=request.group(2))
    else:
        return None

    index = read_headers(message, lines, 1, first_line)
    if index < len(lines):
        message.body = "\n".join(line.rstrip("\r") for line in lines[index + 1:]).strip("\n")
    return message


def read_headers(message: Message, lines: list[str], index: int, first_line: int) -> int:
    """Read header lines from `index` up to the first blank line; return that line's index."""
    while index < len(lines):
        line = lines[index].rstrip("\r")
        if not line.strip():
            return index
        add_header_line(message, line, first_line + index)
        index += 1
    return index


def add_header_line(message: Message, line: str, line_number: int) -> None:
    """Add one header line, or append it to the previous header when it continues one."""
    previous = message.headers[-1] if message.headers else None
    match = _HEADER.match(line)
    continues_token = (previous is not None and previous.name.lower() == "authorization"
                       and _BASE64_REST.match(line) is not None)
    if previous is not None and (line[:1] in " \t" or continues_token) and not (match and not continues_token):
        # An obs-fold (RFC 7230 section 3.2.4) or the second half of a wrapped token:
        # the line break stays in the value so the header rules can see it.
        previous.value = previous.value + "\n" + line.strip()
        if previous.name.lower() == "authorization":
            credentials.register_authorization(previous.value)
        return
    if not match:
        return
    value = match.group(2).strip(" \t")
    column = len(line) - len(match.group(2).lstrip(" \t")) + 1
    message.headers.append(Header(match.group(1), value, line_number, column))
    if match.group(1).lower() == "authorization":
        credentials.register_authorization(value)
