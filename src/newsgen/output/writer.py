"""write: put bytes under the output folder, safely.

The output folder describes itself. Its manifest (`.newsgen-manifest.json`)
lists every file newsgen owns there with the digest, size and modification
time it had when written and the key of the page it holds; a file whose size or
time no longer matches is damaged and written again, and a lost cache never
orphans a site. Before a build writes anything it lists, in
`.newsgen-pending.json`, every path it may create: a build killed at any moment
leaves nothing newsgen does not know it owns, and the next build finishes or
removes it.

A changed file is first written beside its target under a hidden temporary
name, and all of them are renamed into place only when the whole build has
rendered: a failed build leaves the previous site as it was, and a server
reading the folder meanwhile sees each file whole, old or new. A file that did
not exist is written in place at once (a rename costs several times a write on
ext4) and removed again if the build fails; nothing links to it before the
changed pages are renamed into place.

Nothing is written or removed outside the folder: every path from a manifest or
a page is checked (relative, no `..`), and a folder on the way that is a symlink
is refused. Only files the manifest names are ever removed, so a user's own
CNAME or .nojekyll stays.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

import orjson

from newsgen import compact_json
from newsgen.errors import Diagnostic, OutputError

BOOKKEEPING_PREFIX = ".newsgen-"  # every file of newsgen's own in the output folder starts so
MANIFEST = BOOKKEEPING_PREFIX + "manifest.json"
PENDING = BOOKKEEPING_PREFIX + "pending.json"
MANIFEST_VERSION = 2
STAGING = ".newsgen-staging"  # older builds staged here; removed when found
TMP_SUFFIX = ".newsgen-tmp"
INTERNAL = (MANIFEST, PENDING, MANIFEST + ".tmp", PENDING + ".tmp")
INTERNAL_SET = frozenset(INTERNAL)


def temp_path(target: Path) -> Path:
    return Path(_temp_of(str(target)))


def _temp_of(target: str) -> str:
    """Where a file's new bytes are written before they are renamed over it (a string: this
    runs for every page a build writes)."""
    folder, sep, name = target.rpartition(os.sep)
    return f"{folder}{sep}.{name}{TMP_SUFFIX}"


def safe_relpath(relpath: object) -> bool:
    """A path newsgen may write under the output folder: relative, "/"-separated, no "." or ".."
    segments, no empty segments, no NUL or backslash, not one of newsgen's own files."""
    if not isinstance(relpath, str) or not relpath or len(relpath) > 4096:
        return False
    if relpath.startswith("/") or "\\" in relpath or "\0" in relpath or relpath in INTERNAL:
        return False
    if "//" in relpath or relpath.endswith("/"):  # an empty segment
        return False
    # no "." or ".." segment (string tests: this runs for every file of every manifest read)
    wrapped = f"/{relpath}/"
    return "/./" not in wrapped and "/../" not in wrapped


# Where a "." or ".." segment shows in the paths of all_safe_relpaths, joined and wrapped in NULs.
_DOT_SEGMENTS = tuple(f"{a}{dots}{b}" for dots in (".", "..") for a in "\0/" for b in "\0/")


def all_safe_relpaths(relpaths: list[str]) -> bool:
    """Whether every one of these strings is a safe_relpath, asked of all at once: the rules of
    safe_relpath as searches of one string (the paths joined by NULs, which no safe path holds),
    so that a manifest of tens of thousands of paths is checked in C, not path by path. False
    when any is not; which one, safe_relpath tells."""
    if not relpaths:
        return True
    if set(map(type, relpaths)) != {str} or max(map(len, relpaths)) > 4096 or not INTERNAL_SET.isdisjoint(relpaths):
        return False
    joined = "\0" + "\0".join(relpaths) + "\0"
    if joined.count("\0") != len(relpaths) + 1:  # a NUL inside a path
        return False
    # "\0\0" an empty path, "\0/" an absolute one, "/\0" a trailing slash, "//" an empty segment
    if "\\" in joined or "\0\0" in joined or "\0/" in joined or "/\0" in joined or "//" in joined:
        return False
    return not any(segment in joined for segment in _DOT_SEGMENTS)


