"""Errors a user can cause, each naming the file (and line) at fault."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def display_path(path: Path | str) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    p = Path(path)
    try:  # absolute, not resolved: a symlink is named as the user sees it, not as its target
        return os.path.relpath(os.path.abspath(p), os.getcwd()) if _inside_cwd(p) else str(p)
    except (ValueError, OSError):
        return str(p)


def _inside_cwd(p: Path) -> bool:
    cwd = os.getcwd()
    absolute = os.path.abspath(p)
    return absolute == cwd or absolute.startswith(cwd.rstrip(os.sep) + os.sep)


class NewsgenError(Exception):
    """Base class of the errors a user can cause; printed as one line, never a traceback."""

    def __init__(self, path: Path | str | None, message: str, line: int | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.message = message
        self.line = line
        super().__init__(self.format())

    def __reduce__(self) -> tuple:
        """Picklable, so that an error raised in a worker process reaches the parent whole."""
        return (type(self), (self.path, self.message, self.line))

    def format(self, level: str = "error") -> str:
        where = ""
        if self.path is not None:
            where = display_path(self.path)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        return f"{where}{level}: {self.message}"


class ContentError(NewsgenError):
    """An article file that cannot be read as an article."""


class ConfigError(NewsgenError):
    """A site configuration that is missing, malformed or has a wrong value."""


class OutputError(NewsgenError):
    """An output folder newsgen refuses to write to."""


class TemplateError(NewsgenError):
    """A theme template that does not parse or fails while rendering."""


class SiteBusy(NewsgenError):
    """Another build of the same site holds its lock."""


class PortInUse(NewsgenError):
    """The preview server's port is taken."""


class CacheDamaged(Exception):
    """The build cache cannot be read: it is discarded and the build made again (never shown
    to the user as an error)."""


@dataclass(frozen=True)
class Diagnostic:
    """A warning (or error) about one file, reported by `check` and `build`."""

    path: Path
    line: int | None
    level: str  # "error" or "warning"
    message: str

    def format(self) -> str:
        where = display_path(self.path)
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.level}: {self.message}"


def failure_line(exc: BaseException) -> str | None:
    """The one line for a failure the user or the machine caused (a full disk, a permission, a
    name too long, a damaged cache), or None for a bug, which keeps its traceback."""
    import errno
    import sqlite3

    if isinstance(exc, NewsgenError):
        return exc.format()
    if isinstance(exc, OSError):
        where = exc.filename if exc.filename is not None else None
        reason = exc.strerror or str(exc)
        hint = {
            errno.ENOSPC: " (the disk is full: free some space and build again; the previous site is kept)",
            errno.EDQUOT: " (the disk quota is used up)",
            errno.EACCES: " (permission denied)" if not exc.strerror else "",
            errno.EROFS: " (the file system is read-only)" if not exc.strerror else "",
        }.get(exc.errno or 0, "")
        prefix = f"{display_path(where)}: " if isinstance(where, (str, Path)) else ""
        return f"{prefix}error: {reason}{hint}"
    if isinstance(exc, sqlite3.Error):
        return f"error: the build cache (.newsgen-cache) cannot be used: {exc}"
    if isinstance(exc, MemoryError):
        return "error: out of memory"
    return None


class BuildFailed(NewsgenError):
    """Content problems that stop a build; each is one `path:line: error: ...` line."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__(None, f"{len(diagnostics)} problem(s)")

    def __reduce__(self) -> tuple:
        return (type(self), (self.diagnostics,))
