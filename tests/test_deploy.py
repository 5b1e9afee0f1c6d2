"""`newsgen deploy` against the real things, started here: an S3 API server (moto's server
mode, over HTTP, reached by boto3), a bare git repository, rsync to a folder."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsgen.build import BuildOptions, build
from newsgen.config import load_config
from newsgen.deploy.publish import IMMUTABLE, SHORT, DeployError, deploy, site_files
from newsgen.errors import ConfigError
from newsgen.output.writer import MANIFEST
from sitegen import make_site, write_article

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
BUCKET = "bao-thu"


def built(root: Path, targets: str, count: int = 12, search: bool = False) -> Path:
    make_site(root, count=count, search=search, extra_config=f"deploy:\n  targets:\n{targets}")
    write_article(root / "content", "chuyen.txt", rubric="Thời sự", headline="Tin chuyển nhà", day=3, month=11,
                  front_matter="---\naliases: [/bai-cu.html]\n---\n")  # an address from the old CMS  # fmt: skip
    (root / "static").mkdir(exist_ok=True)
    (root / "static" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    rebuild(root)
    return root


def rebuild(root: Path) -> None:
    result = build(BuildOptions(site=root, now=NOW, jobs=1))
    assert not [d for d in result.diagnostics if d.level == "error"]


def local_files(root: Path) -> dict[str, bytes]:
    return {f.relpath: f.read() for f in site_files(root / "public")}


def newsgen(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsgen", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)  # fmt: skip


# ------------------------------------------------------------------ S3


@pytest.fixture()
def s3(monkeypatch):
    boto3 = pytest.importorskip("boto3")
    server_mod = pytest.importorskip("moto.server")
    server = server_mod.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true"}.items():  # fmt: skip
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    import urllib.request

    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"), timeout=10)
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    yield endpoint, client, server
    server.stop()


def bucket_files(client, prefix: str = "tin-tuc/") -> dict[str, bytes]:
    out = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix):
        for obj in page.get("Contents", ()):
            out[obj["Key"][len(prefix) :]] = client.get_object(Bucket=BUCKET, Key=obj["Key"])["Body"].read()
    return out


def s3_target(endpoint: str) -> str:
    return f'    - {{name: s3, url: "s3://{BUCKET}/tin-tuc?endpoint={endpoint}"}}\n'


def test_s3_publishes_the_build_and_then_only_what_changed(tmp_path, s3):
    endpoint, client, _ = s3
    root = built(tmp_path / "site", s3_target(endpoint))
    config = load_config(root)
    client.put_object(Bucket=BUCKET, Key="tin-tuc/google1234.html", Body=b"verification")  # the newsroom's own

    first = deploy(config, root / "public")
    local = local_files(root)
    assert len(first.uploaded) == len(local) and first.deleted == []
    there = bucket_files(client)
    assert {k: v for k, v in there.items() if k != "google1234.html"} == local
    assert MANIFEST not in there and not any(".newsgen" in k for k in there)

    head = client.head_object(Bucket=BUCKET, Key="tin-tuc/index.html")
    assert head["ContentType"] == "text/html; charset=utf-8" and head["CacheControl"] == SHORT
    css = next(k for k in local if k.endswith(".css"))
    head = client.head_object(Bucket=BUCKET, Key=f"tin-tuc/{css}")
    assert head["ContentType"] == "text/css; charset=utf-8" and head["CacheControl"] == IMMUTABLE
    assert client.head_object(Bucket=BUCKET, Key="tin-tuc/feed.xml")["ContentType"].startswith("application/atom+xml")
    moved = client.head_object(Bucket=BUCKET, Key="tin-tuc/bai-cu.html")  # S3 website hosting redirects it
    assert moved["WebsiteRedirectLocation"] == "https://example.org/tin-chuyen-nha/"
    assert "WebsiteRedirectLocation" not in client.head_object(Bucket=BUCKET, Key="tin-tuc/index.html")

    again = deploy(config, root / "public")
    assert again.uploaded == [] and again.unchanged == len(local) and again.deleted == []

    (root / "content" / "bai-003.txt").unlink()  # a story taken down, another filed
    write_article(root / "content", "bai-moi.txt", rubric="Thời sự", headline="Tin mới nộp", day=27, month=11)
    rebuild(root)
    third = deploy(config, root / "public")
    local = local_files(root)
    assert 0 < len(third.uploaded) < len(local)
    assert third.deleted and all(k not in local for k in third.deleted)
    assert third.kept == ["google1234.html"]  # newsgen removes only what it put there
    there = bucket_files(client)
    assert {k: v for k, v in there.items() if k != "google1234.html"} == local
    assert there["google1234.html"] == b"verification"


def test_s3_never_has_a_page_before_its_assets(tmp_path, s3):
    endpoint, client, _ = s3
    root = built(tmp_path / "site", s3_target(endpoint))
    config = load_config(root)
    order: list[str] = []
    deploy(config, root / "public", progress=lambda action, path: action == "upload" and order.append(path))
    local = local_files(root)
    position = {p: i for i, p in enumerate(order)}
    refs = re.compile(rb'(?:href|src)="/([^"#?]+)"')
    checked = 0
    for page in (p for p in order if p.endswith(".html")):
        for ref in refs.findall(local[page]):
            target = ref.decode()
            target = target + "index.html" if target.endswith("/") or not target else target
            if target in position and not target.endswith((".html", ".xml", ".json", ".txt")):
                assert position[target] < position[page], (page, target)
                checked += 1
    assert checked > 20
    last_page = max(i for p, i in position.items() if p.endswith(".html"))
    assert all(position[p] > last_page for p in ("feed.xml", "sitemap.xml"))  # lists name pages: after them


def test_s3_interrupted_deploy_is_repaired_by_the_next(tmp_path, s3):
    endpoint, client, _ = s3
    root = built(tmp_path / "site", s3_target(endpoint))
    config = load_config(root)
    deploy(config, root / "public")
    write_article(root / "content", "bai-moi.txt", rubric="Thời sự", headline="Tin mới nộp", day=27, month=11)
    (root / "content" / "bai-004.txt").unlink()
    rebuild(root)

    class Killed(Exception):
        pass

    count = 0

    def kill_after_three(action: str, path: str) -> None:
        nonlocal count
        count += 1
        if count == 3:
            raise Killed

    with pytest.raises(Killed):
        deploy(config, root / "public", progress=kill_after_three)
    local = local_files(root)
    assert bucket_files(client) != local  # half-way: some new files there, old ones not yet removed
    repair = deploy(config, root / "public")
    assert repair.uploaded and repair.deleted
    assert bucket_files(client) == local


def test_s3_network_failure_mid_upload_removes_nothing(tmp_path, s3):
    endpoint, client, server = s3
    root = built(tmp_path / "site", s3_target(endpoint))
    config = load_config(root)
    deploy(config, root / "public")
    (root / "content" / "bai-005.txt").unlink()
    write_article(root / "content", "bai-moi.txt", rubric="Thời sự", headline="Tin mới nộp", day=27, month=11)
    rebuild(root)
    before = set(bucket_files(client))
    stopped = []

    def cut_the_network(action: str, path: str) -> None:
        if not stopped:
            stopped.append(path)
            server.stop()

    with pytest.raises(DeployError, match="cannot reach the storage"):
        deploy(config, root / "public", progress=cut_the_network)
    server.start()  # on another port; moto keeps its buckets in memory, as the failure left them
    import boto3

    host, port = server.get_host_and_port()
    client = boto3.client("s3", endpoint_url=f"http://{host}:{port}", region_name="us-east-1")
    assert before <= set(bucket_files(client))  # nothing removed


def test_s3_errors_are_one_line(tmp_path, s3):
    endpoint, client, _ = s3
    root = built(tmp_path / "site", f'    - {{name: s3, url: "s3://no-such-bucket/x?endpoint={endpoint}"}}\n')
    out = newsgen("deploy", cwd=root)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines() == ["error: s3://no-such-bucket: the bucket does not exist"]

    no_credentials = {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
                      "AWS_CONFIG_FILE": "/nonexistent", "AWS_PROFILE": ""}  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")} | {
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_CONFIG_FILE": "/nonexistent",
        "AWS_EC2_METADATA_DISABLED": "true"}  # fmt: skip
    out = subprocess.run([sys.executable, "-m", "newsgen", "deploy"], cwd=root, capture_output=True, text=True, env=env)
    assert out.returncode == 1 and "no credentials" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    del no_credentials

    root2 = built(tmp_path / "site2", '    - {name: s3, url: "s3://bao-thu/x?endpoint=http://127.0.0.1:9"}\n')
    out = newsgen("deploy", cwd=root2)
    assert out.returncode == 1 and "cannot reach the storage" in out.stderr and "Traceback" not in out.stderr


# ------------------------------------------------------------------ git


def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def test_git_commits_the_site_to_a_branch_in_one_commit(tmp_path):
    remote = tmp_path / "pages.git"
    git("init", "--quiet", "--bare", str(remote))
    root = built(tmp_path / "site", f'    - {{name: pages, url: "git+file://{remote}", cname: tin.example.org}}\n')
    git("init", "--quiet", cwd=root)  # the newsroom's own checkout, with work in progress
    (root / "ghi-chu.txt").write_text("chưa xong", encoding="utf-8")
    status = git("status", "--porcelain", cwd=root)
    config = load_config(root)

    first = deploy(config, root / "public")
    local = local_files(root)
    assert git("rev-list", "--count", "gh-pages", cwd=remote).strip() == "1"
    tree = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split())
    assert tree == set(local) | {".nojekyll", "CNAME"} and MANIFEST not in tree
    assert git("show", "gh-pages:CNAME", cwd=remote) == "tin.example.org\n"
    assert git("show", "gh-pages:index.html", cwd=remote).encode() == local["index.html"]
    assert git("status", "--porcelain", cwd=root) == status  # the checkout untouched
    assert len(first.uploaded) == len(tree)

    assert deploy(config, root / "public").uploaded == []  # nothing changed: no commit
    assert git("rev-list", "--count", "gh-pages", cwd=remote).strip() == "1"

    # the newsroom adds a file to the branch by hand; then a story is taken down
    clone = tmp_path / "clone"
    git("clone", "--quiet", "--branch", "gh-pages", str(remote), str(clone))
    (clone / "google1234.html").write_text("verification", encoding="utf-8")
    git("add", "google1234.html", cwd=clone)
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "verify", cwd=clone)
    git("push", "--quiet", "origin", "gh-pages", cwd=clone)
    (root / "content" / "bai-002.txt").unlink()
    rebuild(root)
    third = deploy(config, root / "public")
    local = local_files(root)
    tree = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split())
    assert tree == set(local) | {".nojekyll", "CNAME", "google1234.html"}
    assert third.deleted and third.kept == ["google1234.html"]
    assert git("rev-list", "--count", "gh-pages", cwd=remote).strip() == "3"

    fourth_change = root / "content" / "bai-006.txt"  # the next deploy still keeps the hand-made file
    fourth_change.unlink()
    rebuild(root)
    deploy(config, root / "public")
    assert "google1234.html" in git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split()


def test_git_failure_is_one_line(tmp_path):
    root = built(tmp_path / "site", f'    - {{name: pages, url: "git+file://{tmp_path}/missing.git"}}\n')
    out = newsgen("deploy", cwd=root)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and out.stderr.startswith("error: git ")


# ------------------------------------------------------------------ rsync


def test_rsync_to_a_folder_sends_changes_and_repairs(tmp_path):
    if not any((Path(d) / "rsync").exists() for d in os.environ.get("PATH", "").split(os.pathsep)):
        pytest.fail("rsync is not installed (apt-get install rsync)")
    dest = tmp_path / "www" / "tin-tuc"
    root = built(tmp_path / "site", f'    - {{name: server, url: "file://{dest}"}}\n')
    config = load_config(root)
    (dest).mkdir(parents=True)
    (dest / "google1234.html").write_text("verification", encoding="utf-8")

    def there() -> dict[str, bytes]:
        return {p.relative_to(dest).as_posix(): p.read_bytes() for p in dest.rglob("*") if p.is_file()}

    dry = deploy(config, root / "public", dry_run=True)
    assert dry.uploaded and there() == {"google1234.html": b"verification"}
    first = deploy(config, root / "public")
    local = local_files(root)
    assert len(first.uploaded) == len(local)
    assert there() == local | {"google1234.html": b"verification"}
    assert deploy(config, root / "public").uploaded == []

    (root / "content" / "bai-001.txt").unlink()
    rebuild(root)
    # a deploy cut short: a file missing, another half-written
    page = next(k for k in local if k.endswith("/index.html") and "bai" not in k)
    (dest / page).unlink()
    (dest / "index.html").write_bytes(b"<!doctype html><p>half")
    result = deploy(config, root / "public")
    local = local_files(root)
    assert result.deleted and page in result.uploaded and "index.html" in result.uploaded
    assert there() == local | {"google1234.html": b"verification"}


# ------------------------------------------------------------------ configuration and the output folder


@pytest.mark.parametrize(
    ("targets", "message"),
    [
        ('    - {name: a, url: "s3://KEY:SECRET@bucket/x"}\n', "credentials do not belong"),
        ('    - {name: a, url: "git+https://me:token@example.org/site.git"}\n', "credentials do not belong"),
        ('    - {name: a, url: "ftp://example.org/x"}\n', "url must start with"),
        ('    - {name: a, url: "s3://b"}\n    - {name: a, url: "s3://c"}\n', "two deploy targets"),
        ('    - {name: a, url: "s3://b", branch: main}\n', "for git targets only"),
        ('    - {name: "../x", url: "s3://b"}\n', "target name"),
    ],
)
def test_bad_targets_are_config_errors_with_a_line(tmp_path, targets, message):
    make_site(tmp_path / "site", count=1, extra_config=f"deploy:\n  targets:\n{targets}")
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(tmp_path / "site")
    assert caught.value.line is not None


def test_deploy_refuses_an_unfinished_or_tampered_build(tmp_path):
    dest = tmp_path / "dest"
    root = built(tmp_path / "site", f'    - {{name: server, url: "file://{dest}"}}\n')
    config = load_config(root)
    out = newsgen("deploy", "nope", cwd=root)
    assert out.returncode == 1 and "no deploy target named 'nope'" in out.stderr
    page = root / "public" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- changed by hand -->", encoding="utf-8")
    with pytest.raises(DeployError, match="changed since the build"):
        deploy(config, root / "public")
    rebuild(root)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for publishing", encoding="utf-8")
    page.unlink()
    page.symlink_to(secret)
    with pytest.raises(DeployError):
        deploy(config, root / "public")
    assert not dest.exists() or not any(dest.rglob("*"))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DeployError, match="no finished build"):
        deploy(config, empty)


def test_fingerprints_decide_the_cache_lifetime():
    from newsgen.deploy.publish import MEDIUM, LocalFile

    def f(relpath: str) -> LocalFile:
        return LocalFile(relpath, Path(relpath), 0)

    assert f("assets/style.0123456789.css").cache_control == IMMUTABLE
    assert f("anh/0d/hien-mau-0d13fb605b-800.avif").cache_control == IMMUTABLE
    assert f("pagefind/2026-09-1c809a32e78a8f03/fragment/vi_15282e7.pf_fragment").cache_control == IMMUTABLE
    assert f("pagefind/shards.json").cache_control == SHORT
    assert f("thoi-su/index.html").cache_control == SHORT
    assert f("logo.svg").cache_control == MEDIUM
    assert f("logo.svg").content_type == "image/svg+xml; charset=utf-8"
    assert f("anh/a-0d13fb605b-800.avif").content_type == "image/avif"
    assert hashlib.md5(b"", usedforsecurity=False).hexdigest()  # the ETag S3 gives a one-part object
