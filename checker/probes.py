"""Live probes: the only module that speaks HTTP.

Each probe sends one side-effect-free request (GET, or POST to the token
endpoint) with the Authorization header built here, never follows a
redirect, always verifies TLS, and ends in exactly one verdict. `--timeout`
bounds a probe's whole time: the connection, the response headers and the body.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import logging
import os
import re
import threading
import time
from typing import Mapping
from urllib.parse import urlsplit

from checker import __version__, registry
from checker.findings import ProbeResult, Verdict
from checker.probe_plan import FAMILY_REQUESTS, ProbePlan, plan_probes, skipped  # noqa: F401  (re-exported)
from checker.rules.url import family_of_path, safe_url

LOG = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024
_REALM = re.compile(r'realm\s*=\s*"([^"]*)"', re.IGNORECASE)
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
# urllib3 reports a proxy's non-200 response to CONNECT as "Tunnel connection failed: 407 Proxy Authentication Required".
# How OpenSSL, through CPython's ssl module, reports a peer that closed the connection without ending TLS.
_TLS_EOF = ("eof occurred in violation of protocol", "unexpected_eof_while_reading", "unexpected eof while reading")
_USERINFO = re.compile(r"[^\s'\"/@]+@")
_TUNNEL_STATUS = re.compile(r"Tunnel connection failed: ([0-9]{3}[^'\")|]*)")

__all__ = ["Classification", "classify_response", "classify_exception", "family_of_path", "plan_probes", "run_probes",
           "skipped", "ProbePlan", "FAMILY_REQUESTS"]


@dataclasses.dataclass(frozen=True)
class Classification:
    verdict: Verdict
    code: str | None
    cause: str
    fix: str
    details: tuple[str, ...] = ()


def _from_rule(verdict: Verdict, code: str, cause: str | None = None, fix: str | None = None,
               details: tuple[str, ...] = ()) -> Classification:
    entry = registry.get(code)
    return Classification(verdict, code, cause or entry.cause, fix or entry.fix, details)


def _accepted(cause: str, details: tuple[str, ...] = ()) -> Classification:
    return Classification(Verdict.ACCEPTED, None, cause, "", details)


def classify_response(family: str | None, status: int, headers: Mapping[str, str], body: bytes | str,
                      *, method: str = "GET") -> Classification:
    """Map one HTTP response to a verdict, following the platform's documented responses."""
    headers = {name.lower(): value for name, value in headers.items()}
    raw = body.encode("utf-8", "replace") if isinstance(body, str) else (body or b"")

    early = _classify_status_only(status, headers)
    if early is not None:
        return early

    if status == 401:
        challenge = _classify_401(headers)
        if challenge.code != "PROBE501":
            return challenge
    document = _json_object(raw)
    if document is None and (raw.strip() or status in (401, 403, 405)):
        return _foreign(status, headers, raw)
    if status == 401:
        return _from_rule(Verdict.REJECTED, "PROBE501")
    if status == 403:
        return _from_rule(Verdict.REJECTED, "PROBE502")
    if status == 405:
        if family == "token":
            return _from_rule(Verdict.REJECTED, "PROBE503")
        return _accepted("405: authentication passed; the method is not allowed on this path")
    if status == 404 and (family in ("core", "broadcast", "token") or document is None):
        return _not_found(family)
    if family == "token" and 200 <= status < 300 and document is not None and "token" in document:
        return _classify_token(document)
    return _accepted(f"{status}: authentication passed; any remaining problem is elsewhere in the request")


def _not_found(family: str | None) -> Classification:
    """Treat a 404 as undecided unless it is the platform's JSON 404 for the probe's made-up voice id.

    The call, broadcast and token paths exist on the platform, so a 404 there
    means the request went to another path or server (a base URL with a wrong
    path prefix, for example) and authentication was never checked.
    """
    if family in ("core", "broadcast", "token"):
        cause = ("404 for a path the Voice API serves: the request did not reach the Voice API, so authentication"
                 " was not checked. The base URL's host or path prefix is probably wrong.")
    else:
        cause = "404 without the platform's JSON body: something other than the Voice API answered."
    return _from_rule(Verdict.INCONCLUSIVE, "PROBE512", cause=cause,
                      fix="Use the base URL https://api.enablex.io with no path, or the one EnableX support gave you.")


