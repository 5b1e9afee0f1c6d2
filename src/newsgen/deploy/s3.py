"""Deploy to S3-compatible object storage (AWS S3, Cloudflare R2, MinIO, Google Cloud
Storage's S3 API) through boto3.

The bucket's listing says what is there: an object whose ETag is the MD5 of the local file
(every object newsgen puts is one part, so its ETag is its MD5) is left alone, every other
file is put. Each object newsgen puts carries the metadata `newsgen: site`; at the end,
objects under the prefix that the site no longer has are removed only when they carry it.
Nothing else is recorded, so an interrupted deploy is repaired by the next one: it finds
what is there and puts the rest. The endpoint comes from `?endpoint=` in the URL or from
AWS_ENDPOINT_URL; credentials only from the environment or boto3's own configuration."""

from __future__ import annotations

import base64
import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from newsgen.deploy.publish import DeployError, DeployResult, LocalFile, Progress, redirect_of, stages
from newsgen.deploy.targets import Target

MARK = {"newsgen": "site"}  # the metadata on every object newsgen puts
THREADS = 8


def client(target: Target) -> Any:
    try:
        import boto3
        from botocore.config import Config
    except ImportError:
        raise DeployError(None, "an s3:// target needs boto3: pip install 'newsgen[s3]'") from None
    options = target.s3_options
    endpoint = options.get("endpoint") or os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    config = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=10, read_timeout=60,
                    max_pool_connections=THREADS * 2)  # fmt: skip
    return boto3.client("s3", endpoint_url=endpoint, region_name=options.get("region"), config=config)


def _failure(target: Target, exc: Exception) -> DeployError:
    """A one-line error for what boto3 raised."""
    from botocore import exceptions as e

    where = f"s3://{target.s3_bucket}"
    if isinstance(exc, e.NoCredentialsError | e.PartialCredentialsError):
        return DeployError(None, f"{where}: no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                                 "(or AWS_PROFILE) in the environment")  # fmt: skip
    if isinstance(exc, e.ClientError):
        code = exc.response.get("Error", {}).get("Code", "")
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code in ("NoSuchBucket", "404") or status == 404:
            return DeployError(None, f"{where}: the bucket does not exist")
        if code in ("AccessDenied", "403", "InvalidAccessKeyId", "SignatureDoesNotMatch") or status == 403:
            return DeployError(None, f"{where}: access denied ({code}): check the credentials and the bucket's policy")
        return DeployError(None, f"{where}: {code or status}: {exc.response.get('Error', {}).get('Message', exc)}")
    if isinstance(exc, e.EndpointConnectionError | e.ConnectionClosedError | e.ReadTimeoutError |
                  e.ConnectTimeoutError):  # fmt: skip
        return DeployError(None, f"{where}: cannot reach the storage ({exc}); nothing was removed")
    if isinstance(exc, e.BotoCoreError):
        return DeployError(None, f"{where}: {exc}")
    raise exc


def deploy(target: Target, files: list[LocalFile], *, dry_run: bool = False,
           progress: Progress | None = None) -> DeployResult:  # fmt: skip
    from botocore.exceptions import BotoCoreError, ClientError

    s3 = client(target)
    try:
        return _deploy(s3, target, files, dry_run, progress)
    except (BotoCoreError, ClientError) as exc:
        raise _failure(target, exc) from None


def _listing(s3: Any, bucket: str, prefix: str) -> dict[str, str]:
    """{key under the prefix: ETag} of what the bucket holds."""
    s3.head_bucket(Bucket=bucket)
    there: dict[str, str] = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", ()):
            there[obj["Key"][len(prefix) :]] = obj.get("ETag", "").strip('"')
    return there


def _deploy(s3: Any, target: Target, files: list[LocalFile], dry_run: bool, progress: Progress | None) -> DeployResult:
    bucket, prefix = target.s3_bucket, target.s3_prefix
    there = _listing(s3, bucket, prefix)
    result = DeployResult(target, dry_run=dry_run)
    changed = [f for f in files if there.get(f.relpath) != f.md5()]
    result.unchanged = len(files) - len(changed)
    for stage in stages(changed, new={f.relpath for f in changed if f.relpath not in there}):
        if dry_run:
            result.uploaded += [f.relpath for f in stage]
            result.bytes += sum(f.size for f in stage)
            continue

        def put(f: LocalFile) -> None:
            data = f.read()
            md5 = base64.b64encode(hashlib.md5(data, usedforsecurity=False).digest()).decode()
            extra = {"WebsiteRedirectLocation": location} if f.is_page and (location := redirect_of(data)) else {}
            s3.put_object(Bucket=bucket, Key=prefix + f.relpath, Body=data, ContentType=f.content_type,
                          CacheControl=f.cache_control, ContentMD5=md5, Metadata=MARK, **extra)  # fmt: skip
            if progress:
                progress("upload", f.relpath)

        with ThreadPoolExecutor(THREADS) as pool:  # a stage ends before the next begins
            for f, _ in zip(stage, pool.map(put, stage), strict=True):
                result.uploaded.append(f.relpath)
                result.bytes += f.size
    local = {f.relpath for f in files}
    gone = sorted(k for k in there if k not in local)
    ours = [k for k in gone if _ours(s3, bucket, prefix + k)]
    result.kept = [k for k in gone if k not in set(ours)]
    if not dry_run:
        for i in range(0, len(ours), 1000):
            batch = ours[i : i + 1000]
            answer = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": prefix + k} for k in batch],
                                                              "Quiet": True})  # fmt: skip
            if answer.get("Errors"):
                err = answer["Errors"][0]
                raise DeployError(None, f"s3://{bucket}/{err.get('Key')}: cannot remove it: {err.get('Message')}")
            if progress:
                for k in batch:
                    progress("delete", k)
    result.deleted = ours
    return result


def _ours(s3: Any, bucket: str, key: str) -> bool:
    """Whether newsgen put this object there (its metadata says so)."""
    from botocore.exceptions import ClientError

    try:
        head = s3.head_object(Bucket=bucket, Key=key)
    except ClientError:
        return False
    return head.get("Metadata", {}).get("newsgen") == MARK["newsgen"]
