"""Rules for HTTP exchanges found in a paste: the request's header and URL, the response's meaning."""

from __future__ import annotations

import json
import re

from checker.diagnose.model import Diagnosis, SeenResponse
from checker.findings import Location, Verdict
from checker.readers import credentials as found_secrets
from checker.readers import messages
from checker.readers.http import Exchange, Request, Response
from checker.registry import get, make_finding

# A token the customer or a tool masked before pasting: `Basic ****`, `Basic <redacted>`, `REDACTED`
# (Microsoft Dev Proxy writes the last into HAR files it generates without sensitive data).
_MASKED_TOKEN = re.compile(
    r"^\W*(?:\w+\s+)?[\[<({]*\s*(?:redacted|removed|hidden|masked|secret|token|x{3,}|\*{3,}|\.{3,}|…)\s*[\]>)}]*\W*$",
    re.IGNORECASE,
)
# The platform's own 401 challenge, assumed for a JSON error body pasted without its headers.
PLATFORM_CHALLENGE = 'Basic realm="EnableX API"'


def check_authorization(diagnosis: Diagnosis, values: list[str], where: Location, label: str) -> None:
    """Run the AUTH rules (and CRED on the decoded pair) on the Authorization values of one request."""
    from checker.header import check_header_values

    masked = [value for value in values if _MASKED_TOKEN.match(value)]
    if masked and len(masked) == len(values):
        diagnosis.notes.append(f"{label} was masked before it was pasted, so its token could not be checked; ask for "
                               "the key's fingerprint (printf %s \"$ENABLEX_APP_KEY\" | sha256sum) instead of the key")
        _check_masked_scheme(diagnosis, masked[0], where, label)
        return
    for value in values:
        found_secrets.register_authorization(value)
    result = check_header_values(values, location=where)
    if values:
        diagnosis.headers_checked += 1
    diagnosis.header_codes.update(finding.code for finding in result.findings)
    diagnosis.add(result.findings)
    if result.credentials:
        diagnosis.add_credentials(result.credentials[0], result.credentials[1], label)


def _check_masked_scheme(diagnosis: Diagnosis, value: str, where: Location, label: str) -> None:
    """Report the scheme word of a masked value, which the paste still shows."""
    scheme, _ = found_secrets.split_scheme(value)
    if not scheme or scheme == "Basic" or scheme.lower() in ("redacted", "removed", "hidden", "masked"):
        return
    code = "AUTH103" if scheme.lower() == "basic" else "AUTH102"
    diagnosis.header_codes.add(code)
    diagnosis.add([make_finding(code, f"{label} uses the scheme `{scheme}` (its token was masked in the paste), "
                                      "and the platform accepts `Basic` only", where)])


def check_exchanges(diagnosis: Diagnosis, found: list[Exchange]) -> None:
    previous: Exchange | None = None
    for exchange in found:
        had_header = None
        if exchange.request is not None:
            had_header = _check_request(diagnosis, exchange)
        if exchange.response is not None:
            check_response(diagnosis, exchange.request, exchange.response, source=exchange.source,
                           request_had_header=had_header, family_hint=diagnosis.last_family)
        if exchange.info:
            first = exchange.info[0][0]
            text = "\n".join(line for _, line in exchange.info)
            if exchange.source == "har":
                _har_client_errors(diagnosis, exchange)
            else:
                check_client_errors(diagnosis, text, first)
        _note_lost_header(diagnosis, previous, exchange)
        previous = exchange


def _check_request(diagnosis: Diagnosis, exchange: Exchange) -> bool:
    from checker.rules.url import check_url, family_of_path

    request = exchange.request
    where, label = _place(diagnosis, exchange, request)
    headers = request.all_headers("Authorization")
    if headers:
        header_where = where if exchange.source == "har" else Location(diagnosis.name, headers[0].line,
                                                                         headers[0].column)
        check_authorization(diagnosis, [header.value for header in headers], header_where,
                            f"the Authorization header of {label}")
    elif request.path.startswith("/voice/") and not _failed_before_answer(exchange):
        _missing_header(diagnosis, exchange, where, label)

    if "://" in request.url:
        diagnosis.add(check_url(request.url, location=where))
    diagnosis.last_family = family_of_path(request.path) or diagnosis.last_family
    if family_of_path(request.path) == "token":
        diagnosis.domain = diagnosis.domain or _domain_of(request.body)
    return bool(headers)


def _failed_before_answer(exchange: Exchange) -> bool:
    """Return True for a browser's record of a request that got no response (status 0 in a HAR file)."""
    return exchange.response is not None and exchange.response.status == 0


def _missing_header(diagnosis: Diagnosis, exchange: Exchange, where: Location, label: str) -> None:
    if exchange.source != "har":
        check_authorization(diagnosis, [], where, label)
        return
    diagnosis.header_codes.add("AUTH101")
    diagnosis.add([make_finding(
        "AUTH101",
        f"{label} has no Authorization header. Chrome DevTools exports sanitized HAR files by default, "
        "without Authorization and Cookie headers, so check the request in the network panel before "
        "concluding that the client did not send it",
        where,
    )])


