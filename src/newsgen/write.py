"""write: put bytes under the output folder, safely.

A changed file is first written beside its target under a hidden temporary
name, and all of them are renamed into place only when the whole build has
rendered: a failed build leaves the previous site as it was, and a server
reading the folder meanwhile sees each file whole, old or new. A file that did
not exist is written in place at once (a rename costs several times a write on
ext4) and removed again if the build fails; nothing links to it before the
changed pages are renamed into place.
Unchanged files are not rewritten. A manifest records what newsgen wrote;
only those files are ever removed, so a user's own CNAME or .nojekyll stays.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from newsgen.errors import OutputError

MANIFEST = ".newsgen-manifest.json"
STAGING = ".newsgen-staging"  # older builds staged here; removed when found
TMP_SUFFIX = ".newsgen-tmp"


def temp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}{TMP_SUFFIX}")


def _inside(child: Path, parent: Path) -> bool:
    try:
        child.relative_to(parent)
        return True
    except ValueError:
        return False


def check_output_folder(output: Path, protected: dict[str, Path]) -> None:
    """Refuse an output folder that would overwrite or delete what newsgen did not write."""
    out = output.resolve()
    for what, folder in protected.items():
        p = folder.resolve()
        if out == p or _inside(p, out):
            raise OutputError(
                output, f"refusing to write the site into a folder that is or contains the {what} ({folder})"
            )
        if what != "site root" and _inside(out, p):
            raise OutputError(output, f"refusing to write the site inside the {what} ({folder})")
    if out.exists() and not out.is_dir():
        raise OutputError(output, "the output path exists and is not a folder")
    if out.is_dir() and not (out / MANIFEST).is_file():
        others = [p.name for p in out.iterdir() if p.name not in (STAGING,)]
        if others:
            raise OutputError(
                output,
                "refusing to write into a non-empty folder that newsgen did not write "
                f"(it holds {', '.join(sorted(others)[:3])}{', ...' if len(others) > 3 else ''}); "
                "choose an empty or new --output folder",
            )


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_manifest(output: Path) -> dict[str, str]:
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
        files = data.get("files", {})
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (OSError, ValueError):
        return {}


class OutputWriter:
    """Stages a build's files, then commits them all at once.

    Render workers (forked processes) stage files too, through `stage`; the
    parent records each with `record` and alone renames files into place.
    """

    def __init__(self, output: Path) -> None:
        self.output = output
        self._root = str(output)
        self.previous: dict[str, str] = read_manifest(output)
        self.current: dict[str, str] = {}
        self.staged: list[str] = []  # changed files, written beside their targets
        self.created: list[str] = []  # new files, written in place
        self.unchanged = 0
        self.existing: set[str] | None = None  # outputs present when the build started
        self._made: set[Path] = set()

    def prepare(self, relpaths: list[str]) -> None:
        """Note which of the files this build may write exist already (before forking workers)."""
        self.existing = {r for r in relpaths if os.path.lexists(os.path.join(self._root, r))}

    def is_current(self, relpath: str, digest: str) -> bool:
        """Whether the file on disk already holds these bytes (as the manifest says)."""
        return self.previous.get(relpath) == digest and os.path.isfile(os.path.join(self._root, relpath))

    def stage(self, relpath: str, data: bytes) -> str:
        """Write a file's new bytes; return "created" (written in place) or "staged" (to rename)."""
        target = self.output / relpath
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        existing = self.existing if self.existing is not None else set()
        if relpath not in existing and self.existing is not None:
            try:
                with open(target, "xb") as f:
                    f.write(data)
                return "created"
            except FileExistsError:
                pass
        temp_path(target).write_bytes(data)
        return "staged"

    def record(self, relpath: str, digest: str, how: str | None) -> None:
        """Record one output: `how` is what `stage` returned, or None when the file was current."""
        if relpath in self.current:
            raise ValueError(f"two outputs at the same path: {relpath}")
        self.current[relpath] = digest
        if how == "staged":
            self.staged.append(relpath)
        elif how == "created":
            self.created.append(relpath)
        else:
            self.unchanged += 1

    def add(self, relpath: str, data: bytes) -> bool:
        """Stage one output file; return whether it differs from what is on disk."""
        digest = content_digest(data)
        if self.is_current(relpath, digest):
            self.record(relpath, digest, None)
            return False
        if self.existing is not None and relpath not in self.existing and os.path.lexists(self.output / relpath):
            self.existing.add(relpath)
        self.record(relpath, digest, self.stage(relpath, data))
        return True

    def add_file(self, relpath: str, source: Path) -> bool:
        return self.add(relpath, source.read_bytes())

    def keep(self, relpath: str) -> bool:
        """Keep a file from the previous build without producing it again (if it is still there)."""
        digest = self.previous.get(relpath)
        if digest is None or relpath in self.current or not os.path.isfile(os.path.join(self._root, relpath)):
            return False
        self.current[relpath] = digest
        return True

    def commit(self) -> list[str]:
        """Rename staged files into place, remove stale outputs newsgen wrote before; return the removed."""
        self.output.mkdir(parents=True, exist_ok=True)
        for relpath in self.staged:
            target = self.output / relpath
            os.replace(temp_path(target), target)
        removed = []
        for relpath in sorted(set(self.previous) - set(self.current)):
            target = self.output / relpath
            if target.is_file() or target.is_symlink():
                target.unlink()
                removed.append(relpath)
                self._prune(target.parent)
        self.save_manifest()
        shutil.rmtree(self.output / STAGING, ignore_errors=True)
        return removed

    def save_manifest(self) -> None:
        tmp = self.output / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps({"files": dict(sorted(self.current.items()))}, indent=0), encoding="utf-8")
        os.replace(tmp, self.output / MANIFEST)

    def replace_tree(self, prefix: str, relpaths: list[str]) -> None:
        """After a tool (the search indexer) rewrote a folder of the output: own exactly its files."""
        for old in [r for r in self.current if r.startswith(prefix)]:
            del self.current[old]
        for relpath in relpaths:
            self.current[relpath] = content_digest((self.output / relpath).read_bytes())
        self.save_manifest()

    def _prune(self, folder: Path) -> None:
        """Remove folders left empty, up to the output root."""
        root = self.output.resolve()
        folder = folder.resolve()
        while folder != root and _inside(folder, root):
            try:
                folder.rmdir()
            except OSError:
                return
            folder = folder.parent

    def abort(self, maybe_written: list[str] | None = None) -> None:
        """Remove every file this build wrote (and the folders it made that are left empty)."""
        candidates = {*self.staged, *self.created, *(maybe_written or [])}
        existing = self.existing or set()
        for relpath in candidates:
            target = self.output / relpath
            temp = temp_path(target)
            if temp.exists():
                temp.unlink()
                self._prune(temp.parent)
            if relpath not in existing and self.existing is not None and target.exists():
                target.unlink()  # created by this build
                self._prune(target.parent)
        if self.output.is_dir() and not any(self.output.iterdir()) and not self.previous:
            self.output.rmdir()