def _classify_status_only(status: int, headers: dict[str, str]) -> Classification | None:
    if 300 <= status < 400:
        location = headers.get("location", "")
        details = (f"Location: {safe_url(location)}",) if location else ()
        cause = registry.get("PROBE505").cause
        if location.lower().startswith("http://"):
            cause += " This one points to plain http, where the credentials would travel in clear."
        return _from_rule(Verdict.INCONCLUSIVE, "PROBE505", cause=f"{status} redirect. {cause}", details=details)
    if status == 407:
        return _from_rule(Verdict.INCONCLUSIVE, "PROBE506")
    if status == 429:
        retry = headers.get("retry-after")
        fix = f"Wait {retry} seconds (Retry-After) and try again." if retry else None
        details = (f"Retry-After: {retry}",) if retry else ()
        return _from_rule(Verdict.INCONCLUSIVE, "PROBE507", fix=fix, details=details)
    if status >= 500:
        return _from_rule(Verdict.INCONCLUSIVE, "PROBE508", cause=f"{status}: {registry.get('PROBE508').cause}")
    return None


def _classify_401(headers: dict[str, str]) -> Classification:
    challenge = headers.get("www-authenticate", "")
    if not challenge.strip().lower().startswith("basic"):
        shown = f"`{challenge.split(' ')[0]}` challenge" if challenge.strip() else "no WWW-Authenticate challenge"
        return _from_rule(
            Verdict.INCONCLUSIVE, "PROBE512",
            cause=f"401 with {shown}, not the platform's Basic challenge: something in front of the platform answered.",
            fix=_GATEWAY_401_FIX,
        )
    realm = _REALM.search(challenge)
    if realm and realm.group(1) != "EnableX API":
        return _from_rule(
            Verdict.INCONCLUSIVE, "PROBE512",
            cause=f"401 with a Basic challenge for realm \"{realm.group(1)}\", not \"EnableX API\": another server asked for credentials.",
            fix=_GATEWAY_401_FIX,
        )
    return _from_rule(Verdict.REJECTED, "PROBE501")


_GATEWAY_401_FIX = ("Find out which server answered (a proxy, API gateway or load balancer may require its own"
                    " credentials or strip the Authorization header), for example with `curl -v` from the same"
                    " machine, and fix the header first if the AUTH findings report a problem.")


def _classify_token(document: dict) -> Classification:
    token = document.get("token")
    if token is None:
        return _from_rule(Verdict.REJECTED, "PROBE504")
    if not isinstance(token, str) or not token:
        return _from_rule(Verdict.INCONCLUSIVE, "PROBE512", cause="the token endpoint answered 200 without a usable token")
    from checker import secrets

    secrets.register(token)
    return _accepted("token issued; it is short-lived: request a fresh one per session and never cache it",
                     details=tuple(describe_jwt(token)))


def describe_jwt(token: str) -> list[str]:
    """Describe a JWT's header and lifetime without checking its signature or printing it."""
    parts = token.split(".")
    if len(parts) != 3:
        return ["the token is not a JWT (expected three dot-separated parts)"]
    try:
        header = json.loads(_b64url(parts[0]))
        claims = json.loads(_b64url(parts[1]))
    except (ValueError, UnicodeDecodeError):
        return ["the token's header or claims are not valid Base64url JSON"]
    details = [f"JWT alg {header.get('alg', '?')}, typ {header.get('typ', '?')}; signature not checked"]
    issued, expires = claims.get("iat"), claims.get("exp")
    if isinstance(expires, (int, float)):
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(expires))
        lifetime = f"{int(expires - issued)} s" if isinstance(issued, (int, float)) else "unknown"
        details.append(f"token lifetime {lifetime}, expires {stamp}")
    else:
        details.append("the token has no exp claim")
    return details


