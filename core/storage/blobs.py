"""Where asset bytes live: files in the data dir, or an S3 bucket with a local cache.

Bytes are addressed by their SHA-256, so a copy never goes stale: a replica that needs an
asset another replica made fetches it from the bucket once and keeps it in its cache
(the same ``blobs/`` tree the data dir always had). ``ADSTUDIO_ASSETS_URI=s3://bucket/prefix``
picks the bucket; boto3 finds the credentials as usual, and an S3-compatible store (MinIO)
through ``AWS_ENDPOINT_URL_S3``.
"""

from __future__ import annotations

import logging
import threading
import uuid
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from core.errors import CapabilityError

log = logging.getLogger(__name__)
EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/webp": ".webp",
    "image/gif": ".gif",
    "video/mp4": ".mp4",
    "application/json": ".json",
    "application/zip": ".zip",
}


class BlobStoreError(CapabilityError):
    """The bytes could not be stored or fetched (the message says where and why)."""


class Blobs(Protocol):
    """What the asset store asks of the place its bytes live."""

    def path(self, sha256: str, mime: str) -> Path:
        """A local file holding the bytes (fetched first when they are elsewhere)."""

    def put(self, data: bytes, sha256: str, mime: str) -> Path:
        """Keep ``data`` (whose SHA-256 is ``sha256``); return its local file."""

    def delete(self, sha256: str, mime: str) -> None:
        """Let go of the bytes (no asset uses them any more)."""


def blob_name(sha256: str, mime: str) -> str:
    """The bytes' name under the blobs tree: ``ab/abcdef….png``."""
    return f"{sha256[:2]}/{sha256}{EXTENSIONS.get(mime, '.bin')}"


def _write(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{uuid.uuid4().hex}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


class LocalBlobs:
    """Bytes as files under ``root/blobs`` (the embedded default).

    Args:
        root: The asset folder of the data dir.
    """

    def __init__(self, root: Path) -> None:
        self.root = root / "blobs"

    def path(self, sha256: str, mime: str) -> Path:
        """The file of the bytes."""
        return self.root / blob_name(sha256, mime)

    def put(self, data: bytes, sha256: str, mime: str) -> Path:
        """Write the file unless identical bytes are there already."""
        path = self.path(sha256, mime)
        if not path.exists():
            _write(path, data)
        return path

    def delete(self, sha256: str, mime: str) -> None:
        """Remove the file."""
        self.path(sha256, mime).unlink(missing_ok=True)


class S3Blobs(LocalBlobs):
    """Bytes in an S3 bucket, with a local cache under ``root/blobs``.

    Args:
        root: The asset folder of the data dir (the cache).
        uri: ``s3://bucket/prefix``.
        client: An S3 client (default: boto3's, made on first use).
    """

    def __init__(self, root: Path, uri: str, client: Any | None = None) -> None:
        super().__init__(root)
        parts = urlsplit(uri)
        if parts.scheme != "s3" or not parts.netloc:
            raise ValueError(f"ADSTUDIO_ASSETS_URI must read s3://bucket/prefix, not {uri!r}")
        self.bucket, self.prefix = parts.netloc, parts.path.strip("/")
        self._client = client
        self._lock = threading.Lock()

    @property
    def client(self) -> Any:
        """The S3 client (boto3's default chain and endpoint settings)."""
        with self._lock:
            if self._client is None:
                import boto3

                self._client = boto3.client("s3")
            return self._client

    def key(self, sha256: str, mime: str) -> str:
        """The object key of the bytes."""
        name = f"blobs/{blob_name(sha256, mime)}"
        return f"{self.prefix}/{name}" if self.prefix else name

    def path(self, sha256: str, mime: str) -> Path:
        """The cached file; fetched from the bucket when this process has not seen it.

        Bytes the bucket does not have give the path of no file, as a data dir that lost a
        file does; a bucket that cannot be read raises :class:`BlobStoreError`.
        """
        path = super().path(sha256, mime)
        if path.exists():
            return path
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=self.key(sha256, mime))["Body"]
            _write(path, body.read())
        except Exception as exc:  # noqa: BLE001 - botocore's errors are many; all mean this
            if _not_found(exc):
                return path
            raise BlobStoreError(
                f"Could not fetch the asset's bytes from s3://{self.bucket}/"
                f"{self.key(sha256, mime)}: {exc}") from exc
        return path

    def put(self, data: bytes, sha256: str, mime: str) -> Path:
        """Upload the bytes (unless the bucket has them), then keep them in the cache."""
        key = self.key(sha256, mime)
        try:
            if not self._exists(key):
                self.client.put_object(Bucket=self.bucket, Key=key, Body=data, ContentType=mime)
        except Exception as exc:  # noqa: BLE001 - the asset is not kept: say why
            raise BlobStoreError(
                f"Could not store the asset's bytes in s3://{self.bucket}/{key}: {exc}"
            ) from exc
        return super().put(data, sha256, mime)

    def ping(self) -> None:
        """Raise :class:`BlobStoreError` when the bucket cannot be reached (for readiness)."""
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except Exception as exc:  # noqa: BLE001 - botocore's errors are many; all mean this
            raise BlobStoreError(f"The asset bucket s3://{self.bucket} cannot be reached: "
                                 f"{exc}") from exc

    def presigned(self, sha256: str, mime: str, seconds: int) -> str:
        """An S3 presigned GET URL of the bytes, valid for ``seconds`` (no request made)."""
        return str(self.client.generate_presigned_url(
            "get_object", ExpiresIn=seconds,
            Params={"Bucket": self.bucket, "Key": self.key(sha256, mime),
                    "ResponseContentType": mime}))

    def delete(self, sha256: str, mime: str) -> None:
        """Delete the object and the cached file (a failed delete leaves an orphan, logged)."""
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self.key(sha256, mime))
        except Exception:  # noqa: BLE001 - the asset is gone from the index either way
            log.warning("could not delete s3://%s/%s", self.bucket, self.key(sha256, mime),
                        exc_info=True)
        super().delete(sha256, mime)

    def _exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
        except Exception as exc:
            if _not_found(exc):
                return False
            raise
        return True


def _not_found(exc: BaseException) -> bool:
    """Whether ``exc`` is S3 saying the object is not there (not that it could not answer)."""
    from botocore.exceptions import ClientError

    return isinstance(exc, ClientError) and exc.response.get("Error", {}).get("Code") in (
        "404", "NoSuchKey", "NotFound")


def blobs_for(root: Path, assets_uri: str | None) -> Blobs:
    """The deployment's blobs: the bucket of ``assets_uri``, else files under ``root``."""
    return S3Blobs(root, assets_uri) if assets_uri else LocalBlobs(root)