def _inside(child: Path, parent: Path) -> bool:
    try:
        child.relative_to(parent)
        return True
    except ValueError:
        return False


def owns_folder(output: Path) -> bool:
    """Whether newsgen wrote (or began writing) this folder."""
    return (output / MANIFEST).is_file() or (output / PENDING).is_file()


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
    if out.is_dir() and not owns_folder(out):
        # newsgen's own staging folder and half-written bookkeeping files (a first build killed
        # before its pending list was in place) are no one else's: they are written anew
        others = [
            p.name
            for p in out.iterdir()
            if not (p.name == STAGING or p.name in INTERNAL and p.is_file() and not p.is_symlink())
        ]
        if others:
            raise OutputError(
                output,
                "refusing to write into a non-empty folder that newsgen did not write "
                f"(it holds {', '.join(sorted(others)[:3])}{', ...' if len(others) > 3 else ''}); "
                "choose an empty or new --output folder",
            )


def content_digest(data: bytes) -> str:
    """A file's digest: 128 bits of SHA-256 (which the CPU computes, where it can, about twice
    as fast as BLAKE2b: every page's bytes are hashed on every build that renders it)."""
    return hashlib.sha256(data).hexdigest()[:32]


class Written(NamedTuple):
    """How `stage` wrote a file ("created" in place, or "staged" beside it, renamed at commit),
    and the size and modification time the file has."""

    how: str
    size: int
    mtime_ns: int


class Owned(NamedTuple):  # a tuple: a manifest holds tens of thousands, read on every build
    """A file newsgen wrote: its digest, the size and time it had then, and its page's key."""

    digest: str
    size: int = -1
    mtime_ns: int = -1
    key: str = ""


@dataclass
class Manifest:
    files: dict[str, Owned] = field(default_factory=dict)
    build: str = ""  # the fingerprint of the build that wrote the folder, once it finished
    search_stale: bool = False  # pages changed since the search index was last made
    pending: set[str] = field(default_factory=set)  # paths a build that did not finish may have written
    problems: list[Diagnostic] = field(default_factory=list)

    @classmethod
    def read(cls, output: Path) -> Manifest:
        m = cls()
        data = _read_json(output / MANIFEST, m.problems)
        if isinstance(data, dict):
            files = data.get("files")
            if data.get("version") == MANIFEST_VERSION and isinstance(files, dict):
                m.build = data.get("build") if isinstance(data.get("build"), str) else ""
                m.search_stale = data.get("search_stale") is True
                well_formed = _all_owned(files)
                if well_formed is not None:
                    m.files = well_formed
                else:  # not all well formed: entry by entry, the others ignored
                    for relpath, entry in files.items():
                        owned = _owned(entry)
                        if not safe_relpath(relpath) or owned is None:
                            m.problems.append(_bad_entry(output / MANIFEST, relpath))
                            continue
                        m.files[relpath] = owned
            elif isinstance(files, dict):  # an older manifest: owned, but nothing is known to be current
                for relpath in files:
                    if safe_relpath(relpath):
                        m.files[relpath] = Owned("")
                    else:
                        m.problems.append(_bad_entry(output / MANIFEST, relpath))
        pending = _read_json(output / PENDING, m.problems)
        if isinstance(pending, list):
            for relpath in pending:
                if safe_relpath(relpath):
                    m.pending.add(relpath)
                else:
                    m.problems.append(_bad_entry(output / PENDING, relpath))
        return m

    @property
    def owned(self) -> set[str]:
        return set(self.files) | self.pending


def _read_json(path: Path, problems: list[Diagnostic]) -> object:
    try:
        st = path.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        problems.append(Diagnostic(path, None, "warning", "not a regular file: ignored"))
        return None
    try:  # (orjson reads the manifest three times as fast as json; what it refuses is a ValueError)
        return orjson.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        problems.append(Diagnostic(path, None, "warning", "unreadable or damaged: ignored"))
        return None


