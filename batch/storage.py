"""Where a batch's outputs go: a local folder, or an S3 bucket (``s3://bucket/prefix``).

Writes are atomic: a local file is written under a temporary name and renamed, an S3
object appears whole. The same key written again replaces the file, so a step that runs
again after an interruption leaves no duplicates.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path
from typing import Any, Protocol

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from core.errors import ConfigurationError

S3_URI = re.compile(r"^s3://(?P<bucket>[a-z0-9][.\-a-z0-9]{1,61}[a-z0-9])(?:/(?P<prefix>.*))?$")


class Storage(Protocol):
    """The output root of a batch."""

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Write ``data`` at ``key`` (a ``/``-separated path under the root), atomically."""

    def put_file(self, key: str, path: Path, content_type: str) -> None:
        """Copy the local file ``path`` to ``key``, atomically."""

    def location(self, key: str) -> str:
        """Where ``key`` is, for people: a file path or an ``s3://`` URI."""


class LocalStorage:
    """A folder on this machine.

    Args:
        root: The folder (created when missing).
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def _target(self, key: str) -> Path:
        target = self.root / key
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Write under a temporary name, then rename over ``key``."""
        target = self._target(key)
        temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)

    def put_file(self, key: str, path: Path, content_type: str) -> None:
        """Move ``path`` over ``key`` (it is the writer's own temporary file)."""
        os.replace(path, self._target(key))

    def location(self, key: str) -> str:
        """The file's path."""
        return str(self.root / key)


class S3Storage:
    """A prefix of an S3 bucket (boto3; ``AWS_ENDPOINT_URL_S3`` points it elsewhere).

    Args:
        bucket: The bucket.
        prefix: Key prefix ("" for the bucket's root).
        client: A ready S3 client (built from the environment when omitted).
    """

    def __init__(self, bucket: str, prefix: str = "", client: Any | None = None) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self._client = client

    @property
    def client(self) -> Any:
        """The S3 client, built on first use (workers build their own)."""
        if self._client is None:
            config = Config(retries={"mode": "adaptive", "total_max_attempts": 4})
            self._client = boto3.client("s3", config=config)
        return self._client

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """One PutObject (an object appears whole or not at all)."""
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data,
                               ContentType=content_type)

    def put_file(self, key: str, path: Path, content_type: str) -> None:
        """Upload ``path`` (multipart when large), then delete the local file."""
        self.client.upload_file(str(path), self.bucket, self._key(key),
                                ExtraArgs={"ContentType": content_type})
        path.unlink(missing_ok=True)

    def location(self, key: str) -> str:
        """The object's ``s3://`` URI."""
        return f"s3://{self.bucket}/{self._key(key)}"

    def check(self) -> None:
        """Make sure the bucket can be reached before any work starts.

        Raises:
            ConfigurationError: No credentials, no such bucket or no access.
        """
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except (ClientError, BotoCoreError) as exc:
            raise ConfigurationError(
                f"Cannot write to s3://{self.bucket}: {exc}",
                hint="Check the bucket name, your AWS credentials and s3:PutObject on it.",
            ) from exc


def open_storage(out: str) -> LocalStorage | S3Storage:
    """The storage an ``--out`` value names (a folder, or ``s3://bucket/prefix``)."""
    match = S3_URI.match(out)
    if match:
        return S3Storage(match["bucket"], match["prefix"] or "")
    return LocalStorage(Path(out))


def resolve_out(out: str) -> str:
    """Check an ``--out`` value and return it in the form the job keeps (absolute folders).

    Raises:
        ConfigurationError: A file where the folder should be, a malformed S3 URI, or an
            unreachable bucket.
    """
    if out.startswith("s3://"):
        storage = open_storage(out)
        if not isinstance(storage, S3Storage):
            raise ConfigurationError(
                f"{out} is not an S3 URI adstudio understands.",
                hint="Write s3://bucket/prefix (a lower-case bucket name).",
            )
        storage.check()
        return out.rstrip("/")
    folder = Path(out).expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        raise ConfigurationError(f"{folder} is a file, not a folder.", hint="Pick a folder.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigurationError(f"Cannot create {folder}: {exc.strerror}.",
                                 hint="Pick a folder you can write to.") from exc
    return str(folder)
