"""The files of a content folder: which are articles, and their size and age.

Kept free of heavy imports: an up-to-date check reads only this."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsgen.errors import Diagnostic

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")


def is_article_file(path: Path | str) -> bool:
    return os.path.splitext(str(path))[1].lower() in ARTICLE_SUFFIXES


def _walk(folder: str) -> Iterator[os.DirEntry[str]]:
    """Files under a folder in sorted order, hidden files and folders (.git, .DS_Store) skipped."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name.startswith(".") or name.endswith("~"):
            continue
        if entry.is_dir(follow_symlinks=True):
            yield from _walk(entry.path)
        else:
            yield entry


def find_articles(content: Path) -> Iterator[tuple[Path, bool]]:
    """Every file under `content`, sorted, with whether it is an article file."""
    for entry in _walk(str(content)):
        yield Path(entry.path), is_article_file(entry.name)


@dataclass(frozen=True)
class SourceFile:
    relpath: str  # under the content folder, "/"-separated
    abspath: str
    is_article: bool
    size: int
    mtime_ns: int

    @property
    def path(self) -> Path:
        return Path(self.abspath)


def inventory(content: Path) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Every file of the content folder with its size and modification time."""
    if not content.is_dir():
        return [], [Diagnostic(content, None, "error", "the content folder does not exist")]
    files: list[SourceFile] = []
    problems: list[Diagnostic] = []
    root = str(content)
    cut = len(root.rstrip(os.sep)) + 1
    for entry in _walk(root):
        try:
            st = entry.stat()
        except OSError as exc:
            problems.append(Diagnostic(Path(entry.path), None, "error", f"cannot read the file: {exc.strerror or exc}"))
            continue
        relpath = entry.path[cut:].replace(os.sep, "/")
        files.append(SourceFile(relpath, entry.path, is_article_file(entry.name), st.st_size, st.st_mtime_ns))
    return files, problems


def skipped_file(path: Path) -> Diagnostic:
    """The warning for a file in the content folder that is not an article."""
    return Diagnostic(path, None, "warning", f"not an article file ({path.suffix or 'no extension'}): skipped")