def _b64url(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _json_object(raw: bytes) -> dict | None:
    try:
        document = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    return document if isinstance(document, dict) else None


def _foreign(status: int, headers: dict[str, str], raw: bytes) -> Classification:
    content_type = headers.get("content-type", "")
    title = _TITLE.search(raw[:65536])
    label = f" titled \"{' '.join(title.group(1).decode('utf-8', 'replace').split())[:80]}\"" if title else ""
    if b"<html" in raw[:4096].lower() or "html" in content_type:
        what = "an HTML page"
    elif not raw.strip():
        what = "an empty body"
    elif content_type:
        what = f"a {content_type} body"
    else:
        what = "a body of unknown type"
    return _from_rule(
        Verdict.INCONCLUSIVE, "PROBE512",
        cause=f"{status} with {what}{label}, not the platform's JSON: a proxy, firewall or captive portal answered.",
    )


def classify_exception(error: BaseException) -> Classification:
    """Map a requests/urllib3 failure to an inconclusive verdict (PROBE506, PROBE509 to PROBE512) with its sub-cause."""
    import requests

    text = _error_text(error)
    if any(needle in text.lower() for needle in _TLS_EOF):
        if not isinstance(error, requests.exceptions.SSLError):
            # requests raises SSLError only while connecting, so this EOF came while reading the response.
            return _from_rule(Verdict.INCONCLUSIVE, "PROBE510",
                              cause="network failure: the server closed the connection before the whole answer "
                                    "arrived, without ending TLS properly.")
        # The peer closed the connection before the handshake finished, so no certificate was
        # checked: the same failure as a reset, whichever of the two the client saw first.
        return _from_rule(Verdict.INCONCLUSIVE, "PROBE510",
                          cause="network failure: the server closed the connection during the TLS handshake, "
                                "before any certificate was checked (a firewall, or a port that does not serve TLS).")
    tls_text = "CERTIFICATE_VERIFY_FAILED" in text or ("SSL" in text and "certificate" in text.lower())
    if isinstance(error, requests.exceptions.SSLError) or tls_text:
        return _from_rule(Verdict.INCONCLUSIVE, "PROBE509", cause=_tls_cause(text))
    if isinstance(error, (requests.exceptions.Timeout, TimeoutError)) or "timed out" in text.lower():
        return _from_rule(Verdict.INCONCLUSIVE, "PROBE511", cause=_timeout_cause(error, text))
    if isinstance(error, requests.exceptions.ProxyError):
        return _classify_proxy_error(text)
    if isinstance(error, (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema)):
        # Raised before any connection. check validates the base URL first, so this is usually
        # a proxy variable such as HTTPS_PROXY=socks5://... (without PySocks) or http://host:abc.
        return _from_rule(
            Verdict.INCONCLUSIVE, "PROBE510",
            cause=f"the request could not be built from the URL or the proxy setting ({_first_line(error)}): nothing was sent.",
            fix="Check the base URL and the HTTPS_PROXY and ALL_PROXY variables. A socks:// proxy needs the PySocks package.",
        )
    malformed = _malformed_http(text)
    if malformed is not None:
        return _from_rule(
            Verdict.INCONCLUSIVE, "PROBE512",
            cause=f"the response is not valid HTTP/1.1 ({malformed}): another service, or a broken proxy, answered on this port.",
            fix="Check the host name and port of the base URL, and the proxy or firewall between this machine and the platform.",
        )
    return _from_rule(Verdict.INCONCLUSIVE, "PROBE510", cause=_network_cause(text))


def _first_line(error: BaseException) -> str:
    """Return the first line of an error message, with any userinfo (`user:password@`) masked."""
    lines = str(error).splitlines()
    if not lines:
        return type(error).__name__
    return _USERINFO.sub("***@", lines[0])[:200]


def _malformed_http(text: str) -> str | None:
    """Describe a response that http.client or urllib3 could not parse, or return None."""
    lowered = text.lower()
    checks = [
        ("badstatusline", "no HTTP status line"),
        ("linetoolong", "a header line too long to parse"),
        ("got more than 100 headers", "more than 100 header fields"),
        ("invalidchunklength", "an invalid chunk size in a chunked body"),
        ("failed to decode it", "a body that does not match its Content-Encoding"),
    ]
    for needle, description in checks:
        if needle in lowered:
            return description
    return None


def _classify_proxy_error(text: str) -> Classification:
    """Classify a failed proxy tunnel by the status the proxy returned to CONNECT, when there is one."""
    tunnel = _TUNNEL_STATUS.search(text)
    if tunnel is None:
        return _from_rule(Verdict.INCONCLUSIVE, "PROBE510", cause="the proxy could not be reached or refused the connection.")
    status_line = tunnel.group(1).strip()
    if status_line.startswith("407"):
        return _from_rule(Verdict.INCONCLUSIVE, "PROBE506",
                          cause=f"the proxy responded to the tunnel request (CONNECT) with {status_line}: it wants its own "
                                "credentials, so the request never reached EnableX.")
    return _from_rule(Verdict.INCONCLUSIVE, "PROBE510",
                      cause=f"the proxy refused the tunnel request (CONNECT) with {status_line}, so the request never reached the platform.",
                      fix="Ask the proxy's administrator to allow CONNECT to the API host on port 443, or bypass the proxy for it (NO_PROXY).")


def _error_text(error: BaseException) -> str:
    parts = []
    seen = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts.append(f"{type(current).__name__}: {current}")
        for arg in getattr(current, "args", ()):
            if isinstance(arg, BaseException):
                parts.append(f"{type(arg).__name__}: {arg}")
                reason = getattr(arg, "reason", None)
                if isinstance(reason, BaseException):
                    parts.append(f"{type(reason).__name__}: {reason}")
        current = current.__cause__ or current.__context__
    return " | ".join(parts)


def _tls_cause(text: str) -> str:
    lowered = text.lower()
    checks = [
        ("certificate has expired", "the server's certificate has expired (or this machine's clock is wrong)"),
        ("not yet valid", "the server's certificate is not yet valid (check this machine's clock)"),
        ("hostname mismatch", "the certificate was issued for another host name (hostname mismatch)"),
        ("doesn't match", "the certificate was issued for another host name (hostname mismatch)"),
        ("ip address mismatch", "the certificate was issued for another host name or address (hostname mismatch)"),
        ("self-signed certificate in certificate chain", "the chain ends in a CA this machine does not trust (a corporate proxy re-signing TLS?)"),
        ("self-signed certificate", "the server presents a self-signed certificate"),
        ("unable to get local issuer", "the certificate is signed by a CA this machine does not trust (unknown CA; pass it with --ca-bundle)"),
        ("wrong version number", "the server did not answer with TLS (a plain-http port, or a proxy that does not speak TLS)"),
        ("no certificate or crl found", "the CA bundle in use contains no PEM certificates"),
        ("protocol version", "the server and client share no TLS version (the platform needs TLS 1.2 or newer)"),
        ("handshake failure", "the TLS handshake failed (no shared cipher or protocol)"),
    ]
    for needle, cause in checks:
        if needle in lowered:
            return f"TLS failure: {cause}. Nothing was sent."
    return "TLS failure: the certificate could not be verified or the handshake failed. Nothing was sent."


def _timeout_cause(error: BaseException, text: str) -> str:
    import requests

    if isinstance(error, requests.exceptions.ConnectTimeout) or "connect timeout" in text.lower():
        return "the connection was not established within the time limit."
    if "handshake operation timed out" in text.lower():
        return "the connection was made, but the TLS handshake did not finish within the time limit."
    return "the server did not send the whole answer within the time limit."


def _network_cause(text: str) -> str:
    lowered = text.lower()
    checks = [
        ("name or service not known", "the host name could not be resolved (DNS)"),
        ("nodename nor servname", "the host name could not be resolved (DNS)"),
        ("failed to resolve", "the host name could not be resolved (DNS)"),
        ("getaddrinfo failed", "the host name could not be resolved (DNS)"),
        ("temporary failure in name resolution", "the host name could not be resolved (DNS)"),
        ("connection refused", "the connection was refused (nothing listens on that host and port, or a firewall rejects it)"),
        ("connection reset", "the connection was reset by the server or something in between"),
        ("remote end closed", "the server closed the connection without answering"),
        ("remotedisconnected", "the server closed the connection without answering"),
        ("connection aborted", "the connection was cut while the answer was being read"),
        ("incompleteread", "the connection was cut before the whole answer arrived"),
        ("response ended prematurely", "the connection was cut before the whole answer arrived"),
        ("network is unreachable", "the network is unreachable from this machine"),
        ("no route to host", "there is no route to the host"),
    ]
    for needle, cause in checks:
        if needle in lowered:
            return f"network failure: {cause}."
    return "network failure: the connection failed before an answer arrived."


def run_probes(plans: list[ProbePlan], header: str, *, timeout: float, ca_bundle: str | None) -> list[ProbeResult]:
    """Run every planned probe concurrently; each ends within `timeout` seconds plus a small grace."""
    results: dict[int, ProbeResult] = {}
    threads = []
    started = time.monotonic()
    for index, plan in enumerate(plans):
        thread = threading.Thread(
            target=_run_into, args=(results, index, plan, header, timeout, ca_bundle),
            name=f"probe-{plan.family}", daemon=True,
        )
        thread.start()
        threads.append(thread)

    deadline = started + timeout + 0.5
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))

    out = []
    for index, plan in enumerate(plans):
        result = results.get(index)
        if result is None:
            cls = _from_rule(Verdict.INCONCLUSIVE, "PROBE511",
                             cause=f"no complete answer within --timeout {timeout:g} s.")
            result = _result(plan, cls, None, started)
        out.append(result)
    return out


