"""write: put bytes under the output folder, safely.

Files are staged first and moved into place only when the whole build has
rendered, so a failed build leaves the previous site as it was. Unchanged files
are not rewritten. A manifest records what newsgen wrote; only those files are
ever removed, so a user's own CNAME or .nojekyll stays.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from newsgen.errors import OutputError

MANIFEST = ".newsgen-manifest.json"
STAGING = ".newsgen-staging"


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


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class OutputWriter:
    def __init__(self, output: Path) -> None:
        self.output = output
        self.staging = output / STAGING
        self.previous: dict[str, str] = self._read_manifest()
        self.current: dict[str, str] = {}
        self.staged: list[str] = []  # staging/<n> holds staged[n]
        self.unchanged = 0
        self._made: set[Path] = set()

    def _read_manifest(self) -> dict[str, str]:
        try:
            data = json.loads((self.output / MANIFEST).read_text(encoding="utf-8"))
            files = data.get("files", {})
            return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
        except (OSError, ValueError):
            return {}

    def add(self, relpath: str, data: bytes) -> bool:
        """Stage one output file; return whether it differs from what is on disk."""
        if relpath in self.current:
            raise ValueError(f"two outputs at the same path: {relpath}")
        digest = _digest(data)
        self.current[relpath] = digest
        target = self.output / relpath
        if self.previous.get(relpath) == digest and target.is_file() and target.stat().st_size == len(data):
            self.unchanged += 1
            return False
        if not self.staged:
            self.staging.mkdir(parents=True, exist_ok=True)
        (self.staging / str(len(self.staged))).write_bytes(data)
        self.staged.append(relpath)
        return True

    def _makedirs(self, folder: Path) -> None:
        if folder not in self._made:
            folder.mkdir(parents=True, exist_ok=True)
            self._made.add(folder)

    def add_file(self, relpath: str, source: Path) -> bool:
        return self.add(relpath, source.read_bytes())

    def commit(self) -> list[str]:
        """Move staged files into place, remove stale outputs newsgen wrote before; return the removed."""
        self.output.mkdir(parents=True, exist_ok=True)
        for n, relpath in enumerate(self.staged):
            target = self.output / relpath
            self._makedirs(target.parent)
            os.replace(self.staging / str(n), target)
        removed = []
        for relpath in sorted(set(self.previous) - set(self.current)):
            target = self.output / relpath
            if target.is_file() or target.is_symlink():
                target.unlink()
                removed.append(relpath)
                self._prune(target.parent)
        tmp = self.output / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps({"files": dict(sorted(self.current.items()))}, indent=0), encoding="utf-8")
        os.replace(tmp, self.output / MANIFEST)
        shutil.rmtree(self.staging, ignore_errors=True)
        return removed

    def _prune(self, folder: Path) -> None:
        """Remove folders left empty by removed outputs, up to the output root."""
        root = self.output.resolve()
        folder = folder.resolve()
        while folder != root and _inside(folder, root):
            try:
                folder.rmdir()
            except OSError:
                return
            folder = folder.parent

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        if self.output.is_dir() and not any(self.output.iterdir()) and not self.previous:
            self.output.rmdir()
