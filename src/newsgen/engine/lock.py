"""One build per site at a time: an advisory lock on `.newsgen-cache/build.lock`.

The lock is the kernel's (flock): it goes with the process that holds it, so a
build that is killed never leaves a stale lock behind. A second build stops at
once with a message naming the process that holds the lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from newsgen.errors import NewsgenError, SiteBusy

LOCK_FILE = "build.lock"


def _open_lock(folder: Path) -> int:
    try:
        st = folder.lstat()
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)
        st = folder.lstat()
    if not stat.S_ISDIR(st.st_mode):
        raise NewsgenError(folder, "the cache folder is not a folder (a symlink or a file): remove it")
    try:
        return os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    except OSError as exc:
        raise NewsgenError(folder / LOCK_FILE, f"cannot open the build lock: {exc.strerror or exc}") from None


@contextlib.contextmanager
def site_lock(folder: Path) -> Iterator[None]:
    """Hold the site's build lock for the length of the block."""
    fd = _open_lock(folder)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NewsgenError(folder / LOCK_FILE, "the build lock is not a regular file: remove it")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            who = f"process {holder}" if holder.isdigit() else "another process"
            raise SiteBusy(
                folder.parent, f"another newsgen build of this site is running ({who}); wait for it to finish"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
