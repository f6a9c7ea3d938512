"""Fault modes: what infrastructure in front of the platform does to a request.

A fault applies before authentication, because proxies, gateways and load
balancers respond before the platform ever sees the credentials. The first
fault whose `path_prefix` starts the request path applies. The kinds that
replace the response are built here. The handler carries out the kinds that
change delivery (latency, reset, slow_body), because they act on the connection.
"""

from __future__ import annotations

from checker.sandbox.responses import Response, error_response, status_phrase

# The kinds for which `fault_response` builds the whole response.
RESPONSE_KINDS = frozenset({"status", "redirect", "html", "no_challenge"})

_HTML_PAGE = """<!DOCTYPE html>
<html>
<head><title>Access Denied</title></head>
<body>
<h1>Access Denied</h1>
<p>Your request was blocked by the corporate web gateway.</p>
<p>If you believe this is an error, contact your network administrator.</p>
<hr><p>Gateway reference: enablex-authcheck sandbox fault "html"</p>
</body>
</html>
"""


def find_fault(faults: list[dict], path: str) -> dict | None:
    """Return the first fault whose path_prefix starts `path`, or None."""
    for fault in faults:
        if path.startswith(fault["path_prefix"]):
            return fault
    return None


def fault_response(fault: dict) -> Response:
    """Build the response of a fault whose kind is in RESPONSE_KINDS."""
    kind = fault["kind"]
    if kind == "status":
        return _status_response(fault)
    if kind == "redirect":
        return Response(fault.get("status", 301), b"", (("Location", fault["location"]),), "fault")
    if kind == "html":
        status = fault.get("status", 200)
        return Response(status, _HTML_PAGE.encode("utf-8"), (("Content-Type", "text/html; charset=utf-8"),), "fault")
    if kind == "no_challenge":
        # The body looks like the platform's, but a platform 401 always carries the Basic challenge.
        return error_response(401, "fault")
    raise ValueError(f"fault kind {kind!r} changes delivery, not the response, so only the handler can apply it")


def _status_response(fault: dict) -> Response:
    status = fault["status"]
    headers: list[tuple[str, str]] = []
    if "retry_after" in fault:
        headers.append(("Retry-After", str(fault["retry_after"])))
    if status == 407:
        headers.append(("Proxy-Authenticate", 'Basic realm="proxy"'))
    return error_response(status, "fault", tuple(headers))


def truncated_body(after_bytes: int) -> bytes:
    """Return a JSON body longer than `after_bytes`, for a reset in the middle of it."""
    prefix = b'{"result":0,"msg":"' + status_phrase(200).encode("ascii") + b'","padding":"'
    suffix = b'"}'
    padding_length = max(0, after_bytes + 16 - len(prefix) - len(suffix))
    return prefix + b"x" * padding_length + suffix
