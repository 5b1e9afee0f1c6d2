"""The build cache (`.newsgen-cache/cache.sqlite` at the site root).

It remembers, from one build to the next: every article's record, keyed by
its file's path, size and modification time (bodies are kept apart from the
summaries the index needs, so memory stays bounded); a key for every page,
made from everything that page shows; and the fingerprint of the last build's
inputs. All of it is scoped by newsgen's version and the configuration the
loader depends on: change either and the cache starts afresh.

The cache holds data, never code: records are stored as JSON and read back
only into newsgen's own record types (no pickle), so whoever can write the
cache folder can make newsgen re-parse an article, never run anything. A cache
that is damaged (not a database, a row that does not decode) raises
CacheDamaged; the build then discards it with a warning and starts afresh.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import os
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgen import compact_json
from newsgen.errors import CacheDamaged, Diagnostic, NewsgenError

if TYPE_CHECKING:
    from newsgen.model import Article, Block
CACHE_DIR = ".newsgen-cache"  # at the site root: the cache, the lock, the preview build
SCHEMA = 14  # bump whenever what is stored changes shape


# ---------------------------------------------------------------- records as JSON


@functools.cache
def _types() -> dict[str, type]:
    """The only types a stored record may turn back into; their fields are data. (The article
    records are imported on first use: a build that finds its site up to date reads none.)"""
    from newsgen import model

    return {
        cls.__name__: cls
        for cls in (
            model.Article, model.ArticleWarning, model.Correction, model.Dateline, Diagnostic, model.Figure,
            model.Heading, model.Note, model.Paragraph, model.Photo, model.Quote, model.Raw,
        )
    }  # fmt: skip


@functools.cache
def _fields(cls: type) -> frozenset[str]:
    """A record type's field names: a stored record with exactly these is made without
    calling its __init__ again (it holds what __init__ was given when it was stored). Found
    for each type as first met: a build that reads only its last build's diagnostics imports
    none of the article records."""
    return frozenset(f.name for f in dataclasses.fields(cls))


@functools.cache
def _records() -> dict[type, str]:
    return {cls: name for name, cls in _types().items()}


_TUPLES = {
    "Article": ("tags", "blocks", "dropped", "warnings", "photo_stamps", "aliases", "corrections", "live_times"),
    "Photo": ("focal",),
}


def _default(value: Any) -> Any:
    name = _records().get(type(value))
    if name is not None:  # a record: its fields (they are all data) and its type's name
        out = dict(value.__dict__)
        out["__t"] = name
        return out
    if isinstance(value, datetime):
        return {"__dt": value.isoformat()}
    if isinstance(value, date):
        return {"__d": value.isoformat()}
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


def _object(d: dict[str, Any]) -> Any:
    if "__t" in d:
        name = d.pop("__t")
        cls = (Diagnostic if name == "Diagnostic" else _types().get(name)) if isinstance(name, str) else None
        if cls is None:
            raise CacheDamaged(f"unknown record type {name!r}")
        for f in _TUPLES.get(name, ()):
            if isinstance(d.get(f), list):
                d[f] = tuple(d[f])
        if name == "Diagnostic" and isinstance(d.get("path"), str):
            d["path"] = Path(d["path"])  # an Article's source is put back by the build
        if d.keys() == _fields(cls):
            record = object.__new__(cls)
            record.__dict__.update(d)
            return record
        try:
            return cls(**d)  # fields left out take their defaults; unknown ones are refused
        except TypeError as exc:
            raise CacheDamaged(str(exc)) from None
    if len(d) == 1:
        if "__dt" in d:
            return datetime.fromisoformat(d["__dt"])
        if "__d" in d:
            return date.fromisoformat(d["__d"])
    return d


def article_record(raw: bytes | None, source: Path) -> Article | None:
    """A stored article summary decoded, `source` (its file's path) put back as its source;
    None when there is none or it is not an article."""
    from newsgen.model import Article

    record = loads(raw) if raw is not None else None
    if not isinstance(record, Article):
        return None
    object.__setattr__(record, "source", source)  # a frozen record: set once, as it is made
    return record


def stored_path(source: Path | str, content: Path | str) -> str:
    """The path an article's file is stored under: relative to the content folder, with "/"."""
    return str(source)[len(str(content)) + 1 :].replace(os.sep, "/")


def _exact(obj: Any) -> bool:
    """Whether orjson writes this record back as it is: an article's front matter may hold
    a float YAML reads as NaN or infinite (the loader's other floats are checked numbers)."""
    return type(obj).__name__ != "Article" or compact_json.finite(obj.meta)


def dumps(value: Any) -> bytes:
    return compact_json.dumps_records(value, _default, _exact)


_DECODER = json.JSONDecoder(object_hook=_object)  # made once: json.loads makes one a call


def loads(data: bytes) -> Any:
    try:
        return _DECODER.decode(data.decode("utf-8") if isinstance(data, (bytes, bytearray)) else data)
    except (ValueError, TypeError, RecursionError) as exc:
        raise CacheDamaged(f"a stored record does not decode: {exc}") from None


class BuildCache:
    def __init__(self, folder: Path, scope: str) -> None:
        self.folder = folder
        self.path = folder / "cache.sqlite"
        self.scope = scope
        self._conn: sqlite3.Connection | None = None
        self._pid = 0
        self._new = False  # a database this process made: in rollback mode until _settle()

    @property
    def conn(self) -> sqlite3.Connection:
        """One connection per process (a forked render worker opens its own). The database is
        in WAL mode, so that readers and a writer do not wait for each other; one made by this
        process is first in rollback mode, in which the first build's articles are written
        once (WAL writes each page twice: in the log, then in the database when the log is
        checkpointed, at the end of the load), and turns to WAL after (_settle)."""
        if self._conn is None or self._pid != os.getpid():
            new = self._check_files()
            try:
                conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
                conn.execute("PRAGMA journal_mode=DELETE" if new else "PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                self._setup(conn)
            except sqlite3.DatabaseError as exc:
                raise CacheDamaged(str(exc)) from None
            self._conn, self._pid, self._new = conn, os.getpid(), new
        return self._conn

    def _settle(self) -> None:
        """A database this process made goes over to WAL mode (once its first articles are in,
        and before another process opens it): kept in rollback mode if that cannot be done."""
        if self._new and self._conn is not None and self._pid == os.getpid():
            self._new = False
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("PRAGMA journal_mode=WAL")

    def _check_files(self) -> bool:
        """The cache folder and its database must be a real folder and regular files: a symlink
        there would have newsgen write outside the site, a FIFO would hang it. True when there
        is no database yet."""
        try:
            st = self.folder.lstat()
        except FileNotFoundError:
            self.folder.mkdir(parents=True, exist_ok=True)
            st = self.folder.lstat()
        if not stat.S_ISDIR(st.st_mode):
            raise CacheDamaged(f"{self.folder} is not a folder")
        new = True
        for name in (self.path.name, self.path.name + "-wal", self.path.name + "-shm"):
            try:
                st = (self.folder / name).lstat()
            except FileNotFoundError:
                continue
            if not stat.S_ISREG(st.st_mode):
                raise CacheDamaged(f"{self.folder / name} is not a regular file")
            new = False
        return new

    def discard(self) -> None:
        """Remove the damaged database (only newsgen's own files in the cache folder)."""
        self.close()
        for name in (self.path.name, self.path.name + "-wal", self.path.name + "-shm", self.path.name + "-journal"):
            target = self.folder / name
            if target.is_symlink() or target.exists():
                if target.is_dir() and not target.is_symlink():
                    raise NewsgenError(target, "the build cache is damaged and this is a folder: remove it by hand")
                target.unlink()

    def _setup(self, conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v BLOB)")
        row = conn.execute("SELECT v FROM meta WHERE k='scope'").fetchone()
        if row is None or row[0] != f"{SCHEMA}:{self.scope}":
            conn.execute("DROP TABLE IF EXISTS articles")
            conn.execute("DROP TABLE IF EXISTS article_pages")
            conn.execute("DROP TABLE IF EXISTS article_pages_new")
            conn.execute("DROP TABLE IF EXISTS pages")  # page keys now live in the output's manifest
            conn.execute("DELETE FROM meta")
            conn.execute("INSERT INTO meta VALUES ('scope', ?)", (f"{SCHEMA}:{self.scope}",))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS articles (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,"
            " summary BLOB, blocks BLOB, headline_key TEXT)"
        )
        conn.execute("CREATE INDEX IF NOT EXISTS articles_headline_key ON articles (headline_key)")
        # what the last full build placed around each article page (engine/edits.py)
        conn.execute("CREATE TABLE IF NOT EXISTS article_pages (path TEXT PRIMARY KEY, url TEXT, page TEXT)")
        conn.execute("CREATE INDEX IF NOT EXISTS article_pages_url ON article_pages (url)")
        # ... and what the build under way has placed so far (stage_article_pages)
        conn.execute("CREATE TABLE IF NOT EXISTS article_pages_new (path TEXT PRIMARY KEY, url TEXT, page TEXT)")

    def __getstate__(self) -> dict:
        """Sent to a spawned worker without its connection: the worker opens its own."""
        return {**self.__dict__, "_conn": None, "_pid": 0}

    def close(self) -> None:
        if self._conn is not None and self._pid == os.getpid():
            self._settle()
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
        self._conn = None

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        try:
            return self.conn.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as exc:
            raise CacheDamaged(str(exc)) from None

    def _write(self, sql: str, rows: Iterable[tuple]) -> None:
        try:
            with self.conn:
                self.conn.execute("BEGIN")
                self.conn.executemany(sql, rows)
        except sqlite3.DatabaseError as exc:
            raise CacheDamaged(str(exc)) from None

    # -- meta
    def get(self, name: str) -> Any:
        rows = self._query("SELECT v FROM meta WHERE k=?", (name,))
        return loads(rows[0][0]) if rows else None

    def set(self, name: str, value: Any) -> None:
        self._write("INSERT OR REPLACE INTO meta VALUES (?, ?)", [(name, dumps(value))])

    # -- articles
    def summaries(self) -> dict[str, tuple[int, int, bytes]]:
        """path -> (size, mtime_ns, the stored record without its body: decoded by the caller,
        only for the files that did not change)."""
        rows = self._query("SELECT path, size, mtime_ns, summary FROM articles")
        return {path: (size, mtime, summary) for path, size, mtime, summary in rows}

    def blocks(self, path: str) -> tuple[Block, ...]:
        return self.bodies([path])[path]

    def bodies(self, paths: list[str]) -> dict[str, tuple[Block, ...]]:
        """The stored bodies (blocks) of these articles, read a few hundred at a time."""
        found = self.stored_bodies(paths)
        for path in paths:
            if path not in found:
                raise CacheDamaged(f"no stored body for {path}")
        return found

    def stored_bodies(self, paths: list[str]) -> dict[str, tuple[Block, ...]]:
        """The bodies of those of these articles that are stored."""
        found: dict[str, object] = {}
        for start in range(0, len(paths), 500):
            part = paths[start : start + 500]
            marks = ",".join("?" * len(part))
            found.update(self._query(f"SELECT path, blocks FROM articles WHERE path IN ({marks})", tuple(part)))  # noqa: S608 (only placeholders)
        out: dict[str, tuple[Block, ...]] = {}
        for path in paths:
            raw = found.get(path)
            if raw is None:
                continue
            blocks = loads(raw)  # type: ignore[arg-type]
            if not isinstance(blocks, list):
                raise CacheDamaged(f"the stored body of {path} is not a list of blocks")
            out[path] = tuple(blocks)
        return out

    def stamps(self) -> dict[str, tuple[int, int]]:
        """path -> (size, mtime_ns) of every stored article."""
        return {path: (size, mtime) for path, size, mtime in self._query("SELECT path, size, mtime_ns FROM articles")}

    def summary(self, path: str) -> bytes | None:
        rows = self._query("SELECT summary FROM articles WHERE path=?", (path,))
        return rows[0][0] if rows else None

    def others_with_headline_key(self, keys: Iterable[str], path: str) -> int:
        """How many stored articles other than `path` have one of these headline keys."""
        keys = [k for k in keys if k]
        if not keys:
            return 0
        marks = ",".join("?" * len(keys))
        sql = f"SELECT count(*) FROM articles WHERE headline_key IN ({marks}) AND path != ?"  # noqa: S608 (placeholders)
        rows = self._query(sql, (*keys, path))
        return int(rows[0][0])

    def put_articles(self, rows: Iterable[tuple[str, int, int, bytes, bytes, str]]) -> None:
        with self.putting_articles() as put:
            put(list(rows))

    @contextlib.contextmanager
    def putting_articles(self) -> Iterator[Callable[[list[tuple[str, int, int, bytes, bytes, str]]], None]]:
        """put_articles a few rows at a time, as they come, in one transaction: stored together
        when the block ends, none of them if it fails. (The build's parent stores each chunk
        while the workers parse the next; the transaction begins at the first rows, once the
        workers have started.)"""
        sql = "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?)"
        begun = False

        def put(rows: list[tuple[str, int, int, bytes, bytes, str]]) -> None:
            nonlocal begun
            if not begun:
                self.conn.execute("BEGIN")
                begun = True
            self.conn.executemany(sql, rows)

        try:
            yield put
            if begun:
                self.conn.execute("COMMIT")
                self._settle()
        except sqlite3.DatabaseError as exc:
            self._roll_back(begun)
            raise CacheDamaged(str(exc)) from None
        except BaseException:
            self._roll_back(begun)
            raise

    def _roll_back(self, begun: bool) -> None:
        if begun:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    # -- article pages (see engine/edits.py)
    def article_page(self, *, path: str | None = None, url: str | None = None) -> tuple[str, str, str] | None:
        """(path, url, stored page) of one article page, by its article's path or its URL."""
        if path is not None:
            rows = self._query("SELECT path, url, page FROM article_pages WHERE path=?", (path,))
        else:
            rows = self._query("SELECT path, url, page FROM article_pages WHERE url=?", (url,))
        return rows[0] if rows and all(isinstance(v, str) for v in rows[0]) else None

    def all_article_pages(self) -> list[tuple[str, str, str]]:
        """(path, url, stored page) of every article page the last full build stored."""
        rows = self._query("SELECT path, url, page FROM article_pages ORDER BY path")
        if not all(isinstance(v, str) for row in rows for v in row):
            raise CacheDamaged("a stored article page is not text")
        return rows

    def article_urls(self) -> dict[str, str]:
        """{article path: URL} of every article page the last full build stored."""
        rows = self._query("SELECT path, url FROM article_pages")
        return {p: u for p, u in rows if isinstance(p, str) and isinstance(u, str)}

    def stage_article_pages(self, rows: list[tuple[str, str, str]] | None = None) -> None:
        """Gather what a full build places around each article page, (path, url, page) rows a
        few at a time as rendering makes them, beside the stored ones (adopt_article_pages
        stores them); without rows, begin anew (what an earlier build left there goes)."""
        if rows is None:
            self._write("DELETE FROM article_pages_new", [()])
        else:
            self._write("INSERT OR REPLACE INTO article_pages_new VALUES (?, ?, ?)", rows)

    def adopt_article_pages(self, token: str) -> None:
        """Store the gathered rows in place of the stored ones, in one transaction: only the
        rows that changed are written, those of articles no longer published removed, with
        `token` naming the build they belong to."""
        try:
            with self.conn:
                self.conn.execute("BEGIN")
                if self.conn.execute("SELECT 1 FROM article_pages LIMIT 1").fetchone() is None:
                    # none stored (a first build): the gathered table becomes the stored one
                    self.conn.execute("DROP TABLE article_pages")
                    self.conn.execute("ALTER TABLE article_pages_new RENAME TO article_pages")
                    self._setup(self.conn)  # the index on url, and an empty table to gather in
                    self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('article_pages', ?)", (dumps(token),))
                    return
                self.conn.execute("DELETE FROM article_pages WHERE path NOT IN (SELECT path FROM article_pages_new)")
                self.conn.execute(
                    "INSERT OR REPLACE INTO article_pages SELECT n.path, n.url, n.page FROM article_pages_new n"
                    " LEFT JOIN article_pages o ON o.path = n.path"
                    " WHERE o.path IS NULL OR o.url IS NOT n.url OR o.page IS NOT n.page"
                )
                self.conn.execute("DELETE FROM article_pages_new")
                self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('article_pages', ?)", (dumps(token),))
        except sqlite3.DatabaseError as exc:
            raise CacheDamaged(str(exc)) from None

    def delete_articles(self, paths: Iterable[str]) -> None:
        self._write("DELETE FROM articles WHERE path=?", [(p,) for p in paths])
