"""The simulated platform behind any faults: authentication, then routing.

Routes (all under /voice/v1/, all behind authentication):

| method | path | response |
|---|---|---|
| GET | /voice/v1/call, /voice/v1/calls | 200 `{"result":0,"voice_calls":[]}` |
| GET | /voice/v1/broadcast | 200 `{"result":0,"broadcasts":[]}` |
| GET | /voice/v1/call/{voice_id}/stream | 404 for every id (the sandbox has no calls) |
| POST | /voice/v1/webclient/token | 200 token, 200 `{"token": null}`, or 405 |
| any other method on those paths | | 405 |
| any | another path under /voice/v1/ | 404 |

HEAD is routed as GET, and the handler drops the body. A path outside
/voice/v1/ gets 404 without authentication.

The token endpoint returns `{"token": null}` for a project with `token_null`
whatever the body, because that flag simulates a platform that cannot issue
tokens at all. Otherwise it issues a token when the JSON body's `domain` is one
of the project's domains (exact, case-sensitive match). It responds 405 when
the body is not a JSON object, `domain` is missing or not a string, or the
domain is not whitelisted.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass

from checker.sandbox.auth import Denied, authenticate
from checker.sandbox.responses import Response, json_response, method_not_allowed, not_found
from checker.sandbox.tokens import TokenIssuer

API_PREFIX = "/voice/v1/"
TOKEN_PATH = "/voice/v1/webclient/token"
LIST_BODIES = {
    "/voice/v1/call": {"result": 0, "voice_calls": []},
    "/voice/v1/calls": {"result": 0, "voice_calls": []},
    "/voice/v1/broadcast": {"result": 0, "broadcasts": []},
}
_STREAM_PATH = re.compile(r"/voice/v1/call/[^/]+/stream")


@dataclass(frozen=True)
class Request:
    """The parts of an HTTP request that the platform logic reads. `path` has no query string."""

    method: str
    path: str
    authorization: list[str]
    body: bytes = b""


class VoiceApi:
    """The simulated Voice API for one config's projects."""

    def __init__(self, projects: list[dict], token_issuer: TokenIssuer | None = None) -> None:
        self.projects = projects
        self.token_issuer = token_issuer or TokenIssuer()

    def answer(self, request: Request) -> Response:
        if not request.path.startswith(API_PREFIX):
            return not_found("outside-api")
        try:
            project = authenticate(request.authorization, self.projects)
        except Denied as denied:
            return denied.response
        return self._route(request, project)

    def _route(self, request: Request, project: dict) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        if request.path == TOKEN_PATH:
            if method != "POST":
                return method_not_allowed("wrong-method")
            return self._issue_token(request.body, project)

        if request.path in LIST_BODIES:
            if method != "GET":
                return method_not_allowed("wrong-method")
            return json_response(200, LIST_BODIES[request.path], "accepted")

        if _STREAM_PATH.fullmatch(request.path):
            if method != "GET":
                return method_not_allowed("wrong-method")
            return not_found("no-such-call")

        return not_found("unknown-path")

    def _issue_token(self, body: bytes, project: dict) -> Response:
        if project["token_null"]:
            return json_response(200, {"token": None}, "token-null")

        domain = _requested_domain(body)
        if domain is None:
            return method_not_allowed("domain-missing")
        if domain not in project["domains"]:
            return method_not_allowed("domain-not-whitelisted")

        token = self.token_issuer.issue(project["app_id"], domain, int(time.time()))
        return json_response(200, {"token": token}, "token-issued")


def _requested_domain(body: bytes) -> str | None:
    """Return the string `domain` of a JSON object body, or None for any other body."""
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(document, dict):
        return None
    domain = document.get("domain")
    return domain if isinstance(domain, str) else None
