"""The fake's S3: path-style buckets where video models write, read back by the app.

A missing key answers 403 AccessDenied, not 404, unless the caller may list the bucket
(``list_allowed``): that is what S3 does for a role without s3:ListBucket (issue 21).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from tests.fake_bedrock.replies import Reply, Request, s3_error

_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"


@dataclass
class Bucket:
    """One bucket's objects by key."""

    objects: dict[str, bytes] = field(default_factory=dict)


@dataclass
class FakeS3:
    """The buckets, and whether the caller holds s3:ListBucket.

    Attributes:
        buckets: Buckets by name.
        list_allowed: The role may list buckets (a missing key then answers 404, else 403).
    """

    buckets: dict[str, Bucket] = field(default_factory=dict)
    list_allowed: bool = False

    def put(self, bucket: str, key: str, data: bytes) -> None:
        """Store an object (creating the bucket), as a model writing its output does."""
        self.buckets.setdefault(bucket, Bucket()).objects[key] = data

    def keys(self, bucket: str) -> list[str]:
        """Every key of ``bucket``, sorted."""
        return sorted(self.buckets.get(bucket, Bucket()).objects)

    def handle(self, request: Request) -> Reply:
        """Answer one path-style S3 request."""
        bucket_name, _, key = request.path.lstrip("/").partition("/")
        bucket = self.buckets.get(bucket_name)
        if bucket is None:
            return s3_error(404, "NoSuchBucket", "The specified bucket does not exist",
                            bucket_name)
        if not key:
            return self._bucket(request, bucket_name, bucket)
        if request.method == "PUT":
            bucket.objects[key] = _payload(request)
            return Reply(200, headers={"ETag": _etag(bucket.objects[key])})
        if key not in bucket.objects:
            if not self.list_allowed:
                return s3_error(403, "AccessDenied", "Access Denied", f"/{bucket_name}/{key}")
            return s3_error(404, "NoSuchKey", "The specified key does not exist.", key)
        data = bucket.objects[key]
        headers = {"content-type": "application/octet-stream", "ETag": _etag(data),
                   "content-length": str(len(data))}
        return Reply(200, b"" if request.method == "HEAD" else data, headers)

    def _bucket(self, request: Request, name: str, bucket: Bucket) -> Reply:
        """HeadBucket, GetBucketLocation or ListObjectsV2."""
        if request.method == "HEAD":
            return Reply(200)
        if "location" in request.query:
            xml = f'<LocationConstraint xmlns="{_XMLNS}">{request.region}</LocationConstraint>'
            return Reply(200, xml.encode(), {"content-type": "application/xml"})
        if not self.list_allowed:
            return s3_error(403, "AccessDenied", "Access Denied", f"/{name}")
        prefix = request.query.get("prefix", "")
        keys = [key for key in sorted(bucket.objects) if key.startswith(prefix)]
        contents = "".join(
            f"<Contents><Key>{escape(key)}</Key><Size>{len(bucket.objects[key])}</Size>"
            f"<ETag>{_etag(bucket.objects[key])}</ETag></Contents>" for key in keys
        )
        xml = (f'<ListBucketResult xmlns="{_XMLNS}"><Name>{name}</Name>'
               f"<Prefix>{escape(prefix)}</Prefix><KeyCount>{len(keys)}</KeyCount>"
               f"<MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>{contents}"
               "</ListBucketResult>")
        return Reply(200, xml.encode(), {"content-type": "application/xml"})


def _etag(data: bytes) -> str:
    return f'"{hashlib.md5(data, usedforsecurity=False).hexdigest()}"'


def _payload(request: Request) -> bytes:
    """The object's bytes (``aws-chunked`` bodies decoded)."""
    if "aws-chunked" not in request.headers.get("content-encoding", ""):
        return request.body
    data, rest = b"", request.body
    while rest:
        header, _, rest = rest.partition(b"\r\n")
        size = int(header.split(b";")[0], 16)
        if size == 0:
            break
        data, rest = data + rest[:size], rest[size + 2:]
    return data