def check_response(diagnosis: Diagnosis, request: Request | None, response: Response, *,
                   source: str = "http", request_had_header: bool | None = None,
                   family_hint: str | None = None, body_only: bool = False) -> None:
    """Map one pasted response to its PROBE5xx code, or note that authentication passed."""
    from checker.probes import classify_response
    from checker.rules.url import family_of_path

    if response.status == 0:
        return  # a browser's record of a request that got no response; its error is read separately
    family = family_of_path(request.path) if request is not None else family_hint
    family = family or _family_from_body(response.body)
    headers = response.header_map()
    if body_only and response.status == 401:
        headers.setdefault("WWW-Authenticate", PLATFORM_CHALLENGE)
    method = request.method if request is not None else "GET"
    body = response.body
    if not body.strip() and (source == "devtools" or not response.headers):
        # The paste shows the status but not the body (developer tools never copy it), so read the
        # status as the platform's own response instead of as an empty page from a proxy.
        body = json.dumps({"result": response.status})
        diagnosis.notes.append(f"the body of the {response.status} response at line {response.line} is not in the "
                               "paste, so it was read as the platform's JSON response")
    classification = classify_response(family, response.status, headers, body, method=method)

    where = _response_place(diagnosis, source, request, response)
    described = _describe_response(response, family, body_only, source)
    diagnosis.responses.append(SeenResponse(
        response.status, family, classification.verdict, classification.code, classification.cause,
        where, request_had_header,
    ))
    if classification.code is None:
        diagnosis.accepted.append(f"{described}: {classification.cause}")
        if response.status == 405 and family is None:
            diagnosis.notes.append(
                "a 405 from the web client token endpoint (/voice/v1/webclient/token) would instead mean an "
                "invalid project or a domain that is not whitelisted (PROBE503); paste the request to tell"
            )
        return
    evidence = "; ".join(classification.details) or None
    diagnosis.add([make_finding(classification.code, described, where, evidence=evidence,
                                cause=classification.cause, fix=classification.fix)])


def check_client_errors(diagnosis: Diagnosis, text: str, first_line: int) -> None:
    """Turn TLS, DNS, connection and timeout messages into PROBE509-511 findings."""
    for error in messages.find_client_errors(text, first_line):
        where = Location(diagnosis.name, error.line, error.column)
        _add_client_error(diagnosis, error, where, f"the error message at line {error.line}")


def _har_client_errors(diagnosis: Diagnosis, exchange: Exchange) -> None:
    where, label = _place(diagnosis, exchange, exchange.request)
    for error in messages.find_client_errors("\n".join(text for _, text in exchange.info)):
        _add_client_error(diagnosis, error, where, f"the browser error of {label}")


def _add_client_error(diagnosis: Diagnosis, error: messages.ClientError, where: Location, label: str) -> None:
    if any(seen.code == error.code and seen.cause == error.sub_cause for seen in diagnosis.responses):
        return  # clients print the same failure several times (curl's `*` line and its exit message)
    cause = f"{get(error.code).cause} Here: {error.sub_cause}."
    diagnosis.add([make_finding(error.code, f"{label} shows that {error.sub_cause}", where,
                                evidence=error.evidence, cause=cause, fix=error.fix)])
    diagnosis.responses.append(SeenResponse(0, None, Verdict.INCONCLUSIVE, error.code, error.sub_cause, where, None))


def _note_lost_header(diagnosis: Diagnosis, previous: Exchange | None, current: Exchange) -> None:
    if previous is None or previous.response is None or current.request is None or previous.request is None:
        return
    if not 300 <= previous.response.status < 400:
        return
    if previous.request.all_headers("Authorization") and not current.request.all_headers("Authorization"):
        diagnosis.notes.append(
            f"after the {previous.response.status} redirect, the request at line {current.request.line} went out "
            "without the Authorization header: curl sends credentials only to the host they were given for"
        )


def _place(diagnosis: Diagnosis, exchange: Exchange, request: Request) -> tuple[Location, str]:
    from checker.rules.url import safe_url

    if exchange.source == "har":
        return Location(diagnosis.name), f"HAR entry {request.line} ({request.method} {safe_url(request.url)})"
    return Location(diagnosis.name, request.line), f"the request at line {request.line}"


def _response_place(diagnosis: Diagnosis, source: str, request: Request | None, response: Response) -> Location:
    if source == "har":
        return Location(diagnosis.name)
    return Location(diagnosis.name, response.line)


def _describe_response(response: Response, family: str | None, body_only: bool, source: str) -> str:
    if source == "har":
        text = f"the response of HAR entry {response.line} is {response.status} {response.reason}".rstrip()
    elif body_only:
        text = f"the JSON body at line {response.line} carries result {response.status}"
    elif response.line and response.status:
        text = f"the response at line {response.line} is {response.status} {response.reason}".rstrip()
    else:
        text = f"the response is {response.status}"
    if family == "token":
        text += " from the web client token endpoint"
    return text


def _family_from_body(body: str) -> str | None:
    document = _json(body)
    if isinstance(document, dict) and "token" in document:
        return "token"
    return None


def _domain_of(body: str) -> str | None:
    document = _json(body)
    if isinstance(document, dict) and isinstance(document.get("domain"), str):
        return document["domain"]
    return None


def _json(text: str):
    if not text or text.lstrip()[:1] not in "{[":
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None
