"""Read `curl -v` transcripts and raw HTTP exchanges into request and response pairs."""

from __future__ import annotations

import re

from checker.readers.http import (
    REQUEST_LINE, STATUS_LINE, Exchange, Request, Response, add_header_line, parse_message,
)

_PROGRESS = re.compile(r"^[{}] \[[0-9]+ bytes data\]")


def parse_transcript(text: str, first_line: int = 1) -> list[Exchange]:
    """Parse `curl -v` output: `>` request lines, `<` response lines, `*` info, body after."""
    exchanges: list[Exchange] = []
    current: Exchange | None = None
    info: list[tuple[int, str]] = []
    body_lines: list[str] = []

    for offset, raw in enumerate(text.split("\n")):
        number = first_line + offset
        line = raw.rstrip("\r")
        marker = line[:1]
        content = line[2:] if line[1:2] == " " else line[1:]
        if _PROGRESS.match(line):
            continue
        if marker == "*" and line[1:2] in (" ", ""):
            info.append((number, content))
        elif marker == ">":
            body_lines = []
            current = _request_line(exchanges, current, content, number, info)
        elif marker == "<":
            body_lines = []
            current = _response_line(exchanges, current, content, number, info)
        elif current is not None and current.response is not None:
            # curl prints the response body unprefixed after the `<` lines.
            body_lines.append(line)
            current.response.body = "\n".join(body_lines).strip("\n")

    if info and exchanges:
        exchanges[-1].info.extend(item for item in info if item not in exchanges[-1].info)
    elif info:
        exchanges.append(Exchange(None, None, "transcript", info))
    return exchanges


def _request_line(exchanges, current, content, number, info):
    match = REQUEST_LINE.match(content)
    if match and content.strip():
        request = Request(number, method=match.group(1), target=match.group(2))
        current = Exchange(request, None, "transcript", list(info))
        info.clear()
        exchanges.append(current)
    elif current is not None and current.request is not None and content.strip() and current.response is None:
        add_header_line(current.request, content, number)
    return current


def _response_line(exchanges, current, content, number, info):
    match = STATUS_LINE.match(content)
    if match:
        response = Response(number, status=int(match.group(2)), reason=match.group(3).strip())
        if current is None or current.response is not None:
            current = Exchange(None, response, "transcript", list(info))
            exchanges.append(current)
        else:
            current.response = response
    elif current is not None and current.response is not None and content.strip():
        add_header_line(current.response, content, number)
    return current


def parse_http(text: str, first_line: int = 1) -> Request | Response | None:
    """Parse one raw HTTP message (a request or a response) with its body."""
    return parse_message(text.split("\n"), first_line)


def pair_messages(messages: list[Request | Response]) -> list[Exchange]:
    """Pair each request with the response that follows it in the paste."""
    exchanges: list[Exchange] = []
    for message in messages:
        if isinstance(message, Response) and exchanges and exchanges[-1].response is None \
                and exchanges[-1].request is not None:
            exchanges[-1].response = message
        elif isinstance(message, Request):
            exchanges.append(Exchange(message, None, "http"))
        else:
            exchanges.append(Exchange(None, message, "http"))
    return exchanges
