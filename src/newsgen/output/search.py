"""Search with Pagefind (the `pagefind[bin]` package, offline), one index per month.

Each published article becomes one Pagefind record, made from the site model (no HTML is
read back): its URL, title, date, rubric (a filter) and text. The records are grouped by the
month of publication; each month is its own Pagefind index under `<output>/pagefind/<YYYY-MM>/`,
and `pagefind/shards.json` lists them with a digest of their records. The search page loads
the newest month's Pagefind and merges the others into it (Pagefind's `mergeIndex`), so a
reader searches the whole site; a rebuild re-indexes only the months whose records changed
and takes the others over from the live index as they are. Indexing month by month also
keeps Pagefind's memory to one month's articles.

Vietnamese readers type without tone marks and write "đ" as "d". Pagefind (1.5) matches
words whatever their marks ("tram xa" finds "trạm xá") but keeps "đ" apart from "d", so each
record's text is followed by FOLDED_MARK and the words of the text that hold "đ", folded
("Đảng" -> "dang"), each once; the search page writes its excerpts from the text before the
mark, so a reader never sees the copy. (A copy of the whole text would double what Pagefind
indexes, for nothing.)
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from queue import Queue
from typing import Any

from newsgen import urls
from newsgen.errors import NewsgenError
from newsgen.model import Article
from newsgen.vietnamese import fold

INDEX_DIR = urls.SEARCH_INDEX
SHARDS_FILE = "shards.json"
FORMAT = 2  # of the records and shards.json: a change re-indexes every month
# Opens the folded copy, so that the search page can tell the text a reader sees (before the
# mark) from the copy (after it) and show excerpts from the former only.
FOLDED_MARK = "⁂"
STAGED_DIR = ".newsgen-search-new"  # the new index is made here, beside the live one


@dataclass(frozen=True)
class Record:
    """What the index holds of one article."""

    url: str  # site-root URL; the search page prefixes the base path
    title: str
    date: str  # as the article page prints it
    rubric: str
    content: str  # the text as printed, FOLDED_MARK, the folded copy

    def request(self, index_id: int, language: str) -> dict[str, Any]:
        return {
            "type": "AddRecord",
            "index_id": index_id,
            "url": self.url,
            "content": self.content,
            "language": language,
            "meta": {"title": self.title, "date": self.date},
            "filters": {"rubric": [self.rubric]},
        }


def make_record(url: str, article: Article, rubric: str, tags: Iterable[str], date: str) -> Record:
    seen = "\n".join(p for p in (rubric, article.text, article.byline or "", " ".join(tags)) if p)
    folded = " ".join(dict.fromkeys(fold(w).lower() for w in seen.split() if "đ" in w or "Đ" in w))
    return Record(url, article.headline, date, rubric, f"{seen}\n{FOLDED_MARK} {folded}")


def shard_name(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


@dataclass(frozen=True)
class Shard:
    """One month of the index: a digest of what its records are made from (URLs, article
    digests, rubrics, tags, dates), how many they are, and how to make them (which reads the
    articles' bodies, so only for a month that is indexed anew)."""

    digest: str
    pages: int
    records: Callable[[], list[Record]]


def shard_digest(material: list[tuple[str, ...]], language: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT}\x1e{language}\x1e{pagefind_version()}".encode())
    for fields in sorted(material):
        h.update("\x1f".join(fields).encode("utf-8"))
        h.update(b"\x1e")
    return h.hexdigest()


@dataclass(frozen=True)
class SearchIndex:
    pages: int
    bytes: int
    files: list[str]  # under the output folder
    shards: int = 0  # months in the index
    indexed: int = 0  # months (re)indexed by this build


@functools.lru_cache(maxsize=1)
def pagefind_version() -> str:
    try:
        from importlib.metadata import version

        return version("pagefind")
    except Exception:  # not installed: indexing will say so
        return "?"


def _executable() -> str:
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise NewsgenError(None, "search needs Pagefind: pip install 'pagefind[bin]'") from None
    found = get_executable()
    if found is None:
        raise NewsgenError(None, "search needs Pagefind's binary: pip install 'pagefind[bin]'")
    return str(found)


class PagefindService:
    """Pagefind's indexing service (`pagefind --service`), spoken to one request at a time:
    base64 JSON messages, each ended by a comma, on its standard input and output. (The
    `pagefind` Python package speaks the same protocol but polls for each answer every 0.1 s.)"""

    def __init__(self) -> None:
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        try:
            self._proc = subprocess.Popen(
                [_executable(), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr
            )
        except OSError as exc:
            self._stderr.close()
            raise NewsgenError(None, f"the search indexer (pagefind) could not run: {exc}") from None
        self._id = 0

    def _said(self) -> str:
        """The last line Pagefind wrote to its standard error, if any."""
        self._stderr.seek(0)
        lines = self._stderr.read()[-4096:].decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else ""

    def send(self, payload: dict[str, Any]) -> dict[str, Any]:
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._id += 1
        message = json.dumps({"message_id": self._id, "payload": payload}, ensure_ascii=False)
        try:
            self._proc.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
            self._proc.stdin.flush()
            answer = bytearray()
            while not answer.endswith(b","):
                chunk = self._proc.stdout.read1(1 << 16)
                if not chunk:
                    raise OSError("it stopped")
                answer += chunk
        except OSError as exc:
            self._proc.wait()
            why = self._said() or str(exc)
            raise NewsgenError(
                None, f"the search indexer (pagefind) failed: {why}; the previous index is kept"
            ) from None
        reply = json.loads(base64.b64decode(bytes(answer[:-1])))["payload"]
        if reply.get("type") == "Error":
            raise NewsgenError(None, f"the search indexer (pagefind) failed: {reply.get('message')}")
        return reply

    def index(self, records: list[Record], language: str, target: Path) -> None:
        """One Pagefind index of these records, written to `target`."""
        index_id = self.send({"type": "NewIndex", "config": {"force_language": language}})["index_id"]
        for r in sorted(records, key=lambda r: r.url):
            self.send(r.request(index_id, language))
        self.send({"type": "WriteFiles", "index_id": index_id, "output_path": str(target)})
        self.send({"type": "DeleteIndex", "index_id": index_id})

    def close(self) -> None:
        if self._proc.stdin:
            self._proc.stdin.close()
        try:
            self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._stderr.close()


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def previous_shards(live: Path) -> dict[str, str]:
    """Month -> digest, from the live index's shards.json (empty when absent or unreadable)."""
    try:
        data = json.loads((live / SHARDS_FILE).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return {}
        return {str(s["name"]): str(s["digest"]) for s in data["shards"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def build_index(
    output: Path,
    shards: dict[str, Shard],
    language: str,
    reusable: Callable[[str, str], list[str] | None],
    jobs: int = 1,
) -> tuple[SearchIndex, Path]:
    """Make the whole index in <output>/.newsgen-search-new/: each month Pagefind indexes anew,
    unless `reusable(month, digest)` gives the live index's files of that month (paths under
    the month's folder), which are then linked in as they are. The caller puts the folder in
    place of <output>/pagefind/ once it is whole (the live index stays until then)."""
    target = output / STAGED_DIR
    live = output / INDEX_DIR
    _remove(target)
    target.mkdir()
    todo: list[str] = []
    for name in sorted(shards):
        files = reusable(name, shards[name].digest)
        if files is None:
            todo.append(name)
            continue
        for rel in files:
            dest = target / name / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(live / name / rel, dest)
            except OSError:
                shutil.copyfile(live / name / rel, dest)

    # The records are made here, month by month (they read the articles' bodies from the build
    # cache, which belongs to this thread), and handed to one Pagefind service per lane through
    # a short queue, so that only a few months of records are held at once.
    lanes = max(1, min(jobs, len(todo)))
    queue: Queue[tuple[str, list[Record]] | None] = Queue(maxsize=lanes)
    failures: list[BaseException] = []

    def lane() -> None:
        service: PagefindService | None = None
        try:
            service = PagefindService()
            while (item := queue.get()) is not None:
                if not failures:
                    service.index(item[1], language, target / item[0])
        except BaseException as exc:
            failures.append(exc)
            while queue.get() is not None:  # let the producer finish
                pass
        finally:
            if service is not None:
                service.close()

    try:
        threads = [threading.Thread(target=lane, daemon=True) for _ in range(lanes if todo else 0)]
        for t in threads:
            t.start()
        try:
            for name in todo:
                if failures:
                    break
                queue.put((name, shards[name].records()))
        finally:
            for _ in threads:
                queue.put(None)
            for t in threads:
                t.join()
        if failures:
            raise failures[0]
        for name in todo:
            if not (target / name / "pagefind-entry.json").is_file():
                raise NewsgenError(None, f"the search indexer (pagefind) wrote no index for {name}")
    except BaseException:
        _remove(target)
        raise
    listing = {
        "format": FORMAT,
        # newest first: the search page loads the first and merges the others
        "shards": [
            {"name": n, "digest": shards[n].digest, "pages": shards[n].pages} for n in sorted(shards, reverse=True)
        ],
    }
    (target / SHARDS_FILE).write_text(json.dumps(listing, ensure_ascii=False), encoding="utf-8")
    files: list[str] = []
    size = 0
    for dirpath, _dirs, names in os.walk(target):
        for filename in names:
            path = Path(dirpath) / filename
            files.append(f"{INDEX_DIR}/{path.relative_to(target).as_posix()}")
            size += path.stat().st_size
    pages = sum(s.pages for s in shards.values())
    return SearchIndex(pages, size, sorted(files), len(shards), len(todo)), target
