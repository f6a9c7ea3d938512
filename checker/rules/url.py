"""URL4xx: the endpoint a request goes to."""

from __future__ import annotations

import dataclasses
import difflib
import ipaddress
import re
from urllib.parse import SplitResult, urlsplit

from checker import secrets
from checker.findings import Finding, Hit, Location
from checker.registry import rule, run_family

PRODUCTION_HOST = "api.enablex.io"
KNOWN_HOSTS = {PRODUCTION_HOST: "production", "api-qa.enablex.io": "the QA cluster used by some public samples"}
FAMILY_PATHS = [
    ("core", re.compile(r"^/voice/v1/calls?/?$")),
    ("streaming", re.compile(r"^/voice/v1/calls?/[^/]+/stream/?$")),
    ("core", re.compile(r"^/voice/v1/calls?/[^/]+(/[^/]+)*/?$")),
    ("broadcast", re.compile(r"^/voice/v1/broadcast(/[^/]+)*/?$")),
    ("token", re.compile(r"^/voice/v1/webclient/token/?$")),
]


@dataclasses.dataclass
class UrlTarget:
    url: str
    parts: SplitResult
    is_base: bool
    location: Location | None


def check_url(url: str, *, location: Location | None = None, is_base: bool = False) -> list[Finding]:
    """Run the URL rules on one URL. `is_base` skips the path rule for a bare base URL."""
    # A URL ends at the first whitespace. What follows, such as the next pasted line
    # when a quote never closed, is not part of it and may be a header with a token.
    url = re.split(r"\s", url.strip(), maxsplit=1)[0]
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        return []
    if not parts.scheme or not parts.hostname:
        return []
    return run_family("URL", UrlTarget(url, parts, is_base, location))


def family_of_path(path: str) -> str | None:
    for family, pattern in FAMILY_PATHS:
        if pattern.match(path):
            return family
    return None


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def safe_url(url: str) -> str:
    """Return `url` with its userinfo, query values and fragment masked, for messages and reports.

    Query values and fragments are masked because some clients pass the key
    as `?app_key=...`; parameter names stay, so the message can still name them.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(an invalid URL)"
    if not (parts.query or parts.fragment or "@" in parts.netloc):
        return url
    if parts.query:
        items = (item.partition("=") for item in parts.query.split("&"))
        parts = parts._replace(query="&".join(f"{name}=***" if equals else "***" for name, equals, _ in items))
    if parts.fragment:
        parts = parts._replace(fragment="***")
    if "@" in parts.netloc:
        parts = parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1])
    return parts.geturl()


@rule(
    "URL401", "plain-http", "error",
    summary="`http://` URL: credentials would travel in clear; nothing is sent",
    cause="The URL uses plain http, so the Authorization header (the App Key in Base64, which is not encryption) would cross the network readable by anyone on the path.",
    fix="Use https:// (the Voice API serves only HTTPS, TLS 1.2 or newer). If the key was ever sent over http, regenerate it in the portal.",
    bad="http://api.enablex.io/voice/v1/call",
    good="https://api.enablex.io/voice/v1/call",
)
def plain_http(target: UrlTarget):
    if target.parts.scheme.lower() == "http":
        yield Hit(f"{safe_url(target.url)} uses plain http", location=target.location)


@rule(
    "URL402", "credentials-in-url", "error",
    summary="`https://id:key@host/...`: leaks into logs and proxies",
    cause="The credentials are written into the URL (userinfo), where access logs, proxies, browser history and error messages record them.",
    fix="Remove `id:key@` from the URL and send the credentials in the Authorization header (curl `-u`, requests `auth=`); regenerate the key if such URLs were logged.",
    bad="https://5f1e99bf90ce3c3c0c52e646:Ry3u...@api.enablex.io/voice/v1/call",
    good="https://api.enablex.io/voice/v1/call with -u \"$ENABLEX_APP_ID:$ENABLEX_APP_KEY\"",
)
def credentials_in_url(target: UrlTarget):
    parts = target.parts
    if parts.username is None and parts.password is None:
        return
    secrets.register(parts.password, f"{parts.username}:{parts.password}" if parts.password else None)
    what = "an id and a key" if parts.password else "a user name"
    yield Hit(f"{safe_url(target.url)} carries {what} in its userinfo", location=target.location)


@rule(
    "URL403", "unknown-host", "warning",
    summary="a host other than `api.enablex.io` (QA clusters, old hosts, typos)",
    cause="The host is not the production Voice API host, so the credentials go to another cluster (where they may not exist) or to a host that is not EnableX at all.",
    fix="Use https://api.enablex.io unless EnableX support gave you another host. Loopback hosts (a local sandbox) are not reported.",
    bad="https://api.enablx.io/voice/v1/call",
    good="https://api.enablex.io/voice/v1/call",
)
def unknown_host(target: UrlTarget):
    host = (target.parts.hostname or "").lower().rstrip(".")
    if host == PRODUCTION_HOST or is_loopback(host):
        return
    if host in KNOWN_HOSTS:
        yield Hit(f"{host} is {KNOWN_HOSTS[host]}, not production {PRODUCTION_HOST}", location=target.location)
        return
    close = difflib.get_close_matches(host, [PRODUCTION_HOST, "enablex.io"], n=1, cutoff=0.75)
    hint = f"; did you mean {PRODUCTION_HOST}?" if close else ""
    yield Hit(f"{host} is not the Voice API host {PRODUCTION_HOST}{hint}", location=target.location)


@rule(
    "URL404", "unknown-path", "warning",
    summary="a path that matches no Voice API family",
    cause="The path matches none of the Voice API's families (/voice/v1/call, /voice/v1/broadcast, /voice/v1/call/{voice_id}/stream, /voice/v1/webclient/token), so the answer says nothing about authentication.",
    fix="Check the path against the Voice API reference: version `v1`, `voice` first, no trailing segment typos.",
    bad="https://api.enablex.io/v1/voice/call",
    good="https://api.enablex.io/voice/v1/call",
)
def unknown_path(target: UrlTarget):
    path = target.parts.path or "/"
    if target.is_base and path in ("", "/"):
        return
    if family_of_path(path) is None:
        yield Hit(f"the path {path} matches no Voice API family", location=target.location)


@rule(
    "URL405", "non-default-port", "warning",
    summary="an explicit port other than 443",
    cause="The URL names a port other than 443; the Voice API listens on 443, so another port reaches a proxy, a local tool or nothing.",
    fix="Remove the port from the URL. Loopback hosts (a local sandbox) are not reported.",
    bad="https://api.enablex.io:8443/voice/v1/call",
    good="https://api.enablex.io/voice/v1/call",
)
def non_default_port(target: UrlTarget):
    port = target.parts.port
    if port is None or port == 443 or is_loopback(target.parts.hostname):
        return
    if target.parts.scheme.lower() == "http" and port == 80:
        return
    yield Hit(f"{safe_url(target.url)} names port {port}", location=target.location)
