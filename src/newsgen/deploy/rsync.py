"""Deploy to a folder, here or on a host, with rsync: `rsync://host/module/path`,
`user@host:/path` (over SSH, with the user's own keys and ~/.ssh/config) or `file:///path`.

rsync is given the list of the site's files, stage by stage (see newsgen.deploy.publish.stages), and
compares checksums, so only changed files travel and a file is replaced whole (rsync writes
a temporary file and renames it). Which files an earlier deploy put there is kept in the
site's cache (`.newsgen-cache/deploy/NAME.json`): a file the site no longer has is removed
only when it is listed there, so a deploy from another machine removes nothing. An
interrupted deploy is repaired by the next one: every file is compared again."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newsgen.deploy.publish import DeployError, DeployResult, LocalFile, Progress, stages
from newsgen.deploy.targets import Target
from newsgen.output.writer import safe_relpath

RSYNC = ["rsync", "--recursive", "--links", "--times", "--checksum", "--chmod=D755,F644", "--protect-args"]


def destination(target: Target) -> str:
    """The destination as rsync takes it, ending in "/"."""
    url = target.url
    if url.startswith("file://"):
        path = unquote(urlsplit(url).path)
        if not path.startswith("/"):
            raise DeployError(None, f"deploy target {target.name!r}: a file:// URL needs an absolute path")
        return path.rstrip("/") + "/"
    return url.rstrip("/") + "/"


def _read_state(state: Path) -> set[str]:
    try:
        if not state.is_file() or state.is_symlink():
            return set()
        data = json.loads(state.read_bytes())
    except (OSError, ValueError, RecursionError):
        return set()
    files = data.get("files") if isinstance(data, dict) else None
    return {p for p in files if safe_relpath(p)} if isinstance(files, list) else set()


def _write_state(state: Path, files: set[str]) -> None:
    state.parent.mkdir(parents=True, exist_ok=True)
    if state.is_symlink():
        state.unlink()
    fd, tmp = tempfile.mkstemp(dir=state.parent, prefix=".state-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"files": sorted(files)}, f)
    os.replace(tmp, state)


def _rsync(args: list[str], listing: list[str]) -> str:
    with tempfile.NamedTemporaryFile("wb", prefix="newsgen-files-", suffix=".list") as lst:
        lst.write(b"".join(p.encode("utf-8") + b"\0" for p in listing))
        lst.flush()
        try:
            done = subprocess.run([*RSYNC, "--from0", f"--files-from={lst.name}", "--out-format=%n", *args],
                                  capture_output=True, timeout=3600)  # fmt: skip
        except FileNotFoundError:
            raise DeployError(None, "an rsync target needs rsync installed (apt install rsync)") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DeployError(None, f"rsync failed (exit {done.returncode}): {lines[0] if lines else ''}; nothing removed")
    return done.stdout.decode("utf-8", "replace")


def _pattern(relpath: str) -> str:
    """An rsync filter pattern matching exactly this path from the transfer's root."""
    return "/" + "".join("\\" + c if c in "*?[\\" else c for c in relpath)


def _remove(source: str, dest: str, gone: list[str], args: list[str]) -> None:
    """Remove these files (and the folders they leave empty) there, nothing else: rsync deletes
    what the site does not have, transfers nothing (--existing --ignore-existing), and every
    other path is protected by the filter."""
    folders = {f.rsplit("/", i)[0] for f in gone for i in range(1, f.count("/") + 1)}
    rules = [f"R {_pattern(f)}" for f in gone] + [f"R {_pattern(d)}/" for d in sorted(folders)] + ["P *"]
    with tempfile.NamedTemporaryFile("wb", prefix="newsgen-remove-", suffix=".rules") as rules_file:
        rules_file.write("\n".join(rules).encode("utf-8") + b"\n")
        rules_file.flush()
        try:
            done = subprocess.run([*RSYNC, "--delete", "--existing", "--ignore-existing",
                                   f"--filter=merge {rules_file.name}", *args, source, dest],
                                  capture_output=True, timeout=3600)  # fmt: skip
        except FileNotFoundError:
            raise DeployError(None, "an rsync target needs rsync installed (apt install rsync)") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        first = lines[0] if lines else ""
        raise DeployError(None, f"rsync could not remove old files (exit {done.returncode}): {first}")


def deploy(target: Target, files: list[LocalFile], output: Path, state: Path, *, dry_run: bool = False,
           progress: Progress | None = None) -> DeployResult:  # fmt: skip
    dest = destination(target)
    result = DeployResult(target, dry_run=dry_run)
    earlier = _read_state(state)
    local = {f.relpath for f in files}
    if dest.startswith("/"):
        Path(dest).mkdir(parents=True, exist_ok=True) if not dry_run else None
    if not dry_run:
        _write_state(state, earlier | local)  # an interrupted deploy still knows every file it may have put
    source = str(output).rstrip("/") + "/"
    sent: set[str] = set()
    for stage in stages(files, new=local - earlier):
        args = ["--dry-run"] if dry_run else []
        out = _rsync([*args, source, dest], [f.relpath for f in stage])
        names = {line for line in out.splitlines() if line and not line.endswith("/")}
        sent |= names & {f.relpath for f in stage}
    result.uploaded = sorted(sent)
    result.unchanged = len(files) - len(sent)
    result.bytes = sum(f.size for f in files if f.relpath in sent)
    gone = sorted(p for p in earlier - local if not os.path.lexists(output / p))
    if gone:
        args = ["--dry-run"] if dry_run else []
        _remove(source, dest, gone, args)
        result.deleted = gone
    if not dry_run:
        _write_state(state, local)
        result.report(progress)
    return result
