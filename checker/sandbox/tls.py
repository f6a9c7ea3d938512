"""The throwaway CA, the served certificate, and the TLS failures the sandbox can fake.

Every sandbox makes a new CA in memory (trustme), so no private key ever lands
on disk. Only the CA certificate is written out for clients to trust.
"""

from __future__ import annotations

import datetime
import ssl
from dataclasses import dataclass

from checker.sandbox.errors import SandboxError

TLS_FAULTS = ("untrusted", "expired", "wrong-host")
SERVED_NAMES = ("127.0.0.1", "localhost", "::1")
# A name under the reserved .invalid top-level domain (RFC 2606), which never resolves.
WRONG_HOST_NAME = "not-this-host.invalid"


@dataclass(frozen=True)
class TlsSetup:
    """The CA certificate to publish and the server-side context to serve with."""

    ca_pem: bytes
    context: ssl.SSLContext


def build_tls(tls_fault: str | None = None) -> TlsSetup:
    """Make a CA and a server certificate; with `tls_fault`, make one that clients must reject.

    untrusted: the served certificate is signed by a second CA, not the one published.
    expired: the served certificate stopped being valid a day ago.
    wrong-host: the served certificate names only WRONG_HOST_NAME.
    """
    if tls_fault is not None and tls_fault not in TLS_FAULTS:
        raise SandboxError(f"unknown TLS fault {tls_fault!r}; use one of {', '.join(TLS_FAULTS)}")
    trustme = _import_trustme()

    published_ca = trustme.CA(organization_name="enablex-authcheck sandbox")
    signing_ca = trustme.CA(organization_name="enablex-authcheck sandbox (untrusted)") if tls_fault == "untrusted" else published_ca

    if tls_fault == "expired":
        now = datetime.datetime.now(datetime.timezone.utc)
        leaf = signing_ca.issue_cert(
            *SERVED_NAMES, not_before=now - datetime.timedelta(days=30), not_after=now - datetime.timedelta(days=1)
        )
    elif tls_fault == "wrong-host":
        leaf = signing_ca.issue_cert(WRONG_HOST_NAME)
    else:
        leaf = signing_ca.issue_cert(*SERVED_NAMES)

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    # The platform accepts TLS 1.2 and later only.
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    leaf.configure_cert(context)
    return TlsSetup(published_ca.cert_pem.bytes(), context)


def _import_trustme():
    try:
        import trustme
    except ImportError:
        raise SandboxError(
            "the sandbox needs the trustme package, which is not installed; "
            "install the sandbox extra: pip install '.[sandbox]' from a clone, or pip install trustme"
        ) from None
    return trustme
