"""Interviewer tokens from an external IdP, verified against a real JWKS served over HTTP."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import types
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from tests.conftest import StartServer
from tests.support.apiclient import ApiClient
from tests.support.serverproc import InProcessServer

ISSUER = "https://idp.test"
AUDIENCE = "codesync"

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class SigningKey:
    kid: str
    alg: str
    private: PrivateKey

    def jwk(self) -> dict[str, Any]:
        public = self.private.public_key()
        if isinstance(public, rsa.RSAPublicKey):
            jwk = RSAAlgorithm.to_jwk(public, as_dict=True)
        else:
            jwk = ECAlgorithm.to_jwk(public, as_dict=True)
        return {**jwk, "kid": self.kid, "alg": self.alg, "use": "sig"}

    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def sign(self, *, kid: str | None = None, **overrides: Any) -> str:
        return jwt.encode(
            claims(**overrides), self.private, algorithm=self.alg, headers={"kid": kid or self.kid}
        )


def rsa_key(kid: str) -> SigningKey:
    return SigningKey(kid, "RS256", rsa.generate_private_key(public_exponent=65537, key_size=2048))


def ec_key(kid: str) -> SigningKey:
    return SigningKey(kid, "ES256", ec.generate_private_key(ec.SECP256R1()))


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {
        "sub": "user-1",
        "email": "ada@idp.test",
        "name": "Ada From IdP",
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + 600,
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def handmade(header: dict[str, Any], payload: dict[str, Any], sign: bytes | None) -> str:
    """A JWT built by hand, for tokens PyJWT refuses to produce (alg none, HS256 with a PEM)."""
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(payload).encode())}"
    if sign is None:
        return f"{signing_input}."
    mac = hmac.new(sign, signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(mac)}"


class JwksServer:
    """A stand-in IdP: serves whatever key set the test puts in it, counting the fetches."""

    def __init__(self) -> None:
        self.keys: list[SigningKey] = []
        self._fetches = 0
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path != "/.well-known/jwks.json":
                    self.send_error(404)
                    return
                with outer._lock:
                    outer._fetches += 1
                    body = json.dumps({"keys": [k.jwk() for k in outer.keys]}).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # A short poll interval keeps shutdown() (which waits for the next poll) quick.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/.well-known/jwks.json"

    @property
    def fetches(self) -> int:
        with self._lock:
            return self._fetches

    def serve(self, *keys: SigningKey) -> None:
        with self._lock:
            self.keys = list(keys)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()


@pytest.fixture(scope="module")
def rsa1() -> SigningKey:
    return rsa_key("rsa-1")


@pytest.fixture(scope="module")
def ec1() -> SigningKey:
    return ec_key("ec-1")


@pytest.fixture
def idp(rsa1: SigningKey, ec1: SigningKey) -> Iterator[JwksServer]:
    server = JwksServer()
    server.serve(rsa1, ec1)
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def app(start_server: StartServer, idp: JwksServer) -> InProcessServer:
    return await start_server(oidc_jwks_url=idp.url, oidc_issuer=ISSUER, oidc_audience=AUDIENCE)


async def me(server: InProcessServer, token: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=server.http_url) as http:
        return await http.get("/api/me", headers={"authorization": f"Bearer {token}"})


async def assert_refused(server: InProcessServer, token: str) -> None:
    response = await me(server, token)
    assert response.status_code == 401, response.text
    assert response.json()["error"]["code"] == "not_signed_in"


@pytest.mark.parametrize("key_name", ["rsa1", "ec1"])
async def test_idp_token_provisions_one_interviewer_account(
    app: InProcessServer, idp: JwksServer, key_name: str, request: pytest.FixtureRequest
) -> None:
    key: SigningKey = request.getfixturevalue(key_name)
    token = key.sign(sub=f"sub-{key.alg}", email=f"{key.alg.lower()}@idp.test")

    first = await me(app, token)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["kind"] == "user"
    assert body["user"]["email"] == f"{key.alg.lower()}@idp.test"
    assert body["user"]["name"] == "Ada From IdP"

    second = await me(app, key.sign(sub=f"sub-{key.alg}", email=f"{key.alg.lower()}@idp.test"))
    assert second.status_code == 200, second.text
    assert second.json()["user"]["id"] == body["user"]["id"]

    client = ApiClient(app.http_url)
    client.token = token
    try:
        session = await client.create_session("Interview via IdP")
        assert session["host_id"] == body["user"]["id"]
        assert session["role"] == "host"
    finally:
        await client.aclose()
    # One fetch served every verification: the key set is cached.
    assert idp.fetches == 1


async def test_different_subjects_are_different_accounts(
    app: InProcessServer, rsa1: SigningKey, ec1: SigningKey
) -> None:
    a = await me(app, rsa1.sign(sub="alice", email="alice@idp.test"))
    b = await me(app, ec1.sign(sub="bob", email="bob@idp.test"))
    assert a.status_code == b.status_code == 200
    assert a.json()["user"]["id"] != b.json()["user"]["id"]


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"aud": "someone-else"}, id="wrong-audience"),
        pytest.param({"iss": "https://evil.test"}, id="wrong-issuer"),
        pytest.param(
            {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, id="expired"
        ),
        pytest.param({"exp": None}, id="no-exp"),
        pytest.param({"sub": None}, id="no-sub"),
    ],
)
async def test_bad_claims_are_refused(
    app: InProcessServer, rsa1: SigningKey, overrides: dict[str, Any]
) -> None:
    await assert_refused(app, rsa1.sign(**overrides))


async def test_unknown_kid_is_refused_without_a_fetch_per_token(
    app: InProcessServer, idp: JwksServer, rsa1: SigningKey
) -> None:
    assert (await me(app, rsa1.sign())).status_code == 200
    assert idp.fetches == 1
    for n in range(5):
        await assert_refused(app, rsa1.sign(kid=f"not-served-{n}"))
    # Within PyJWKClient's refresh cooldown a spray of made-up kids costs no JWKS fetches.
    assert idp.fetches == 1


async def test_key_not_in_jwks_claiming_a_served_kid_is_refused(
    app: InProcessServer, rsa1: SigningKey, ec1: SigningKey
) -> None:
    await assert_refused(app, rsa_key(rsa1.kid).sign())
    await assert_refused(app, ec_key(ec1.kid).sign())


async def test_algorithm_and_key_type_mismatch_is_refused(
    app: InProcessServer, rsa1: SigningKey, ec1: SigningKey
) -> None:
    # A token naming a served key of another type: the verifier must not mix them up.
    await assert_refused(app, ec1.sign(kid=rsa1.kid))
    await assert_refused(app, rsa1.sign(kid=ec1.kid))


async def test_alg_none_is_refused(app: InProcessServer, rsa1: SigningKey) -> None:
    for alg in ("none", "None", "NONE"):
        await assert_refused(app, handmade({"alg": alg, "kid": rsa1.kid}, claims(), None))


async def test_hs256_signed_with_the_public_key_is_refused(
    app: InProcessServer, rsa1: SigningKey, ec1: SigningKey
) -> None:
    """Algorithm confusion: the public key PEM used as an HMAC secret."""
    for key in (rsa1, ec1):
        header = {"alg": "HS256", "typ": "JWT", "kid": key.kid}
        await assert_refused(app, handmade(header, claims(), key.public_pem()))
        jwk_json = json.dumps(key.jwk()).encode()
        await assert_refused(app, handmade(header, claims(), jwk_json))


async def test_idp_token_is_not_accepted_as_a_cookie(
    app: InProcessServer, rsa1: SigningKey
) -> None:
    cookies = {"codesync_session": rsa1.sign()}
    async with httpx.AsyncClient(base_url=app.http_url, cookies=cookies) as http:
        response = await http.get("/api/me")
    assert response.status_code == 401


async def test_idp_email_of_a_password_account_does_not_take_it_over(
    app: InProcessServer, rsa1: SigningKey
) -> None:
    owner = ApiClient(app.http_url)
    try:
        await owner.signup(email="owner@example.com")
    finally:
        await owner.aclose()
    await assert_refused(app, rsa1.sign(sub="intruder", email="owner@example.com"))


async def test_key_rotation(
    app: InProcessServer, idp: JwksServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = rsa_key("rotating-1"), rsa_key("rotating-2")
    idp.serve(old)
    assert (await me(app, old.sign())).status_code == 200
    assert (await me(app, old.sign())).status_code == 200
    assert idp.fetches == 1  # the second request with a known kid did not refetch

    idp.serve(new)
    # PyJWKClient refetches on an unknown kid at most once per cooldown (30 s by default,
    # counted from the last fetch), so a rotation right after a fetch waits for it.
    await assert_refused(app, new.sign())
    assert idp.fetches == 1
    # Let the cooldown pass without waiting for it: shift the JWK client's clock only.
    shifted = types.SimpleNamespace(monotonic=lambda: time.monotonic() + 60)
    monkeypatch.setattr(jwt.jwks_client, "time", shifted)

    response = await me(app, new.sign())
    assert response.status_code == 200, response.text
    assert idp.fetches == 2
    assert (await me(app, new.sign())).status_code == 200
    assert idp.fetches == 2

    # The retired key is gone from the key set, so its tokens are no longer trusted.
    await assert_refused(app, old.sign())
