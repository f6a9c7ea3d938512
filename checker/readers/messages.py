"""Error messages from clients and browsers: TLS, DNS, connection and timeout failures.

Each pattern maps a message that curl, Python requests/urllib3, Node.js,
browsers, Java, PHP, Ruby, Go or .NET print to the probe code it means and the
specific sub-cause, so a pasted error line reads like a live probe result.
"""

from __future__ import annotations

import dataclasses
import functools
import re


@dataclasses.dataclass(frozen=True)
class ClientError:
    code: str
    sub_cause: str
    fix: str
    line: int
    column: int
    evidence: str


_UNKNOWN_CA_FIX = (
    "Trust the CA that signed the server certificate: on a corporate network that inspects TLS, "
    "add the proxy's root CA to the client's bundle (curl --cacert, REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS); "
    "otherwise update the system CA store. Never turn certificate verification off."
)
_EXPIRED_FIX = (
    "Check the client machine's clock first; if it is right, the certificate presented is outdated, "
    "which usually means a proxy or an old pinned certificate answers instead of the platform."
)
_HOSTNAME_FIX = (
    "Call the documented host (api.enablex.io) by name, not an IP address or a CNAME alias, "
    "and check that no proxy or hosts-file entry answers for it."
)
_HANDSHAKE_FIX = (
    "Use a client with TLS 1.2 or newer (update OpenSSL, curl, Java or the runtime), and check that "
    "no proxy intercepts the connection."
)
_DNS_FIX = "Check the host name for typos and that the machine's DNS resolves it (nslookup api.enablex.io)."
_REFUSED_FIX = "Check the host and port, and whether a firewall or proxy setting blocks outgoing HTTPS."
_TIMEOUT_FIX = "Check outgoing HTTPS (port 443) from that machine, proxy settings, then retry with a longer timeout."

# (regex, code, sub-cause, fix), the first match wins, so specific patterns come first.
_PATTERNS = [
    (r"certificate has expired|CERT_HAS_EXPIRED|ERR_CERT_DATE_INVALID|SEC_ERROR_EXPIRED_CERTIFICATE"
     r"|certificate (is )?not yet valid|CERT_NOT_YET_VALID|NotAfter:|validity check failed",
     "PROBE509", "the server certificate is expired or not yet valid", _EXPIRED_FIX),
    (r"no alternative certificate subject name matches|hostname mismatch"
     r"|(?:host ?name|certificate)\b.{0,60}\b(?:doesn't|does not|didn't) match"
     r"|ERR_TLS_CERT_ALTNAME_INVALID|ERR_CERT_COMMON_NAME_INVALID|SSL_ERROR_BAD_CERT_DOMAIN"
     r"|Hostname .* not verified|No subject alternative (DNS )?name|certificate is valid for",
     "PROBE509", "the certificate does not name the host that was called", _HOSTNAME_FIX),
    (r"unable to get local issuer certificate|self[- ]signed certificate|UNABLE_TO_VERIFY_LEAF_SIGNATURE"
     r"|UNABLE_TO_GET_ISSUER_CERT|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT"
     r"|unable to verify the first certificate|ERR_CERT_AUTHORITY_INVALID|SEC_ERROR_UNKNOWN_ISSUER"
     r"|PKIX path building failed|unable to find valid certification path|certificate signed by unknown authority"
     r"|CERTIFICATE_VERIFY_FAILED|certificate verify failed|The remote certificate is invalid"
     r"|SSL certificate problem|curl: \(60\)|cURL error 60",
     "PROBE509", "the client does not trust the CA that signed the server certificate", _UNKNOWN_CA_FIX),
    (r"SSLHandshakeException|handshake failure|ERR_SSL_PROTOCOL_ERROR|ERR_SSL_VERSION_OR_CIPHER_MISMATCH"
     r"|wrong version number|tlsv1 alert|unsupported protocol|SSL connect error|curl: \(35\)"
     r"|SSL_ERROR_SYSCALL|EPROTO|ssl3_get_record|protocol_version",
     "PROBE509", "the TLS handshake failed (protocol version, cipher or an intercepting proxy)", _HANDSHAKE_FIX),
    (r"Could not resolve host|getaddrinfo|ENOTFOUND|EAI_AGAIN|Name or service not known|NameResolutionError"
     r"|nodename nor servname|ERR_NAME_NOT_RESOLVED|No such host is known|UnknownHostException|no such host",
     "PROBE510", "the host name did not resolve (DNS)", _DNS_FIX),
    (r"Connection refused|ECONNREFUSED|ERR_CONNECTION_REFUSED|ConnectException|Failed to connect to"
     r"|ECONNRESET|Connection reset|ERR_CONNECTION_RESET|Network is unreachable|ENETUNREACH|EHOSTUNREACH",
     "PROBE510", "the connection was refused, reset or the network was unreachable", _REFUSED_FIX),
    (r"(?:connection|operation|request|read|connect|socket|handshake)\s+timed out|ETIMEDOUT|ESOCKETTIMEDOUT|ERR_TIMED_OUT|ConnectTimeout|ReadTimeout|SocketTimeoutException"
     r"|curl: \(28\)|Operation too slow|deadline exceeded",
     "PROBE511", "the connection or the answer timed out", _TIMEOUT_FIX),
]
_MAX_EVIDENCE = 160

# Every alternative in _PATTERNS contains one of these lower-case words, so a line without any of
# them cannot match. The check keeps a 10 MB paste of prose from running the large expression on
# every line, which took about 1.4 s per MB. A test compares both paths on many lines.
_KEYWORDS = re.compile(
    "cert|ssl|tls|handshake|expire|valid|notafter|host|subject|issuer|self|verify|pkix|authority"
    r"|curl: \(|curl error|wrong version|protocol|eproto|resolve|getaddrinfo|enotfound|eai_again"
    "|name or service|nodename|refused|connect|reset|unreach|timed|timeout|too slow|deadline"
)


@functools.cache
def _compiled() -> list[tuple[re.Pattern[str], str, str, str]]:
    # Compiled on first use: most pastes never reach an error line, and start-up time counts.
    return [(re.compile(pattern, re.IGNORECASE), code, cause, fix) for pattern, code, cause, fix in _PATTERNS]


@functools.cache
def _any_pattern() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern, *_ in _PATTERNS), re.IGNORECASE)


def is_error_line(line: str) -> bool:
    if not _KEYWORDS.search(line.lower()):
        return False
    return bool(_any_pattern().search(line))


def find_client_errors(text: str, first_line: int = 1) -> list[ClientError]:
    """Return one ClientError per line of `text` that carries a known failure message."""
    errors = []
    for offset, line in enumerate(text.split("\n")):
        if not _KEYWORDS.search(line.lower()):
            continue
        for pattern, code, cause, fix in _compiled():
            match = pattern.search(line)
            if match:
                evidence = line.strip()[:_MAX_EVIDENCE]
                errors.append(ClientError(code, cause, fix, first_line + offset, match.start() + 1, evidence))
                break
    return errors
