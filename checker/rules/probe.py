"""PROBE5xx: the meaning of a live response. The probe layer and transcript readers emit these."""

from checker.registry import declare

declare(
    "PROBE501", "unauthorized", "error",
    summary="401: header missing or malformed as received by the platform",
    cause="The platform answered 401 with its Basic challenge: the Authorization header it received was missing, did not start with `Basic `, was not valid Base64, or had no colon between id and key.",
    fix="Fix the header as the AUTH findings say; if none were found here, something between the client and the platform (a proxy, an SDK, a redirect) changed or dropped it.",
    bad="HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm=\"EnableX API\"",
    good="HTTP/1.1 200 OK",
)
declare(
    "PROBE502", "forbidden", "error",
    summary="403: credentials decoded but denied",
    cause="The platform decoded the credentials and denied them: the App Key is wrong or was regenerated (an old key), the Voice API is not enabled for the project, or the account is suspended or out of balance.",
    fix="Compare the key's fingerprint with the key in the portal (regenerate it if unsure), check that the project has the Voice API enabled, and check the account's state and balance.",
    bad="HTTP/1.1 403 Forbidden\n{\"result\":403,\"msg\":\"Forbidden\"}",
    good="HTTP/1.1 200 OK",
)
declare(
    "PROBE503", "domain-not-whitelisted", "error",
    summary="405 from the token endpoint",
    cause="The web-client token endpoint answered 405: the project is invalid for that call or the domain is not whitelisted for it (or the method was not POST).",
    fix="Add the domain to the project's whitelist in the portal and request the token with POST {\"domain\": \"<your domain>\"}.",
    bad="POST /voice/v1/webclient/token {\"domain\": \"shop.example.org\"} -> 405",
    good="POST /voice/v1/webclient/token {\"domain\": \"example.com\"} -> 200 {\"token\": \"eyJ...\"}",
)
declare(
    "PROBE504", "token-null", "error",
    summary="`{\"token\": null}`",
    cause="The credentials are valid but the platform could not issue a web-client token.",
    fix="Contact EnableX support with the App ID and the time of the request; retrying with the same request does not help.",
    bad="HTTP/1.1 200 OK\n{\"token\": null}",
    good="HTTP/1.1 200 OK\n{\"token\": \"eyJhbGciOi...\"}",
)
declare(
    "PROBE505", "redirect", "warning",
    summary="3xx; not followed, credentials not re-sent",
    cause="The answer is a redirect; it did not come from the Voice API's authentication, and following it would send the credentials to another URL (clients drop the header on a host change, which then looks like a 401).",
    fix="Call the final URL directly (check the scheme, host and trailing slash); never follow redirects with credentials.",
    bad="HTTP/1.1 301 Moved Permanently\nLocation: https://api.enablex.io/voice/v1/call/",
    good="GET https://api.enablex.io/voice/v1/call -> 200",
)
declare(
    "PROBE506", "proxy-auth", "warning",
    summary="407 from a proxy",
    cause="A proxy between the client and the platform asked for its own credentials (407), so the request never reached EnableX.",
    fix="Configure the proxy's credentials (HTTPS_PROXY=http://user:pass@proxy:port) or bypass the proxy for api.enablex.io (NO_PROXY).",
    bad="HTTP/1.1 407 Proxy Authentication Required",
    good="HTTP/1.1 200 OK",
)
declare(
    "PROBE507", "rate-limited", "warning",
    summary="429",
    cause="The platform or a gateway is rate-limiting the requests (429), so authentication was not decided.",
    fix="Wait for the time given in Retry-After and try again; reduce the request rate.",
    bad="HTTP/1.1 429 Too Many Requests\nRetry-After: 30",
    good="HTTP/1.1 200 OK",
)
declare(
    "PROBE508", "server-error", "warning",
    summary="5xx",
    cause="The server or a gateway in front of it failed (5xx), so authentication was not decided.",
    fix="Try again later; if it persists, check EnableX's status and contact support with the time of the request.",
    bad="HTTP/1.1 502 Bad Gateway",
    good="HTTP/1.1 200 OK",
)
declare(
    "PROBE509", "tls-failure", "warning",
    summary="certificate or handshake failure, with the sub-cause",
    cause="The TLS handshake failed (unknown CA, expired or not-yet-valid certificate, hostname mismatch, or a protocol error), so nothing was sent.",
    fix="Trust the CA that signs the server's certificate (--ca-bundle, or the corporate proxy's CA), fix the system clock, or use the right host name. Never turn verification off.",
    bad="curl: (60) SSL certificate problem: unable to get local issuer certificate",
    good="a verified TLS 1.2+ connection to api.enablex.io",
)
declare(
    "PROBE510", "network-failure", "warning",
    summary="DNS, refused, reset, unreachable",
    cause="The connection could not be made or was cut (name not resolved, connection refused or reset, network unreachable), so nothing was decided about authentication.",
    fix="Check the host name, DNS, firewall and proxy settings from the machine that runs the service.",
    bad="curl: (6) Could not resolve host: api.enablex.io",
    good="a connection to api.enablex.io:443",
)
declare(
    "PROBE511", "timeout", "warning",
    summary="connect or read timeout",
    cause="The server did not answer within the time limit, so nothing was decided about authentication.",
    fix="Check the network path (firewall, proxy) and try again with a larger --timeout.",
    bad="curl: (28) Operation timed out after 10000 milliseconds",
    good="an answer within the time limit",
)
declare(
    "PROBE512", "foreign-answer", "warning",
    summary="body or challenge not the platform's (HTML page, 401 without a Basic challenge)",
    cause="The answer did not come from the Voice API (an HTML page or a 401 without the platform's Basic challenge): a proxy, firewall, captive portal or another service answered instead.",
    fix="Check proxy and firewall settings and the host name; the page's title usually names the device that answered.",
    bad="HTTP/1.1 403 Forbidden\nContent-Type: text/html\n\n<html><title>Access Denied</title>",
    good="HTTP/1.1 403 Forbidden\nContent-Type: application/json\n\n{\"result\":403,\"msg\":\"Forbidden\"}",
)
