"""Read what a browser's developer tools copy from the network panel's Headers tab.

Chrome, Edge and Safari copy a "General" section (`Request URL:`,
`Request Method:`, `Status Code:`) followed by response and request header
lines. When the section titles were copied too, they decide which side a
header belongs to; otherwise a header's name does.
"""

from __future__ import annotations

import re

from checker.readers import credentials
from checker.readers.http import Exchange, Header, Request, Response

START = re.compile(r"^\s*Request URL\s*:\s*(\S+)\s*$", re.IGNORECASE)
_GENERAL = re.compile(r"^\s*(Request URL|Request Method|Status Code|Remote Address|Referrer Policy)\s*:\s*(.*?)\s*$",
                      re.IGNORECASE)
_SECTION = re.compile(r"^\s*(General|Response Headers|Request Headers)\b.*$", re.IGNORECASE)
_HEADER = re.compile(r"^\s*:?([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s?(.*?)\s*$")
_RESPONSE_NAMES = {
    "www-authenticate", "location", "retry-after", "server", "proxy-authenticate", "set-cookie",
    "content-length", "date", "x-powered-by", "via", "access-control-allow-origin",
}


def block_end(lines: list[str], start: int) -> int:
    """Return the index after the last line of a devtools block that starts at `start`."""
    end = start
    blank_run = 0
    while end < len(lines):
        line = lines[end].rstrip("\r")
        if not line.strip():
            blank_run += 1
            if blank_run > 1:
                break
            end += 1
            continue
        if not (_GENERAL.match(line) or _SECTION.match(line) or _HEADER.match(line)):
            break
        blank_run = 0
        end += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return end


def parse_devtools(text: str, first_line: int = 1) -> Exchange:
    """Build the request and response the copied General section and header lines describe."""
    request = Request(first_line)
    response: Response | None = None
    side = None
    for offset, raw in enumerate(text.split("\n")):
        number = first_line + offset
        line = raw.rstrip("\r")
        general = _GENERAL.match(line)
        if general:
            response = _read_general(request, response, general.group(1).lower(), general.group(2), number)
            continue
        section = _SECTION.match(line)
        if section:
            side = section.group(1).lower()
            continue
        header = _HEADER.match(line)
        if header:
            response = _add_header(request, response, side, header, number)
    return Exchange(request, response, "devtools")


def _read_general(request: Request, response: Response | None, name: str, value: str, number: int):
    if name == "request url":
        request.target = value
        request.line = number
    elif name == "request method":
        request.method = value.upper()
    elif name == "status code":
        match = re.match(r"(\d{3})\s*(.*)", value)
        if match:
            response = Response(number, status=int(match.group(1)), reason=match.group(2).strip())
    return response


def _add_header(request: Request, response: Response | None, side: str | None, match: re.Match[str], number: int):
    name, value = match.group(1), match.group(2)
    column = match.start(2) + 1
    to_response = side == "response headers" or (side is None and name.lower() in _RESPONSE_NAMES)
    if to_response:
        if response is None:
            response = Response(number)
        response.headers.append(Header(name, value, number, column))
        return response
    request.headers.append(Header(name, value, number, column))
    if name.lower() == "authorization":
        credentials.register_authorization(value)
    return response
