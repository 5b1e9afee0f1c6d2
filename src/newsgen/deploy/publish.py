"""Publishing the output folder: the files, their order, and the target that takes them
(see the package's docstring)."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from newsgen.deploy.targets import Target, choose
from newsgen.errors import NewsgenError
from newsgen.output.mediatypes import media_type
from newsgen.output.writer import Manifest


class DeployError(NewsgenError):
    """A deploy that cannot go on: the output folder, the target or the network."""


# a path segment with 10 or more hex digits after a "-" or "." names its own content
_FINGERPRINT = re.compile(r"[.-][0-9a-f]{10,}(?=[./-]|$)")
_LISTS = (".xml", ".json", ".txt")  # feeds, sitemaps, robots.txt, the search index's lists
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"  # pages, feeds, sitemaps: a new story is seen within minutes
MEDIUM = "public, max-age=3600"  # other files whose name does not change with their content


REDIRECT_MARK = b"<!DOCTYPE html>\n<!-- newsgen:redirect "  # how a redirect page (theme's alias.html) opens


def redirect_of(data: bytes) -> str | None:
    """Where a redirect page sends its reader (its first lines say so), or None for other files."""
    if not data.startswith(REDIRECT_MARK):
        return None
    end = data.find(b" -->", len(REDIRECT_MARK), 4200)
    location = data[len(REDIRECT_MARK) : end].decode("utf-8", "replace") if end > 0 else ""
    return location if location.startswith(("http://", "https://", "/")) and "\n" not in location else None


@dataclass(frozen=True)
class LocalFile:
    relpath: str  # "/"-separated, under the output folder
    path: Path
    size: int

    @property
    def suffix(self) -> str:
        name = self.relpath.rsplit("/", 1)[-1]
        return name[name.rfind(".") :].lower() if "." in name else ""

    @property
    def is_page(self) -> bool:
        return self.suffix == ".html"

    @property
    def is_list(self) -> bool:
        return self.suffix in _LISTS

    @property
    def content_type(self) -> str:
        return media_type(self.relpath)

    @property
    def cache_control(self) -> str:
        if _FINGERPRINT.search(self.relpath):
            return IMMUTABLE
        return SHORT if self.is_page or self.is_list else MEDIUM

    def read(self) -> bytes:
        """The file's bytes, checked to be what the build left (a regular file of its size)."""
        try:
            with open(self.path, "rb") as f:
                st = os.fstat(f.fileno())
                data = f.read()
        except OSError as exc:
            raise DeployError(self.path, f"cannot read it: {exc.strerror or exc}") from None
        if not stat.S_ISREG(st.st_mode) or len(data) != self.size:
            raise DeployError(self.path, "changed since the build: run newsgen build again")
        return data

    def md5(self) -> str:
        return hashlib.md5(self.read(), usedforsecurity=False).hexdigest()


def site_files(output: Path) -> list[LocalFile]:
    """The files the last finished build wrote into `output`, checked on disk."""
    manifest = Manifest.read(output)
    if manifest.problems:
        raise DeployError(output, f"the output folder's record is damaged ({manifest.problems[0].message}): "
                          "run newsgen build again")  # fmt: skip
    if not manifest.build or manifest.pending:
        raise DeployError(output, "the output folder holds no finished build: run newsgen build first")
    files = []
    root = os.path.realpath(output) + os.sep
    for relpath, owned in sorted(manifest.files.items()):
        path = output / relpath
        try:
            st = path.lstat()
        except OSError:
            raise DeployError(path, "missing since the build: run newsgen build again") from None
        if not stat.S_ISREG(st.st_mode) or (owned.size >= 0 and st.st_size != owned.size):
            raise DeployError(path, "changed since the build: run newsgen build again")
        if not os.path.realpath(path).startswith(root):
            raise DeployError(path, "lies under a symbolic link out of the output folder: run newsgen build again")
        files.append(LocalFile(relpath, path, st.st_size))
    return files


def stages(files: list[LocalFile], new: set[str]) -> list[list[LocalFile]]:
    """The order in which files reach a target: what pages use, then pages, then the lists that
    name pages; within each, files the target does not have before those it has in another
    version (a new story's page is there before the pages that link to it)."""
    groups: list[list[LocalFile]] = [[], [], [], [], [], []]
    for f in files:
        rank = 2 if f.is_list else 1 if f.is_page else 0
        groups[rank * 2 + (f.relpath not in new)].append(f)
    return [g for g in groups if g]


Progress = Callable[[str, str], None]  # (action, relpath): "upload" or "delete"


@dataclass
class DeployResult:
    target: Target
    uploaded: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    bytes: int = 0
    kept: list[str] = field(default_factory=list)  # files at the target no deploy of newsgen put there
    dry_run: bool = False
    note: str = ""

    def report(self, progress: Progress | None) -> None:
        """Tell `progress` of what a target that does all at once (git, rsync) has done."""
        if progress:
            for p in self.uploaded:
                progress("upload", p)
            for p in self.deleted:
                progress("delete", p)


def deploy(
    config, output: Path, name: str | None = None, *, dry_run: bool = False, progress: Progress | None = None
) -> DeployResult:
    """Publish `output` (a finished build) to the target named `name` (or the only one)."""
    from newsgen.config import CONFIG_FILE

    target = choose(config.deploy_targets, name, config.root / CONFIG_FILE)
    files = site_files(output)
    if target.kind == "s3":
        from newsgen.deploy import s3

        return s3.deploy(target, files, dry_run=dry_run, progress=progress)
    if target.kind == "git":
        from newsgen.deploy import git

        return git.deploy(target, files, dry_run=dry_run, progress=progress)
    from newsgen.deploy import rsync
    from newsgen.engine.cache import CACHE_DIR

    state = config.root / CACHE_DIR / "deploy" / f"{target.name}.json"
    return rsync.deploy(target, files, output, state, dry_run=dry_run, progress=progress)
