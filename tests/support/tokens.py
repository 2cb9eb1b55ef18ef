"""Mints Firebase-style ID tokens (unsigned or RSA-signed) and serves test signing certificates."""
from __future__ import annotations

import datetime
import http.server
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from tools.dev_tokens import encode_unsigned

PROJECT_ID = "demo-stepping-stones"
ISSUER_PREFIX = "https://securetoken.google.com/"
TOKEN_LIFETIME_SECONDS = 3600

OMIT: Any = object()
"""Pass as a claim value (``exp=OMIT``) to leave that claim out of the token."""


def id_token_claims(
    uid: str,
    role: str | None = "client",
    *,
    project_id: str = PROJECT_ID,
    expires_in: int = TOKEN_LIFETIME_SECONDS,
    **claims: Any,
) -> dict[str, Any]:
    """The claims of a Firebase ID token; ``role=None`` leaves the role claim out.

    ``iat`` and ``auth_time`` are now, or an hour before ``exp`` when that is earlier, so a
    token minted with a negative ``expires_in`` looks like a genuinely stale one. Extra keyword
    claims override the defaults; a value of ``OMIT`` removes the claim.
    """
    now = int(time.time())
    exp = now + expires_in
    issued_at = min(now, exp - TOKEN_LIFETIME_SECONDS)
    payload: dict[str, Any] = {
        "iss": ISSUER_PREFIX + project_id,
        "aud": project_id,
        "sub": uid,
        "user_id": uid,
        "iat": issued_at,
        "exp": exp,
        "auth_time": issued_at,
        "firebase": {"identities": {}, "sign_in_provider": "custom"},
    }
    if role is not None:
        payload["role"] = role
    payload.update(claims)
    return {name: value for name, value in payload.items() if value is not OMIT}


def mint_emulator_token(
    uid: str,
    role: str | None = "client",
    *,
    project_id: str = PROJECT_ID,
    expires_in: int = TOKEN_LIFETIME_SECONDS,
    **claims: Any,
) -> str:
    """An ID token shaped like the Firebase Auth emulator's (unsigned, ``alg: none``)."""
    payload = id_token_claims(
        uid, role, project_id=project_id, expires_in=expires_in, **claims
    )
    return encode_unsigned(payload)


@dataclass(frozen=True)
class SigningKey:
    """A test RSA key pair, its key id, and a self-signed X.509 certificate for its public half."""

    kid: str
    private_key: rsa.RSAPrivateKey
    certificate_pem: str

    @classmethod
    def generate(cls, kid: str) -> SigningKey:
        private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"test-signer-{kid}")])
        now = datetime.datetime.now(datetime.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(private_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .sign(private_key, hashes.SHA256())
        )
        pem = certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
        return cls(kid=kid, private_key=private_key, certificate_pem=pem)


def mint_signed_token(
    uid: str,
    role: str | None,
    key: rsa.RSAPrivateKey | SigningKey,
    kid: str | None = None,
    *,
    project_id: str = PROJECT_ID,
    expires_in: int = TOKEN_LIFETIME_SECONDS,
    **claims: Any,
) -> str:
    """An RS256 ID token signed by ``key`` with ``kid`` in its header, like Google's.

    ``key`` may be a ``SigningKey`` (its own kid is used unless ``kid`` is given) or a bare RSA
    private key (then ``kid`` is required).
    """
    if isinstance(key, SigningKey):
        kid = kid if kid is not None else key.kid
        key = key.private_key
    if kid is None:
        raise ValueError("mint_signed_token() needs a kid for a bare private key.")
    payload = id_token_claims(
        uid, role, project_id=project_id, expires_in=expires_in, **claims
    )
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})


@dataclass
class CertServer:
    """Serves ``{kid: certificate PEM}`` on 127.0.0.1 in place of Google's certificate endpoint.

    Mutate ``certs`` to change what is published, or set ``status`` (say 503) to simulate an
    outage. Every response says ``Cache-Control: no-store`` so firebase-admin's caching HTTP
    session fetches afresh each time; ``request_count`` counts the fetches.
    """

    certs: dict[str, str] = field(default_factory=dict)
    status: int = 200
    request_count: int = 0
    _server: http.server.ThreadingHTTPServer | None = field(default=None, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("CertServer is not running.")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/robot/v1/metadata/x509/securetoken@system.gserviceaccount.com"

    def publish(self, *keys: SigningKey) -> None:
        for key in keys:
            self.certs[key.kid] = key.certificate_pem

    def start(self) -> CertServer:
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                owner.request_count += 1
                body = json.dumps(owner.certs if owner.status == 200 else {}).encode()
                self.send_response(owner.status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="test-cert-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
            self._server = self._thread = None

    def __enter__(self) -> CertServer:
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()


