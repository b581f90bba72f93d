"""Interviewer tokens from an external identity provider (Clerk, Auth0, Keycloak…).

RS256/ES256 only, verified against the provider's JWKS. PyJWT's JWK client caches the key
set and fetches it again when a token names a key id it does not know (key rotation).
"""

from __future__ import annotations

from dataclasses import dataclass

import anyio
import jwt

ALGORITHMS = ["RS256", "ES256"]
_JWKS_CACHE_S = 300


@dataclass(frozen=True, slots=True)
class ExternalIdentity:
    external_id: str  # "<issuer>|<subject>"
    email: str | None
    name: str | None


class OIDCVerifier:
    def __init__(self, jwks_url: str, issuer: str, audience: str) -> None:
        self.issuer = issuer
        self.audience = audience
        self._jwks = jwt.PyJWKClient(jwks_url, cache_keys=False, lifespan=_JWKS_CACHE_S, timeout=5)

    async def verify(self, token: str) -> ExternalIdentity:
        """Raises jwt.PyJWTError (or PyJWKClientError) if the token is not acceptable."""
        header = jwt.get_unverified_header(token)
        if header.get("alg") not in ALGORITHMS:
            raise jwt.InvalidAlgorithmError("algorithm not allowed")
        # The JWKS fetch is blocking urllib: keep it off the event loop.
        key = await anyio.to_thread.run_sync(self._jwks.get_signing_key_from_jwt, token)
        claims = jwt.decode(
            token,
            key,
            algorithms=ALGORITHMS,
            audience=self.audience,
            issuer=self.issuer,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
        )
        email = claims.get("email")
        name = claims.get("name")
        return ExternalIdentity(
            external_id=f"{self.issuer}|{claims['sub']}",
            email=email if isinstance(email, str) else None,
            name=name if isinstance(name, str) else None,
        )
