"""Fixed code patterns that SRC608 and SRC610 look for, one expression each.

Each entry pairs a lowercase substring with the expression. The substring
test is the cheap prefilter, so an expression runs only on the lines that
contain its substring. Keeping the expressions apart (instead of one
alternation) lets a match name the exact construct it found.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from checker.scan.lazy_regex import LazyPattern, lazy


class CodePattern(NamedTuple):
    prefilter: str
    expression: LazyPattern
    description: str


def _pattern(prefilter: str, expression: str, description: str, flags: int = 0) -> CodePattern:
    return CodePattern(prefilter, lazy(expression, flags), description)


# Encoders that insert line breaks into their output, which breaks a Basic
# token once it is longer than the line width. GNU base64 wraps at 76
# characters and Ruby's encode64 at 60, while a 24-character id, a colon and
# a 30-40 character key encode to 76-88 characters.
WRAPPING_ENCODERS = (
    _pattern("encodebytes", r"\bbase64\.encodebytes\s*\(", "Python base64.encodebytes() adds a newline every 76 characters and at the end"),
    _pattern("encodestring", r"\bbase64\.encodestring\s*\(", "Python base64.encodestring() adds a newline every 76 characters and at the end"),
    _pattern("encode64", r"\bBase64\.encode64\s*\(", "Ruby Base64.encode64 adds a newline every 60 characters and at the end"),
    _pattern("pack", r"\.pack\(\s*['\"]m['\"]\s*\)", "Ruby pack('m') adds newlines; pack('m0') does not"),
    _pattern("Base64.DEFAULT", r"\bBase64\.DEFAULT\b", "android.util.Base64.DEFAULT wraps at 76 characters and ends with a newline; use Base64.NO_WRAP"),
    _pattern("getMimeEncoder", r"\bgetMimeEncoder\s*\(", "Base64.getMimeEncoder() wraps at 76 characters; use Base64.getEncoder()"),
    _pattern("InsertLineBreaks", r"\bBase64FormattingOptions\.InsertLineBreaks\b", "InsertLineBreaks wraps the Base64 output at 76 characters"),
    _pattern("chunk_split", r"\bchunk_split\s*\(\s*base64_encode", "chunk_split() inserts CRLF every 76 characters into the token"),
    _pattern("base64", r"(?:^|[|;&(]|\$\()\s*base64\b(?!\s*[(.=])(?P<arguments>[^|\n;&)]*)", "the base64 command wraps its output at 76 characters unless given -w 0", re.MULTILINE),
    _pattern("openssl", r"\bopenssl\s+(?:base64|enc\s+-base64)\b(?P<arguments>[^|\n;&)]*)", "openssl base64 wraps at 64 characters unless given -A"),
)

# Settings that turn off certificate or host name verification.
TLS_VERIFICATION_OFF = (
    _pattern("verify", r"\bverify\s*=\s*False\b", "verify=False turns off certificate verification in requests"),
    _pattern("verify", r"['\"]verify['\"]\s*(?:=>|:)\s*false\b", "'verify' => false turns off certificate verification in Guzzle"),
    _pattern("rejectUnauthorized", r"\brejectUnauthorized\s*:\s*false\b", "rejectUnauthorized: false accepts any certificate in Node.js"),
    _pattern("NODE_TLS_REJECT_UNAUTHORIZED", r"\bNODE_TLS_REJECT_UNAUTHORIZED\b\W{0,6}0", "NODE_TLS_REJECT_UNAUTHORIZED=0 turns off verification for the whole Node.js process"),
    _pattern("strictSSL", r"\bstrictSSL\s*:\s*false\b", "strictSSL: false accepts any certificate in the request library"),
    _pattern("CURLOPT_SSL_VERIFY", r"\bCURLOPT_SSL_VERIFY(?:PEER|HOST)\s*(?:=>|,)\s*(?:false|0)\b", "CURLOPT_SSL_VERIFYPEER or VERIFYHOST set to off in PHP cURL", re.IGNORECASE),
    _pattern("curl", r"\bcurl\b[^\n]*?\s(?:--insecure\b|-[A-Za-z]*k[A-Za-z]*\b)", "curl -k (--insecure) accepts any certificate"),
    _pattern("wget", r"\bwget\b[^\n]*--no-check-certificate\b", "wget --no-check-certificate accepts any certificate"),
    _pattern("InsecureSkipVerify", r"\bInsecureSkipVerify\s*:\s*true\b", "InsecureSkipVerify: true turns off verification in Go's crypto/tls"),
    _pattern("VERIFY_NONE", r"\bOpenSSL::SSL::VERIFY_NONE\b", "OpenSSL::SSL::VERIFY_NONE turns off verification in Ruby"),
    _pattern("_create_unverified_context", r"\bssl\._create_unverified_context\b", "ssl._create_unverified_context() turns off verification in Python"),
    _pattern("CERT_NONE", r"\bverify_mode\s*=\s*ssl\.CERT_NONE\b", "verify_mode = ssl.CERT_NONE turns off verification in Python"),
    _pattern("check_hostname", r"\bcheck_hostname\s*=\s*False\b", "check_hostname = False turns off host name verification in Python"),
    _pattern("NoopHostnameVerifier", r"\bNoopHostnameVerifier\b", "NoopHostnameVerifier accepts any host name in Apache HttpClient"),
    _pattern("hostnameVerifier", r"\bhostnameVerifier\s*\{\s*_\s*,\s*_\s*->\s*true\s*\}", "a hostnameVerifier that returns true accepts any host name in OkHttp"),
    _pattern("HostnameVerifier", r"\bsetHostnameVerifier\s*\(\s*\([^)]*\)\s*->\s*true", "a HostnameVerifier that returns true accepts any host name"),
    _pattern("ValidationCallback", r"\bServerCertificate(?:Custom)?ValidationCallback\s*\+?=[^;\n]*=>\s*true\b", "a certificate validation callback that returns true accepts any certificate in .NET"),
    _pattern("DangerousAcceptAnyServerCertificateValidator", r"\bDangerousAcceptAnyServerCertificateValidator\b", "DangerousAcceptAnyServerCertificateValidator accepts any certificate in .NET"),
)
