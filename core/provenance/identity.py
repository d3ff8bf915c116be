"""Who signs C2PA manifests: the deployment's own certificate, or a local identity.

A deployment configures its certificate chain and private key (``ADSTUDIO_PROVENANCE_*``,
see :class:`core.settings.ProvenanceSettings`). Without them, the first signing makes a
local identity in the data dir: a small certificate authority that issues one ES256
signing certificate, written once (mode 0600) and reused afterwards. The CA's own key is
thrown away once the certificate is issued, so nothing else can ever be signed with it.
Manifests signed by the local identity are valid (any change to the file is detected) but
untrusted: no validator has the local CA among its trust anchors.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from core.errors import ConfigurationError
from core.settings import ProvenanceSettings

LOCAL_IDENTITY_FILE = "provenance/local_signer.pem"
"""The local identity, under the data dir: its private key, then its certificate chain."""
LOCAL_ORGANIZATION = "adstudio local signing identity"
_VALID_DAYS = 3650


@dataclass(frozen=True)
class SigningIdentity:
    """A certificate chain and its private key, as the C2PA signer takes them.

    Attributes:
        chain_pem: The signing certificate first, then its intermediates (PEM).
        key_pem: The private key of the signing certificate (PEM, PKCS#8).
        alg: The C2PA signing algorithm its key uses ("es256", "es384", "ed25519", ...).
        local: True for the identity adstudio made itself (untrusted by validators).
        tsa_url: The timestamp authority to call when signing (None: no timestamp).
    """

    chain_pem: bytes
    key_pem: bytes
    alg: str
    local: bool
    tsa_url: str | None = None

    @property
    def subject(self) -> str:
        """The signing certificate's common name and organisation, as a validator shows them."""
        cert = x509.load_pem_x509_certificates(self.chain_pem)[0]
        parts = [
            str(attribute.value)
            for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME)
            for attribute in cert.subject.get_attributes_for_oid(oid)
        ]
        return ", ".join(dict.fromkeys(parts)) or cert.subject.rfc4514_string()


def signing_identity(settings: ProvenanceSettings, data_dir: Path) -> SigningIdentity:
    """The configured identity, else the local one in ``data_dir`` (made on first use).

    Raises:
        ConfigurationError: Only one of the chain and the key is set, or the configured
            files cannot be read or do not match.
    """
    if settings.cert_chain is not None and settings.private_key is not None:
        return configured_identity(settings.cert_chain, settings.private_key, settings.tsa_url)
    if settings.cert_chain is not None or settings.private_key is not None:
        raise ConfigurationError(
            "Only one of the provenance signing certificate chain and its key is set.",
            hint="Set ADSTUDIO_PROVENANCE_CERT_CHAIN and ADSTUDIO_PROVENANCE_PRIVATE_KEY "
            "together, or neither (the local signing identity).",
        )
    return local_identity(data_dir, settings.tsa_url)


@dataclass(frozen=True)
class IdentityStatus:
    """What ``adstudio doctor`` says about the signing identity (nothing is made to say it).

    Attributes:
        status: ok (the deployment's certificate), warn (the local identity) or fail.
        detail: What signs the manifests.
        fix: What to do about it (empty when ok).
    """

    status: Literal["ok", "warn", "fail"]
    detail: str
    fix: str = ""


REAL_CERTIFICATE_FIX = (
    "set ADSTUDIO_PROVENANCE_CERT_CHAIN and ADSTUDIO_PROVENANCE_PRIVATE_KEY to a certificate "
    "and key from a CA that C2PA validators trust (see README, Provenance)"
)


def identity_status(settings: ProvenanceSettings, data_dir: Path) -> IdentityStatus:
    """Which identity signs the manifests, and whether validators will trust it."""
    if settings.cert_chain is not None or settings.private_key is not None:
        try:
            identity = signing_identity(settings, data_dir)
        except ConfigurationError as exc:
            return IdentityStatus("fail", exc.message, exc.hint)
        timestamp = f", timestamps from {settings.tsa_url}" if settings.tsa_url else ""
        return IdentityStatus(
            "ok", f"signed by {identity.subject} ({identity.alg}){timestamp}"
        )
    path = data_dir / LOCAL_IDENTITY_FILE
    made = "kept in" if path.exists() else "to be made on first use in"
    return IdentityStatus(
        "warn",
        f"signed by adstudio's local identity ({made} {path}): the manifests are valid "
        "but untrusted until a real certificate is configured",
        REAL_CERTIFICATE_FIX,
    )


