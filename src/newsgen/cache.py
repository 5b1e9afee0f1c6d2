"""The build cache (`.newsgen-cache/cache.sqlite` at the site root).

It remembers, from one build to the next: every article's record, keyed by
its file's path, size and modification time (bodies are kept apart from the
summaries the index needs, so memory stays bounded); a key for every page,
made from everything that page shows; and the fingerprint of the last build's
inputs. All of it is scoped by newsgen's version and the configuration the
loader depends on: change either and the cache starts afresh.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newsgen.model import Block

SCHEMA = 3  # bump whenever what is stored changes shape
PICKLE = pickle.HIGHEST_PROTOCOL


class BuildCache:
    def __init__(self, folder: Path, scope: str) -> None:
        self.folder = folder
        self.path = folder / "cache.sqlite"
        self.scope = scope
        self._conn: sqlite3.Connection | None = None
        self._pid = 0

    @property
    def conn(self) -> sqlite3.Connection:
        """One connection per process (a forked render worker opens its own)."""
        if self._conn is None or self._pid != os.getpid():
            self.folder.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._conn, self._pid = conn, os.getpid()
            self._setup(conn)
        return self._conn

    def _setup(self, conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v BLOB)")
        row = conn.execute("SELECT v FROM meta WHERE k='scope'").fetchone()
        if row is None or row[0] != f"{SCHEMA}:{self.scope}":
            conn.execute("DROP TABLE IF EXISTS articles")
            conn.execute("DROP TABLE IF EXISTS pages")
            conn.execute("DELETE FROM meta")
            conn.execute("INSERT INTO meta VALUES ('scope', ?)", (f"{SCHEMA}:{self.scope}",))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS articles (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,"
            " summary BLOB, blocks BLOB)"
        )
        conn.execute("CREATE TABLE IF NOT EXISTS pages (url TEXT PRIMARY KEY, key TEXT)")

    def close(self) -> None:
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = None

    # -- meta
    def get(self, name: str) -> Any:
        row = self.conn.execute("SELECT v FROM meta WHERE k=?", (name,)).fetchone()
        return pickle.loads(row[0]) if row else None

    def set(self, name: str, value: Any) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, pickle.dumps(value, PICKLE)))

    # -- articles
    def summaries(self) -> dict[str, tuple[int, int, bytes]]:
        """path -> (size, mtime_ns, the pickled record without its body: unpickled by the caller,
        only for the files that did not change)."""
        rows = self.conn.execute("SELECT path, size, mtime_ns, summary FROM articles")
        return {path: (size, mtime, summary) for path, size, mtime, summary in rows}

    def blocks(self, path: str) -> tuple[Block, ...]:
        row = self.conn.execute("SELECT blocks FROM articles WHERE path=?", (path,)).fetchone()
        if row is None:
            raise KeyError(path)
        return pickle.loads(row[0])

    def put_articles(self, rows: Iterable[tuple[str, int, int, bytes, bytes]]) -> None:
        with self.conn:
            self.conn.execute("BEGIN")
            self.conn.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)", rows)

    def delete_articles(self, paths: Iterable[str]) -> None:
        with self.conn:
            self.conn.execute("BEGIN")
            self.conn.executemany("DELETE FROM articles WHERE path=?", [(p,) for p in paths])

    # -- pages
    def page_keys(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT url, key FROM pages"))

    def set_page_keys(self, keys: dict[str, str]) -> None:
        with self.conn:
            self.conn.execute("BEGIN")
            self.conn.execute("DELETE FROM pages")
            self.conn.executemany("INSERT INTO pages VALUES (?, ?)", keys.items())