def _run_into(results: dict, index: int, plan: ProbePlan, header: str, timeout: float, ca_bundle: str | None) -> None:
    results[index] = probe_once(plan, header, timeout=timeout, ca_bundle=ca_bundle)


def probe_once(plan: ProbePlan, header: str, *, timeout: float, ca_bundle: str | None) -> ProbeResult:
    """Send one probe and return its result; every exception becomes an inconclusive verdict."""
    import requests

    started = time.monotonic()
    deadline = started + timeout
    rejection = _reject_non_https(plan)
    if rejection is not None:
        return _result(plan, rejection, None, started)
    verify, verify_source = _verify_setting(ca_bundle)
    if isinstance(verify, str) and not os.path.exists(verify):
        return _result(plan, _missing_ca_bundle(verify, verify_source), None, started)

    session = requests.Session()
    # trust_env off: .netrc must never replace the header and REQUESTS_CA_BUNDLE is read explicitly above.
    session.trust_env = False
    proxies = environment_proxies(plan.url)
    details = tuple(f"via proxy {safe_url(proxy)} (from the environment)" for proxy in proxies.values())[:1]
    try:
        response = session.request(
            plan.method, plan.url, json=plan.body, auth=_FixedHeader(header),
            headers={"User-Agent": f"enablex-authcheck/{__version__}", "Accept": "application/json"},
            timeout=(timeout, timeout), allow_redirects=False, verify=verify,
            proxies=proxies, stream=True,
        )
        body = _read_body(response, deadline)
    except Exception as error:  # noqa: BLE001  (every failure becomes a verdict; none escapes)
        LOG.debug("probe %s failed: %s", plan.family, type(error).__name__)
        cls = classify_exception(error)
        if cls.code == "PROBE509" and isinstance(verify, str):
            details += (f"CA bundle {verify} (from {verify_source})",)
        return _result(plan, cls, None, started, details)
    finally:
        session.close()

    if body is None:
        cls = _from_rule(Verdict.INCONCLUSIVE, "PROBE511",
                         cause=f"the body did not arrive within --timeout {timeout:g} s (status {response.status_code} was received).")
        return _result(plan, cls, response.status_code, started, details)
    cls = classify_response(plan.family, response.status_code, response.headers, body, method=plan.method)
    return _result(plan, cls, response.status_code, started, details)