def configured_identity(
    chain_path: Path, key_path: Path, tsa_url: str | None = None
) -> SigningIdentity:
    """The deployment's certificate chain and private key, read and checked.

    Raises:
        ConfigurationError: A file is missing or unreadable, or the key is not the first
            certificate's key.
    """
    try:
        chain_pem = chain_path.read_bytes()
        key_pem = key_path.read_bytes()
        certs = x509.load_pem_x509_certificates(chain_pem)
        key = serialization.load_pem_private_key(key_pem, password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise ConfigurationError(
            f"The provenance signing certificate or key cannot be read: {exc}",
            hint="Set ADSTUDIO_PROVENANCE_CERT_CHAIN to a PEM chain (signing certificate "
            "first) and ADSTUDIO_PROVENANCE_PRIVATE_KEY to its unencrypted PEM key.",
        ) from exc
    if _public_bytes(certs[0].public_key()) != _public_bytes(key.public_key()):
        raise ConfigurationError(
            "The provenance private key does not belong to the chain's first certificate.",
            hint="Put the signing (end-entity) certificate first in the chain file.",
        )
    return SigningIdentity(chain_pem, key_pem, algorithm(key), local=False, tsa_url=tsa_url)


def local_identity(data_dir: Path, tsa_url: str | None = None) -> SigningIdentity:
    """The local identity kept in ``data_dir``, made on first use.

    It is written to a temporary file and linked into place, which fails if the file
    exists: two processes starting at once agree on one identity.
    """
    path = data_dir / LOCAL_IDENTITY_FILE
    if not path.exists():
        _write_once(path, _new_local_identity())
    bundle = path.read_bytes()
    key_pem, chain_pem = _split_bundle(bundle)
    key = serialization.load_pem_private_key(key_pem, password=None)
    return SigningIdentity(chain_pem, key_pem, algorithm(key), local=True, tsa_url=tsa_url)


def algorithm(key: object) -> str:
    """The C2PA signing algorithm for a private key.

    Raises:
        ConfigurationError: A key type C2PA cannot sign with.
    """
    if isinstance(key, ec.EllipticCurvePrivateKey):
        by_curve = {"secp256r1": "es256", "secp384r1": "es384", "secp521r1": "es512"}
        if key.curve.name in by_curve:
            return by_curve[key.curve.name]
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return "ed25519"
    if isinstance(key, rsa.RSAPrivateKey):
        return "ps256"
    raise ConfigurationError(
        "The provenance private key is of a kind C2PA cannot sign with.",
        hint="Use an EC P-256, P-384 or P-521 key, an Ed25519 key or an RSA key.",
    )


def _public_bytes(key: PublicKeyTypes) -> bytes:
    return key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _new_local_identity() -> bytes:
    """A fresh CA and the ES256 signing certificate it issues: key PEM, then the chain."""
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("adstudio local CA")
    ca = (
        _certificate(ca_name, ca_name, ca_key.public_key(), now)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(sign=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    signer = (
        _certificate(_name("adstudio local signer"), ca_name, key.public_key(), now)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(sign=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                       critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    pem = serialization.Encoding.PEM
    return key_pem + signer.public_bytes(pem) + ca.public_bytes(pem)


def _name(common_name: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, LOCAL_ORGANIZATION),
    ])


def _certificate(
    subject: x509.Name, issuer: x509.Name, public_key: ec.EllipticCurvePublicKey, now: datetime
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=_VALID_DAYS))
    )


def _key_usage(*, sign: bool) -> x509.KeyUsage:
    """Digital signatures for the signing certificate; certificate signing for the CA."""
    return x509.KeyUsage(
        digital_signature=sign, content_commitment=False, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=not sign,
        crl_sign=not sign, encipher_only=False, decipher_only=False,
    )


def _split_bundle(bundle: bytes) -> tuple[bytes, bytes]:
    """The private key PEM and the certificate chain PEM of a local identity file."""
    marker = b"-----BEGIN CERTIFICATE-----"
    at = bundle.find(marker)
    if at <= 0:
        raise ConfigurationError(
            "The local provenance signing identity file is damaged.",
            hint=f"Delete {LOCAL_IDENTITY_FILE} in the data dir; a new one is made.",
        )
    return bundle[:at], bundle[at:]


def _write_once(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (mode 0600) unless another process wrote it first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        except OSError:  # no hard links on this filesystem (some network and FAT mounts)
            _create_exclusively(path, data)
    finally:
        temporary.unlink(missing_ok=True)


def _create_exclusively(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data`` unless it exists (the fallback of a linked write).

    Two processes still cannot both make an identity; one that reads the file in the
    moment it is written sees it as damaged and is told so.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
