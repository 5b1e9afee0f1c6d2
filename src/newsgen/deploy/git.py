"""Deploy to a git branch (GitHub Pages' gh-pages, or any branch of any remote), in one
commit, without a working tree: the files go into a private repository in a temporary
folder (`git hash-object`, `update-index`, `write-tree`, `commit-tree`), which pushes the
commit to the remote. The user's own checkout is never touched.

The new tree is the site's files, `.nojekyll`, `CNAME` when the target names one, and the
files of the branch that no deploy of newsgen put there (a `google….html` a newsroom added
by hand stays). Which files newsgen put there is read from the branch's history: each of its
commits carries a `Deployed-by: newsgen` trailer and lists the files it kept that were not
its own; everything else in that commit's tree is newsgen's. A push is all or nothing, so an
interrupted deploy leaves the branch as it was."""

from __future__ import annotations

import os
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from newsgen import __version__
from newsgen.deploy.publish import DeployError, DeployResult, LocalFile, Progress
from newsgen.deploy.targets import Target

TRAILER = "Deployed-by: newsgen"
KEPT = "Kept: "  # one line per file of the branch that newsgen did not put there
HISTORY = 50  # commits looked back through for newsgen's last deploy
_ENV = {
    "GIT_TERMINAL_PROMPT": "0",  # never wait for a password on a terminal
    "GIT_CONFIG_NOSYSTEM": "1",
    "LC_ALL": "C",
}


class _Git:
    def __init__(self, git_dir: Path) -> None:
        self.git_dir = git_dir
        self.env = {**os.environ, **_ENV, "GIT_DIR": str(git_dir), "GIT_INDEX_FILE": str(git_dir / "deploy-index")}
        for who in ("AUTHOR", "COMMITTER"):  # the user's own identity when git has one
            self.env.setdefault(f"GIT_{who}_NAME", self.config("user.name") or "newsgen")
            self.env.setdefault(f"GIT_{who}_EMAIL", self.config("user.email") or "newsgen@localhost")

    def config(self, key: str) -> str:
        out = subprocess.run(["git", "config", "--get", key], capture_output=True, text=True,
                             env={**os.environ, **_ENV})  # fmt: skip
        return out.stdout.strip()

    def run(self, *args: str, stdin: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        try:
            done = subprocess.run(["git", *args], input=stdin, capture_output=True, env=self.env, timeout=3600)
        except FileNotFoundError:
            raise DeployError(None, "a git target needs git installed (apt install git)") from None
        if check and done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise DeployError(None, f"git {args[0]}: {message[-1] if message else 'failed'}")
        return done


def _last_deploy(git: _Git, head: str) -> tuple[set[str], set[str]] | None:
    """The files newsgen's last deploy on the branch put there, and those it kept; None if
    the branch has none in its recent history."""
    log = git.run("log", "--first-parent", f"-n{HISTORY}", "--format=%H%x00%B%x01", head).stdout.decode("utf-8")
    for record in log.split("\x01"):
        commit, _, body = record.strip().partition("\x00")
        if TRAILER not in body.splitlines():
            continue
        kept = {line[len(KEPT) :] for line in body.splitlines() if line.startswith(KEPT)}
        tree = git.run("ls-tree", "-r", "-z", "--name-only", commit).stdout.decode("utf-8").split("\0")
        return {p for p in tree if p and p not in kept}, kept
    return None


def deploy(target: Target, files: list[LocalFile], *, dry_run: bool = False,
           progress: Progress | None = None) -> DeployResult:  # fmt: skip
    remote, branch = target.git_remote, target.branch
    result = DeployResult(target, dry_run=dry_run)
    with tempfile.TemporaryDirectory(prefix="newsgen-deploy-") as tmp:
        git = _Git(Path(tmp) / "repo.git")
        git.run("init", "--quiet", "--bare", str(git.git_dir))
        has_branch = git.run("ls-remote", "--heads", remote, f"refs/heads/{branch}").stdout.strip() != b""
        old: dict[str, str] = {}  # path -> blob id on the branch now
        put_there: set[str] = set()
        head = None
        if has_branch:
            git.run("fetch", "--quiet", "--depth", str(HISTORY), remote, f"refs/heads/{branch}")
            head = git.run("rev-parse", "FETCH_HEAD").stdout.decode().strip()
            for line in git.run("ls-tree", "-r", "-z", head).stdout.decode("utf-8").split("\0"):
                if line:
                    meta, _, path = line.partition("\t")
                    old[path] = meta.split()[2]
            last = _last_deploy(git, head)
            put_there = last[0] if last else set()
        extra = {".nojekyll": b""}
        if target.cname:
            extra["CNAME"] = target.cname.encode() + b"\n"
        ids = _hash_files(git, files, extra)
        local = {f.relpath for f in files} | set(extra)
        kept = sorted(p for p in old if p not in local and p not in put_there)
        result.deleted = sorted(p for p in old if p not in local and p in put_there)
        result.kept = kept
        result.uploaded = sorted(p for p in local if old.get(p) != ids[p])
        result.unchanged = len(local) - len(result.uploaded)
        result.bytes = sum(f.size for f in files if f.relpath in set(result.uploaded))
        if not result.uploaded and not result.deleted:
            result.note = f"{branch} is up to date"
            return result
        if dry_run:
            return result
        index = "".join(f"100644 blob {ids[p]}\t{p}\0" for p in sorted(local))
        if kept:
            entries = git.run("ls-tree", "-r", "-z", head, "--", *kept).stdout.decode("utf-8").split("\0")
            index += "".join(f"{e}\0" for e in entries if e)
        git.run("update-index", "-z", "--index-info", stdin=index.encode("utf-8"))
        tree = git.run("write-tree").stdout.decode().strip()
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        message = f"Site deployed {stamp} by newsgen {__version__}\n\n" + "".join(f"{KEPT}{p}\n" for p in kept)
        message += f"{TRAILER}\n"
        parents = ["-p", head] if head else []
        commit = git.run("commit-tree", tree, *parents, stdin=message.encode("utf-8")).stdout.decode().strip()
        git.run("push", "--quiet", remote, f"{commit}:refs/heads/{branch}")
        result.note = f"{branch} at {commit[:12]}"
        result.report(progress)
    return result


def _hash_files(git: _Git, files: list[LocalFile], extra: dict[str, bytes]) -> dict[str, str]:
    """Every file written into the private repository: {path: blob id}."""
    ids: dict[str, str] = {}
    for name, data in extra.items():
        ids[name] = git.run("hash-object", "-w", "--stdin", stdin=data).stdout.decode().strip()
    if any("\n" in f.relpath for f in files):
        raise DeployError(None, "a file name holds a line break: git cannot be given it")
    listing = "".join(f"{f.path}\n" for f in files).encode("utf-8")
    out = git.run("hash-object", "-w", "--no-filters", "--stdin-paths", stdin=listing).stdout.decode().split()
    if len(out) != len(files):
        raise DeployError(None, "git hash-object did not name every file")
    ids.update({f.relpath: blob for f, blob in zip(files, out, strict=True)})
    return ids