def _read_body(response, deadline: float) -> bytes | None:
    chunks = []
    size = 0
    for chunk in response.iter_content(chunk_size=4096):
        chunks.append(chunk)
        size += len(chunk)
        if size >= MAX_BODY_BYTES:
            break
        if time.monotonic() > deadline:
            return None
    return b"".join(chunks)


def _result(plan: ProbePlan, cls: Classification, status: int | None, started: float,
            extra: tuple[str, ...] = ()) -> ProbeResult:
    elapsed = int((time.monotonic() - started) * 1000)
    return ProbeResult(
        family=plan.family, method=plan.method, url=safe_url(plan.url), verdict=cls.verdict, status=status,
        code=cls.code, cause=cls.cause, fix=cls.fix, elapsed_ms=elapsed, details=cls.details + extra,
    )


class _FixedHeader:
    """A requests auth hook that sets the prepared header; passing it keeps .netrc out."""

    def __init__(self, header: str) -> None:
        self.header = header

    def __call__(self, request):
        request.headers["Authorization"] = self.header
        return request


def environment_proxies(url: str) -> dict[str, str]:
    import requests.utils

    proxies = requests.utils.get_environ_proxies(url)
    return {scheme: proxy for scheme, proxy in proxies.items() if scheme in ("https", "all") and proxy}


def default_verify() -> str | bool:
    """Use REQUESTS_CA_BUNDLE or SSL_CERT_FILE when set, else the certifi bundle; never False."""
    return _verify_setting(None)[0]


def _verify_setting(ca_bundle: str | None) -> tuple[str | bool, str]:
    """Return the `verify` value for requests and where it came from; never False."""
    if ca_bundle:
        return ca_bundle, "--ca-bundle"
    for name in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE"):
        value = os.environ.get(name, "").strip()
        if value:
            return value, name
    return True, "the default bundle"


def _missing_ca_bundle(path: str, source: str) -> Classification:
    return _from_rule(
        Verdict.INCONCLUSIVE, "PROBE509",
        cause=f"TLS failure: the CA bundle {path} named by {source} does not exist, so no certificate can be verified. Nothing was sent.",
        fix=f"Point {source} at a PEM file of CA certificates, or unset it to use the default bundle. Never turn verification off.",
    )


def _reject_non_https(plan: ProbePlan) -> Classification | None:
    """Return a skipped verdict for a plan that is not https, so no caller can send the credentials in clear."""
    scheme = urlsplit(plan.url.strip()).scheme.lower()
    if scheme == "https":
        return None
    return Classification(
        Verdict.SKIPPED, None,
        f"the URL does not use https ({scheme or 'no scheme'}): nothing was sent, so the key did not travel in clear",
        "Use an https:// base URL.",
    )