def _owned(entry: object) -> Owned | None:
    """A manifest entry, [digest, size, mtime_ns, key], as read back (exact types, as the build
    writes them: this runs for every file of every manifest read)."""
    if type(entry) is list and len(entry) == 4:
        digest, size, mtime_ns, key = entry
        if type(digest) is str and type(size) is int and type(mtime_ns) is int and type(key) is str:
            return Owned(digest, size, mtime_ns, key)
    return None


def _all_owned(files: dict[str, object]) -> dict[str, Owned] | None:
    """A manifest's files, if every path is safe and every entry well formed (the checks of
    safe_relpath and _owned, asked of all entries at once, in C); else None."""
    entries = list(files.values())
    if not entries:
        return {}
    if set(map(type, entries)) != {list} or set(map(len, entries)) != {4}:
        return None
    digests, sizes, mtimes, keys = zip(*entries, strict=True)
    types = (set(map(type, digests)), set(map(type, sizes)), set(map(type, mtimes)), set(map(type, keys)))
    if types != ({str}, {int}, {int}, {str}) or not all_safe_relpaths(list(files)):
        return None
    return dict(zip(files, map(tuple.__new__, repeat(Owned), entries), strict=True))


def _bad_entry(where: Path, relpath: object) -> Diagnostic:
    return Diagnostic(where, None, "warning", f"ignoring an entry that is not a path inside the folder: {relpath!r}")


def read_manifest(output: Path) -> dict[str, str]:
    """The files newsgen owns in a folder, with their digests."""
    return {r: o.digest for r, o in Manifest.read(output).files.items()}


def _matches(st: os.stat_result, owned: Owned) -> bool:
    return stat.S_ISREG(st.st_mode) and st.st_size == owned.size and st.st_mtime_ns == owned.mtime_ns


