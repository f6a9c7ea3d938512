"""The response record that the platform logic and the fault injector return."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from http import HTTPStatus

JSON_TYPE = "application/json"
CHALLENGE = 'Basic realm="EnableX API"'


@dataclass(frozen=True)
class Response:
    """A complete HTTP response. The handler adds Content-Length, Date and Server when it sends it.

    `reason` is a short tag for the request log (such as "previous-key"). It is
    never sent to the client.
    """

    status: int
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    reason: str | None = None


def json_body(document: object) -> bytes:
    """Serialise without spaces, the form of the documented bodies (`{"result":401,...}`)."""
    return json.dumps(document, separators=(",", ":")).encode("utf-8")


def status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def error_response(status: int, reason: str | None = None, extra_headers: tuple = ()) -> Response:
    """Build a response with the platform's error body, `{"result": status, "msg": "<phrase>"}`."""
    body = json_body({"result": status, "msg": status_phrase(status)})
    return Response(status, body, (("Content-Type", JSON_TYPE), *extra_headers), reason)


def json_response(status: int, document: object, reason: str | None = None) -> Response:
    return Response(status, json_body(document), (("Content-Type", JSON_TYPE),), reason)


def unauthorized(reason: str) -> Response:
    return error_response(401, reason, (("WWW-Authenticate", CHALLENGE),))


def forbidden(reason: str) -> Response:
    return error_response(403, reason)


def method_not_allowed(reason: str) -> Response:
    return error_response(405, reason)


def not_found(reason: str = "unknown-path") -> Response:
    return error_response(404, reason)
