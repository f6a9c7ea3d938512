"""Read a HAR file (HTTP Archive 1.2, as browsers export it) into exchanges."""

from __future__ import annotations

import base64
import binascii
import json

from checker.errors import CheckerError
from checker.readers import credentials
from checker.readers.http import Exchange, Header, Request, Response

SCHEMA = "har.schema.json"


def load_har(text: str, name: str) -> tuple[list[Exchange], int]:
    """Parse and validate a HAR document; return the Voice API exchanges and the entry count.

    Entries that neither target an EnableX host or a `/voice/` path, nor carry
    an Authorization header, nor failed with an auth status are left out: a
    browser session records every image and script of the page.
    Raises CheckerError naming the first problem with the document.
    """
    try:
        document = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as error:
        raise CheckerError(
            f"{name} looks like a HAR file but is not valid JSON ({error.msg} at line {error.lineno}, "
            f"column {error.colno}); export it again from the browser's network panel"
        ) from None
    _validate(document, name)
    entries = document["log"]["entries"]
    exchanges = [_exchange(index, entry) for index, entry in enumerate(entries) if _is_relevant(entry)]
    return exchanges, len(entries)


def _is_relevant(entry: dict) -> bool:
    request = entry["request"]
    url = request["url"].lower()
    if "enablex" in url or "/voice/" in url:
        return True
    if any(header["name"].lower() == "authorization" for header in request["headers"]):
        return True
    return entry["response"]["status"] in (401, 403, 407)


def _validate(document: object, name: str) -> None:
    from checker import schema
    from checker.readers.harschema import first_error

    error = first_error(document, schema.load(SCHEMA))
    if error is None:
        return
    path, message = error
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path).lstrip(".")
    raise CheckerError(
        f"{name} is not a HAR 1.2 file: at {where or 'the top level'}, {message}; "
        "export it again with the browser's 'Save all as HAR'"
    )


def _exchange(index: int, entry: dict) -> Exchange:
    raw_request = entry["request"]
    raw_response = entry["response"]
    position = index + 1  # entries are numbered from 1 in messages

    request = Request(position, method=raw_request["method"], target=raw_request["url"])
    request.headers = _headers(raw_request["headers"], position)
    request.body = (raw_request.get("postData") or {}).get("text", "")
    for header in request.all_headers("Authorization"):
        credentials.register_authorization(header.value)

    response = Response(position, status=raw_response["status"], reason=raw_response.get("statusText", ""))
    response.headers = _headers(raw_response["headers"], position)
    response.body = _content_text(raw_response.get("content") or {})

    exchange = Exchange(request, response, "har")
    error = raw_response.get("_error") or entry.get("_error")
    if isinstance(error, str) and error:
        exchange.info.append((position, error))
    return exchange


def _headers(items: list[dict], position: int) -> list[Header]:
    return [Header(item["name"], item["value"], position, 1) for item in items]


def _content_text(content: dict) -> str:
    text = content.get("text", "")
    if content.get("encoding") == "base64" and text:
        try:
            return base64.b64decode(text).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            return ""
    return text