class OutputWriter:
    """Stages a build's files, then commits them all at once.

    Render workers (forked processes) stage files too, through `stage`; the
    parent records each with `record` and alone renames files into place.
    """

    def __init__(self, output: Path) -> None:
        self.output = output
        self._root = str(output)
        manifest = Manifest.read(output)
        self.manifest = manifest
        self.problems = manifest.problems
        self.previous: dict[str, Owned] = dict(manifest.files)
        for relpath in manifest.pending - set(manifest.files):
            self.previous[relpath] = Owned("")  # written by a build that never finished: owned, not current
        self.current: dict[str, Owned] = {}
        self.staged: list[str] = []  # changed files, written beside their targets
        self.created: list[str] = []  # new files, written in place
        self.existing: set[str] | None = None  # outputs present when the build started
        self._dirs_ok: set[str] = {""}  # folders (relative) checked or made by this process
        self._made: set[str] = set()  # ... of which made (empty then: what goes in them is new)
        self._made_output = not os.path.lexists(output)

    # -- what is on disk
    def _stat(self, relpath: str) -> os.stat_result | None:
        try:
            return os.lstat(os.path.join(self._root, relpath))
        except OSError:
            return None

    def verified(self, relpath: str) -> Owned | None:
        """The previous build's record of a file, if the file on disk is still the one it wrote."""
        owned = self.previous.get(relpath)
        if owned is None or not owned.digest:
            return None
        st = self._stat(relpath)
        return owned if st is not None and _matches(st, owned) else None

    def is_current(self, relpath: str, digest: str) -> bool:
        """Whether the file on disk already holds these bytes."""
        owned = self.previous.get(relpath)  # (the digest first: a changed page needs no stat)
        return owned is not None and owned.digest == digest and self.verified(relpath) is not None

    # -- the folders on the way
    def _folder(self, rel_dir: str, create: bool) -> bool:
        """Check (and make) a folder under the output, refusing one that is a symlink or a file.
        Returns False when it does not exist and `create` is False."""
        if rel_dir in self._dirs_ok:
            return True
        parent = rel_dir.rpartition("/")[0]
        if not self._folder(parent, create):
            return False
        path = os.path.join(self._root, rel_dir)
        st: os.stat_result | None = None
        if not (create and parent in self._made):  # (in a folder this build made, nothing to look at)
            with contextlib.suppress(FileNotFoundError):
                st = os.lstat(path)
        if st is None:
            if not create:
                return False
            try:
                os.mkdir(path)
            except FileExistsError:  # there after all (put there meanwhile): looked at below
                st = os.lstat(path)
            else:
                self._dirs_ok.add(rel_dir)
                self._made.add(rel_dir)
                return True
        if stat.S_ISLNK(st.st_mode):
            raise OutputError(self.output / rel_dir, "refusing to write through a symlink in the output folder")
        if not stat.S_ISDIR(st.st_mode):
            if rel_dir in self.previous and create:  # a file of ours where a folder is now needed
                os.unlink(path)
                os.mkdir(path)
            else:
                raise OutputError(self.output / rel_dir, "a file stands where the site needs a folder")
        self._dirs_ok.add(rel_dir)
        return True

    def _target(self, relpath: str, create: bool = True) -> Path | None:
        if not safe_relpath(relpath):
            raise OutputError(self.output, f"refusing to write outside the output folder: {relpath!r}")
        if not self._folder(relpath.rpartition("/")[0], create):
            return None
        return self.output / relpath

    # -- writing
    def begin(self, relpaths: list[str]) -> None:
        """Before writing anything: record every path this build may create, so that a build
        killed half-way leaves only files a later build knows it owns."""
        self.output.mkdir(parents=True, exist_ok=True)
        for relpath in self.manifest.pending:  # temporary files of a build that was killed
            target = self._target(relpath, create=False)
            if target is not None and os.path.lexists(temp_path(target)):
                os.unlink(temp_path(target))
        with os.scandir(self.output) as entries:  # an empty folder (a first build) holds none of them
            empty = next(entries, None) is None
        if empty:
            self._made.add("")
        # a file the last build wrote is taken to be there (staged, renamed into place: right either way)
        self.existing = (
            set()
            if empty
            else {r for r in relpaths if r in self.previous or os.path.lexists(os.path.join(self._root, r))}
        )
        pending = sorted(self.manifest.pending | {r for r in relpaths if r not in self.previous})
        _write_json(self.output / PENDING, pending)

    def stage(self, relpath: str, data: bytes) -> Written:
        """Write a file's new bytes: "created" (written in place) or "staged" (to rename), with
        the size and time the file has (a rename keeps them), for the manifest."""
        if not safe_relpath(relpath):
            raise OutputError(self.output, f"refusing to write outside the output folder: {relpath!r}")
        self._folder(relpath.rpartition("/")[0], create=True)
        target = os.path.join(self._root, relpath)
        if self.existing is not None and relpath not in self.existing:
            try:
                fd = os.open(target, _NEW_FILE, 0o644)
            except FileExistsError:
                pass
            else:
                return Written("created", *_write_all(fd, data))
        temp = _temp_of(target)
        try:
            fd = os.open(temp, _NEW_FILE, 0o644)
        except FileExistsError:  # left by a build that was killed
            os.unlink(temp)
            fd = os.open(temp, _NEW_FILE, 0o644)
        return Written("staged", *_write_all(fd, data))

    def record(self, relpath: str, digest: str, how: Written | None, key: str = "") -> None:
        """Record one output: `how` is what `stage` returned, or None when the file was current."""
        if relpath in self.current:
            raise ValueError(f"two outputs at the same path: {relpath}")
        if how is None:
            owned = self.verified(relpath)
            assert owned is not None
            self.current[relpath] = Owned(digest, owned.size, owned.mtime_ns, key)
            return
        self.current[relpath] = Owned(digest, how.size, how.mtime_ns, key)
        (self.staged if how.how == "staged" else self.created).append(relpath)

    def add(self, relpath: str, data: bytes, key: str = "") -> bool:
        """Stage one output file; return whether it differs from what is on disk."""
        digest = content_digest(data)
        if self.is_current(relpath, digest):
            self.record(relpath, digest, None, key)
            return False
        if self.existing is not None and relpath not in self.existing and os.path.lexists(self.output / relpath):
            self.existing.add(relpath)
        self.record(relpath, digest, self.stage(relpath, data), key)
        return True

    def add_file(self, relpath: str, source: Path) -> bool:
        return self.add(relpath, source.read_bytes())

    def made_from(self, relpath: str, key: str) -> bool:
        """Whether the previous build made this file from this key and it is still whole on disk
        (what `keep` asks; nothing recorded: a render worker asks, the build keeps)."""
        owned = self.previous.get(relpath)  # (the key first: a page whose key changed needs no stat)
        if owned is None or owned.key != key or relpath in self.current:
            return False
        return self.verified(relpath) is not None

    def keep(self, relpath: str, key: str | None = None) -> bool:
        """Keep a file from the previous build without producing it again, if it is still whole
        on disk (and, given a key, was made from the same one)."""
        owned = self.verified(relpath)
        if owned is None or relpath in self.current or key is not None and owned.key != key:
            return False
        self.current[relpath] = owned
        return True

    def all_whole(self, but: frozenset[str] | set[str] = frozenset()) -> bool:
        """Whether every file of the previous build but these is still whole on disk (one
        lstat each, in a plain loop: a no-op build and a text edit ask it of every output)."""
        root = self._root + os.sep
        lstat = os.lstat
        S_ISREG = stat.S_ISREG  # noqa: N806 (a local: looked up once, not per file)
        for relpath, owned in self.previous.items():
            if relpath in but:
                continue
            digest, size, mtime_ns, _key = owned
            if not digest:
                return False
            try:
                st = lstat(root + relpath)
            except OSError:
                return False
            if st.st_size != size or st.st_mtime_ns != mtime_ns or not S_ISREG(st.st_mode):
                return False
        return True

    def keep_all_but(self, relpaths: set[str]) -> bool:
        """Keep every file of the previous build but these, if all of them are still whole on
        disk; else keep none and return False."""
        if any(r in self.current for r in self.previous if r not in relpaths) or not self.all_whole(relpaths):
            return False
        self.current.update((r, o) for r, o in self.previous.items() if r not in relpaths)
        return True

    def commit(self, build: str = "", save: bool = True) -> list[str]:
        """Rename staged files into place, remove stale outputs newsgen wrote before; return the
        removed. Without `save` the manifest is left for adopt_folders to save (the list of
        pending files stays until then: whatever happens in between, the files are owned)."""
        root = self._root + os.sep
        for relpath in self.staged:
            target = root + relpath
            os.replace(_temp_of(target), target)
        removed = []
        for relpath in sorted(set(self.previous) - set(self.current)):
            if self._remove(relpath):
                removed.append(relpath)
        if save:
            self.save_manifest(build)
        staging = self.output / STAGING
        if staging.is_dir() and not staging.is_symlink():
            shutil.rmtree(staging, ignore_errors=True)
        return removed

    def _stamp(self, relpath: str) -> None:
        st = os.lstat(os.path.join(self._root, relpath))
        owned = self.current[relpath]
        self.current[relpath] = Owned(owned.digest, st.st_size, st.st_mtime_ns, owned.key)

    def _remove(self, relpath: str) -> bool:
        """Remove a file this site owned (never through a symlinked folder), and folders left empty."""
        try:
            target = self._target(relpath, create=False)
        except OutputError:
            return False
        if target is None or not os.path.lexists(target):
            return False
        if os.path.isdir(target) and not os.path.islink(target):
            return False
        os.unlink(target)
        self._prune(relpath.rpartition("/")[0])
        return True

    def save_manifest(self, build: str = "", search_stale: bool = False) -> None:
        files = {r: [o.digest, o.size, o.mtime_ns, o.key] for r, o in sorted(self.current.items())}
        data = {"version": MANIFEST_VERSION, "build": build, "search_stale": search_stale, "files": files}
        _write_json(self.output / MANIFEST, data)
        pending = self.output / PENDING
        if os.path.lexists(pending):
            os.unlink(pending)

    def adopt_folders(self, prefix: str, staged_dir: Path, keep: set[str], build: str) -> None:
        """Move the folders and files a tool wrote in `staged_dir` (the search index's new
        indexes and listing) into the live folder `prefix`, and remove the live folders that are
        neither among them nor in `keep`. Every file moved in is owned before it appears; the
        listing, moved last, is the only file replaced in place; a live folder of that name
        newsgen does not own is never touched."""
        name = prefix.rstrip("/")
        live = self.output / name
        owned_before = [r for r in self.previous if r.startswith(prefix)]
        if os.path.lexists(live) and (os.path.islink(live) or not owned_before):
            raise OutputError(live, "refusing to replace a folder newsgen did not write")
        files: dict[str, Owned] = {}
        for dirpath, _dirs, names in os.walk(staged_dir):
            for filename in names:
                path = Path(dirpath) / filename
                files[prefix + path.relative_to(staged_dir).as_posix()] = Owned(content_digest(path.read_bytes()))
        _write_json(self.output / PENDING, sorted(files))
        self._folder(name, create=True)  # the live folder: made, or checked not to be a symlink
        entries = sorted(os.listdir(staged_dir), key=lambda e: os.path.isfile(staged_dir / e))  # folders first
        for entry in entries:
            target = live / entry
            if os.path.lexists(target) and os.path.isdir(target) and not os.path.islink(target):
                self._remove_owned(f"{prefix}{entry}/")  # a damaged copy of the same index
                os.makedirs(live, exist_ok=True)
            os.replace(staged_dir / entry, target)
        shutil.rmtree(staged_dir)
        new = set(entries)
        for relpath in [r for r in self.current if r.startswith(prefix)]:
            top = relpath[len(prefix) :].split("/", 1)[0]
            if relpath in files or top in new:
                del self.current[relpath]
            elif top not in keep:
                del self.current[relpath]
                self._remove(relpath)
        for relpath, owned in files.items():
            self.current[relpath] = owned
            self._stamp(relpath)
        self.save_manifest(build, search_stale=False)

    def _remove_owned(self, prefix: str) -> None:
        """Remove the files under `prefix` this site owned, and the folders left empty; refuse a
        folder holding anything else."""
        for relpath in [r for r in self.previous if r.startswith(prefix)]:
            self._remove(relpath)
            self.current.pop(relpath, None)
        left = self.output / prefix
        if os.path.lexists(left):
            raise OutputError(left, "refusing to replace a folder newsgen did not write")

    def _prune(self, rel_dir: str) -> None:
        """Remove folders left empty, up to the output root."""
        while rel_dir:
            try:
                os.rmdir(os.path.join(self._root, rel_dir))
            except OSError:
                return
            rel_dir = rel_dir.rpartition("/")[0]

    def abort(self, maybe_written: list[str] | None = None) -> None:
        """Remove every file this build wrote (and the folders it made that are left empty).
        Best effort: the error that stopped the build is the one to report, not one met here."""
        with contextlib.suppress(OSError):
            self._abort(maybe_written)

    def _abort(self, maybe_written: list[str] | None) -> None:
        candidates = {*self.staged, *self.created, *(maybe_written or [])}
        existing = self.existing or set()
        for relpath in candidates:
            try:
                target = self._target(relpath, create=False)
            except OutputError:
                continue
            if target is None:
                continue
            temp = temp_path(target)
            if os.path.lexists(temp):
                os.unlink(temp)
            if relpath not in existing and self.existing is not None and os.path.lexists(target):
                os.unlink(target)  # created by this build
            self._prune(relpath.rpartition("/")[0])
        # The pending list stays unless nothing was left to own: it is how a later build knows.
        if not self.previous and self.output.is_dir():
            pending = self.output / PENDING
            if os.path.lexists(pending):
                os.unlink(pending)
            if self._made_output and not any(self.output.iterdir()):
                self.output.rmdir()


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW  # never through a symlink, never over a file


def _write_all(fd: int, data: bytes) -> tuple[int, int]:
    """Write the bytes and close the file; its size and modification time once written."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        st = os.fstat(fd)
        return st.st_size, st.st_mtime_ns
    finally:
        os.close(fd)


def _write_json(path: Path, data: object) -> None:
    tmp = path.with_name(path.name + ".tmp")
    if os.path.lexists(tmp):
        os.unlink(tmp)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "wb") as f:  # encoded whole: json.dump writes piece by piece, ten times slower
        f.write(compact_json.encode(data))
    os.replace(tmp, path)
