"""Static files: the theme's, overridden file by file by the site's, with CSS and
JS fingerprinted in their names so that a host can cache them forever."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from newsgen.output.images import image_size

THEME = Path(__file__).parent.parent / "theme"
FINGERPRINTED = (".css", ".js")


@dataclass(frozen=True)
class StaticFile:
    source: Path
    output: str  # path under the output folder, "/"-separated


class Assets:
    def __init__(self, static_dirs: list[Path]) -> None:
        """`static_dirs` in order of precedence: the site's first, then the theme's."""
        self.files: dict[str, StaticFile] = {}  # logical name -> file
        for folder in reversed(static_dirs):
            if not folder.is_dir():
                continue
            for dirpath, dirnames, filenames in os.walk(folder):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if name.startswith("."):
                        continue
                    source = Path(dirpath) / name
                    logical = source.relative_to(folder).as_posix()
                    self.files[logical] = StaticFile(source, self._output_name(logical, source))

    @staticmethod
    def _output_name(logical: str, source: Path) -> str:
        if not logical.endswith(FINGERPRINTED):
            return logical
        digest = hashlib.sha256(source.read_bytes()).hexdigest()[:10]
        stem, dot, ext = logical.rpartition(".")
        return f"{stem}.{digest}{dot}{ext}"

    def url(self, logical: str) -> str:
        """Site-root URL of a static file by its logical name ("style.css")."""
        f = self.files.get(logical.lstrip("/"))
        return "/" + (f.output if f else logical.lstrip("/"))

    def size_of(self, url: str) -> tuple[int, int] | None:
        f = self.files.get(url.lstrip("/"))
        return image_size(f.source) if f else None

    def fingerprint(self) -> str:
        h = hashlib.sha256()
        for logical, f in sorted(self.files.items()):
            h.update(f"{logical}={f.output}\n".encode())
        return h.hexdigest()
