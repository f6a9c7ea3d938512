"""Web client tokens: HS256-signed JWTs built with the standard library only."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets

TOKEN_LIFETIME_SECONDS = 3600
ISSUER = "enablex-authcheck-sandbox"


class TokenIssuer:
    """Sign tokens with a secret drawn at construction, so no token outlives its sandbox."""

    def __init__(self) -> None:
        self._secret = secrets.token_bytes(32)

    def issue(self, app_id: str, domain: str, now: int) -> str:
        header = {"alg": "HS256", "typ": "JWT"}
        claims = {
            "iss": ISSUER,
            "sub": app_id,
            "domain": domain,
            "iat": now,
            "exp": now + TOKEN_LIFETIME_SECONDS,
            "jti": secrets.token_hex(8),
        }
        signing_input = f"{_encode_part(header)}.{_encode_part(claims)}"
        signature = hmac.new(self._secret, signing_input.encode("ascii"), hashlib.sha256).digest()
        return f"{signing_input}.{_base64url(signature)}"

    def verify(self, token: str) -> dict:
        """Return the claims of a token this issuer signed; raise ValueError otherwise."""
        try:
            signing_input, signature = token.rsplit(".", 1)
            expected = hmac.new(self._secret, signing_input.encode("ascii"), hashlib.sha256).digest()
            if not hmac.compare_digest(_base64url(expected), signature):
                raise ValueError("token signature does not match this sandbox's secret")
            claims_part = signing_input.split(".")[1]
            return json.loads(base64.urlsafe_b64decode(claims_part + "=" * (-len(claims_part) % 4)))
        except (IndexError, UnicodeEncodeError, json.JSONDecodeError) as error:
            raise ValueError(f"token is not a JWT: {type(error).__name__}") from None


def _encode_part(document: dict) -> str:
    return _base64url(json.dumps(document, separators=(",", ":")).encode("utf-8"))


def _base64url(data: bytes) -> str:
    """JWTs use the URL-safe alphabet without padding (RFC 7515, section 2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")
