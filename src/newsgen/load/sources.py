"""The files of a content folder: which are articles, and their size and age.

Kept free of heavy imports: an up-to-date check reads only this."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from newsgen.errors import Diagnostic


def _is_article(name: str, suffixes: frozenset[str]) -> bool:
    """Whether the name ends in a suffix a reader reads (os.path.splitext's suffix: none for
    a name that is all dots before it, such as ".txt")."""
    stem, dot, suffix = name.rpartition(".")
    return bool(dot) and stem.strip(".") != "" and f".{suffix}".lower() in suffixes


def _name_problem(name: str) -> str | None:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "the file name is not valid UTF-8: skipped (rename it)"
    return None


@dataclass
class _Scan:
    """One walk over a content folder: the regular files in it, and what was skipped and why."""

    site_root: str  # symlinks may point anywhere inside the site, never out of it
    files: list[tuple[os.DirEntry[str], os.stat_result]] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    seen_dirs: set[tuple[int, int]] = field(default_factory=set)

    def skip(self, path: str, message: str, level: str = "warning") -> None:
        self.problems.append(Diagnostic(Path(path), None, level, message))

    def walk(self, folder: str) -> None:
        """Files under a folder in sorted order, hidden files and folders (.git, .DS_Store) skipped."""
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in self.seen_dirs:
                self.skip(folder, "a folder reached twice (a symlink loop): skipped")
                return
            self.seen_dirs.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            # An unreadable folder is an error, never an empty one: its articles would vanish.
            self.skip(folder, f"cannot read the folder: {exc.strerror or exc}", "error")
            return
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name.endswith("~"):
                continue
            problem = _name_problem(name)
            if problem:
                self.skip(entry.path.encode("utf-8", "backslashreplace").decode("utf-8"), problem)
                continue
            try:
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if not _inside(target, self.site_root):
                        self.skip(entry.path, "a symlink out of the site: skipped")
                        continue
                st = os.stat(entry.path)  # follows a symlink inside the site
            except OSError as exc:
                self.skip(entry.path, f"cannot read: {exc.strerror or exc} (a broken symlink or a loop?): skipped")
                continue
            if stat.S_ISDIR(st.st_mode):
                self.walk(entry.path)
            elif stat.S_ISREG(st.st_mode):
                self.files.append((entry, st))
            else:
                self.skip(entry.path, "not a regular file (a FIFO, socket or device): skipped")


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _scan(content: Path, site_root: Path | None) -> _Scan:
    root = os.path.realpath(site_root if site_root is not None else content)
    scan = _Scan(root)
    if not _inside(os.path.realpath(content), root):
        scan.skip(str(content), "the content folder is outside the site", "error")
        return scan
    scan.walk(str(content))
    return scan


class SourceFile(NamedTuple):  # a tuple: made for every file of the content folder on every build
    relpath: str  # under the content folder, "/"-separated
    abspath: str
    is_article: bool
    size: int
    mtime_ns: int

    @property
    def path(self) -> Path:
        return Path(self.abspath)


def inventory(
    content: Path, site_root: Path | None = None, max_bytes: int | None = None, suffixes: tuple[str, ...] = ()
) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Every regular file of the content folder with its size and modification time, and the
    problems met: unreadable folders and articles over the size limit are errors; symlinks out of
    the site, FIFOs, devices and undecodable names are skipped with a warning. Articles are the
    files whose suffix a reader reads (`suffixes`, from `load.readers`)."""
    if not content.is_dir():
        return [], [Diagnostic(content, None, "error", "the content folder does not exist")]
    known = frozenset(suffixes)
    scan = _scan(content, site_root)
    files: list[SourceFile] = []
    cut = len(str(content).rstrip(os.sep)) + 1
    for entry, st in scan.files:
        article = _is_article(entry.name, known)
        if article and max_bytes is not None and st.st_size > max_bytes:
            scan.skip(
                entry.path,
                f"the file is too large for an article ({st.st_size:,} bytes; the limit, max_article_bytes, "
                f"is {max_bytes:,})",
                "error",
            )
            continue
        relpath = entry.path[cut:].replace(os.sep, "/")
        files.append(SourceFile(relpath, entry.path, article, st.st_size, st.st_mtime_ns))
    return files, scan.problems


STANDALONE_FOLDER = "trang"  # under the content folder: the pages that are not news
STANDALONE_SUFFIXES = (".md", ".txt")


def is_standalone(relpath: str) -> bool:
    """Whether a file of the content folder (a "/"-separated path under it) is a page that is
    not news (content/trang/*.md or *.txt), read with the rest but never as an article."""
    parts = relpath.split("/")
    return len(parts) == 2 and parts[0] == STANDALONE_FOLDER and parts[1].lower().endswith(STANDALONE_SUFFIXES)


def skipped_file(path: Path) -> Diagnostic:
    """The warning for a file in the content folder that is not an article."""
    return Diagnostic(path, None, "warning", f"not an article file ({path.suffix or 'no extension'}): skipped")
