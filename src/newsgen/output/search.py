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
import contextlib
import functools
import gzip
import hashlib
import json
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from queue import Queue
from typing import TYPE_CHECKING, Any

from newsgen import urls
from newsgen.errors import NewsgenError
from newsgen.vietnamese import fold

if TYPE_CHECKING:
    from newsgen.model import Article

INDEX_DIR = urls.SEARCH_INDEX
SHARDS_FILE = "shards.json"
FORMAT = 3  # of the records and shards.json: a change re-indexes every month
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


_WITH_D = re.compile(r"\S*[đĐ]\S*")  # the words (as str.split() cuts them) that hold "đ"
_folded_word = functools.lru_cache(maxsize=65536)(fold)  # the same words come back in every record


def make_record(url: str, article: Article, text: str, rubric: str, tags: Iterable[str], date: str) -> Record:
    """The record of an article (a summary will do) whose plain text (Article.text) is `text`."""
    seen = "\n".join(p for p in (rubric, text, article.byline or "", " ".join(tags)) if p)
    with_d = dict.fromkeys(w.lower() for w in _WITH_D.findall(seen))
    folded = " ".join(dict.fromkeys(_folded_word(w) for w in with_d))
    return Record(url, article.headline, date, rubric, f"{seen}\n{FOLDED_MARK} {folded}")


def shard_name(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


# Records in one Pagefind index at most, about: Pagefind holds ~200 KB a record while it indexes,
# so a larger month is split into parts, and an indexer's memory stays the same whatever the
# size of the site or of a month.
SHARD_MAX = 1000


def month_parts(name: str, members: dict[str, str]) -> dict[str, dict[str, str]]:
    """A month's records (URL -> digest) as the indexes that hold them: the month itself, or,
    above SHARD_MAX records, `k` parts ("2024-05p1of3", ...), each URL in the part its digest
    puts it in, so that an edit or a new article changes one part and leaves the others as
    they are (until the month's size changes `k`, which makes the month anew)."""
    k = -(-len(members) // SHARD_MAX)
    if k <= 1:
        return {name: members}
    parts: list[dict[str, str]] = [{} for _ in range(k)]
    for url, d in members.items():
        h = int.from_bytes(hashlib.blake2b(url.encode("utf-8"), digest_size=8).digest(), "big")
        parts[h % k][url] = d
    return {f"{name}p{i + 1}of{k}": part for i, part in enumerate(parts) if part}


OVERLAY = "recent"  # the small index of records changed since their month was indexed
# A month is indexed anew when more than this many of its records changed (or a fraction of
# it, whichever is more); the recent index holds at most OVERLAY_MAX records, the months with
# the most changes being indexed anew until it fits.
MONTH_CHANGES_MIN = 16
MONTH_CHANGES_SHARE = 8  # one record in eight
OVERLAY_MAX = 128


def record_digest(material: tuple[str, ...]) -> str:
    """A digest of what one record is made from (URL, article digest, rubric, date, tags)."""
    return hashlib.blake2b("\x1f".join(material).encode("utf-8"), digest_size=12).hexdigest()


@dataclass(frozen=True)
class Shard:
    """One Pagefind index: a month of articles, or the recent changes. `members` maps each URL
    to its record's digest; `records` makes the records (which reads the articles' bodies, so
    only for an index made anew)."""

    name: str
    members: dict[str, str]
    records: Callable[[], list[Record]]
    language: str

    @functools.cached_property
    def digest(self) -> str:
        h = hashlib.blake2b(digest_size=16)
        h.update(f"{FORMAT}\x1e{self.language}\x1e{pagefind_version()}\x1e{self.name}".encode())
        for url in sorted(self.members):
            h.update(f"{url}\x1f{self.members[url]}\x1e".encode())
        return h.hexdigest()

    @property
    def folder(self) -> str:
        """Its folder under pagefind/: named by its content, so a changed index never takes the
        place of a live one."""
        return f"{self.name}-{self.digest[:16]}"


@dataclass(frozen=True)
class Built:
    """An index the live site holds: its folder and, for each URL, the record's digest and
    the id Pagefind gave the page (its fragment's name)."""

    folder: str
    members: dict[str, tuple[str, str]]


@dataclass
class Plan:
    """What a build does with the index: the months taken over as they are, the months and the
    recent index made anew, and the page ids of the months' records that are out of date."""

    keep: dict[str, Built]  # month -> the live index taken over
    make: list[Shard]  # indexed anew (months, then the recent index if it changed)
    recent: Shard | None  # the recent index (made anew or taken over), if any record needs one
    stale: dict[str, set[str]]  # month -> the URLs its live index holds out of date


def plan_index(
    months: dict[str, Shard],
    live: dict[str, Built],
    recent_of: Callable[[dict[str, str]], Shard],
) -> Plan:
    """Decide, month by month, whether its live index can be taken over (the records changed
    since go to the recent index, and the live index's out-of-date pages are hidden) or must be
    made anew. `live` holds the indexes of the last build whose files are intact, by folder."""
    by_name = {b.folder.rsplit("-", 1)[0]: b for b in live.values()}
    keep: dict[str, Built] = {}
    changes: dict[str, dict[str, str]] = {}
    stale: dict[str, set[str]] = {}
    make: list[str] = []
    for name, shard in months.items():
        built = by_name.get(name)
        if built is None:
            make.append(name)
            continue
        if built.folder == shard.folder:
            keep[name] = built
            continue
        changed = {u: d for u, d in shard.members.items() if built.members.get(u, ("",))[0] != d}
        gone = {u for u in built.members if u not in shard.members}
        if len(changed) + len(gone) > max(MONTH_CHANGES_MIN, len(shard.members) // MONTH_CHANGES_SHARE):
            make.append(name)
            continue
        keep[name], changes[name] = built, changed
        stale[name] = gone | (set(changed) & set(built.members))
    while sum(len(c) for c in changes.values()) > OVERLAY_MAX:
        name = max(changes, key=lambda n: (len(changes[n]), n))
        del changes[name], keep[name], stale[name]
        make.append(name)
    overlay = {u: d for c in changes.values() for u, d in c.items()}
    recent = recent_of(overlay) if overlay else None
    shards = [months[n] for n in sorted(make)]
    if recent is not None and recent.folder not in live:
        shards.append(recent)
    return Plan(keep, shards, recent, {n: s for n, s in stale.items() if s})


@dataclass(frozen=True)
class SearchIndex:
    pages: int
    bytes: int
    files: list[str]  # under the output folder
    shards: int = 0  # months in the index
    indexed: int = 0  # Pagefind indexes (months, and the recent index) made by this build
    recent: int = 0  # records in the recent index


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


BATCH = 256  # records sent to Pagefind at once


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
        return self.send_all([payload])[0]

    def send_all(self, payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send these requests at once, then read their answers (in the requests' order).
        Pagefind reads its input in a thread of its own and queues what it reads, so a batch is
        never held up by answers waiting to be read; a batch instead of one request at a time
        keeps Pagefind busy rather than waiting for this process between records (which, with
        several lanes' threads taking turns, made indexing a third slower)."""
        assert self._proc.stdin is not None and self._proc.stdout is not None
        first = self._id + 1
        out = bytearray()
        for payload in payloads:
            self._id += 1
            message = json.dumps({"message_id": self._id, "payload": payload}, ensure_ascii=False)
            out += base64.b64encode(message.encode("utf-8")) + b","
        replies: dict[int, Any] = {}
        try:
            self._proc.stdin.write(out)
            self._proc.stdin.flush()
            pending = b""
            while len(replies) < len(payloads):
                chunk = self._proc.stdout.read1(1 << 16)
                if not chunk:
                    raise OSError("it stopped")
                *answers, pending = (pending + chunk).split(b",")
                for answer in answers:
                    try:
                        reply = json.loads(base64.b64decode(answer))
                        replies[reply["message_id"]] = reply["payload"]
                    except (ValueError, KeyError, TypeError):
                        raise OSError("it answered what is not one of its messages") from None
        except OSError as exc:
            with contextlib.suppress(OSError):
                self._proc.kill()  # it stopped already, or answers nonsense
            self._proc.wait()
            why = self._said() or str(exc)
            raise NewsgenError(
                None, f"the search indexer (pagefind) failed: {why}; the previous index is kept"
            ) from None
        ordered = [replies.get(i, {"type": "Error", "message": "no answer"}) for i in range(first, self._id + 1)]
        for reply in ordered:
            if reply.get("type") == "Error":
                raise NewsgenError(None, f"the search indexer (pagefind) failed: {reply.get('message')}")
        return ordered

    def index(self, records: list[Record], language: str, target: Path) -> None:
        """One Pagefind index of these records, written to `target`."""
        index_id = self.send({"type": "NewIndex", "config": {"force_language": language}})["index_id"]
        requests = [r.request(index_id, language) for r in sorted(records, key=lambda r: r.url)]
        for start in range(0, len(requests), BATCH):
            self.send_all(requests[start : start + BATCH])
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


# Pagefind writes its own search interfaces beside each index; the search page uses none.
UNUSED_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)  # fmt: skip


def page_ids(folder: Path) -> dict[str, str]:
    """URL -> the id Pagefind gave each page of an index it wrote: the name of the page's
    fragment (gzip'd JSON holding the URL), which is what its search results carry as `id`."""
    ids: dict[str, str] = {}
    for path in (folder / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        data = data.removeprefix(b"pagefind_dcd")
        ids[json.loads(data)["url"]] = path.name.removesuffix(".pf_fragment")
    return ids


def build_index(output: Path, plan: Plan, months: dict[str, Shard], jobs: int = 1) -> tuple[Path, dict[str, Built]]:
    """Make the indexes the plan says in <output>/.newsgen-search-new/, each in its own
    folder, and the new shards.json beside them; return that folder and every index the new
    shards.json lists (taken over or new). The caller moves them into <output>/pagefind/ (the
    live index stays as it was until then)."""
    target = output / STAGED_DIR
    _remove(target)
    target.mkdir()
    made: dict[str, Built] = {}
    language = next(iter(months.values())).language if months else "vi"

    # The records are made here, index by index (they read the articles' bodies from the build
    # cache, which belongs to this thread), and handed to one Pagefind service per lane through
    # a short queue, so that only a few months of records are held at once.
    lanes = max(1, min(jobs, len(plan.make)))
    queue: Queue[tuple[Shard, list[Record]] | None] = Queue(maxsize=lanes)
    failures: list[BaseException] = []

    def lane() -> None:
        service: PagefindService | None = None
        try:
            while (item := queue.get()) is not None:
                if failures:
                    continue
                shard, records = item
                folder = target / shard.folder
                # A Pagefind process per index: one keeps the memory of its largest index to
                # the end (freed indexes are not given back), so that memory grows with the
                # months a lane indexes; a new process costs a few hundredths of a second.
                service = PagefindService()
                service.index(records, language, folder)
                service.close()
                service = None
                for name in UNUSED_FILES:
                    with contextlib.suppress(FileNotFoundError):
                        (folder / name).unlink()
                ids = page_ids(folder)
                if set(ids) != set(shard.members):
                    raise NewsgenError(None, f"the search indexer (pagefind) left pages out of {shard.name}")
                made[shard.folder] = Built(shard.folder, {u: (d, ids[u]) for u, d in shard.members.items()})
        except BaseException as exc:
            failures.append(exc)
            while queue.get() is not None:  # let the producer finish
                pass
        finally:
            if service is not None:
                service.close()

    try:
        threads = [threading.Thread(target=lane, daemon=True) for _ in range(lanes if plan.make else 0)]
        for t in threads:
            t.start()
        try:
            for shard in plan.make:
                if failures:
                    break
                queue.put((shard, shard.records()))
        finally:
            for _ in threads:
                queue.put(None)
            for t in threads:
                t.join()
        if failures:
            raise failures[0]
    except BaseException:
        _remove(target)
        raise
    return target, made


def listing(months: dict[str, Shard], indexes: dict[str, Built], plan: Plan) -> dict[str, Any]:
    """shards.json: the month indexes newest first (the search page loads the first and merges
    the others), the recent index, and the ids of the pages the months hold out of date (the
    search page leaves them out: the recent index holds them as they are now, or they are gone)."""
    recent = indexes[plan.recent.folder] if plan.recent is not None else None
    fresh = {pid for _, pid in recent.members.values()} if recent is not None else set()
    hidden = {plan.keep[name].members[url][1] for name, urls in plan.stale.items() for url in urls} - fresh
    folders = {name: (plan.keep[name].folder if name in plan.keep else months[name].folder) for name in months}
    return {
        "format": FORMAT,
        "shards": [
            {"name": n, "folder": folders[n], "pages": len(months[n].members)} for n in sorted(months, reverse=True)
        ],
        "recent": None if recent is None else {"folder": recent.folder, "pages": len(recent.members)},
        "hidden": sorted(hidden),
    }


def read_built(data: object) -> dict[str, Built]:
    """The indexes recorded by the last build (in the build cache), by folder; nothing when the
    record is missing or not what this version writes."""
    out: dict[str, Built] = {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("indexes"), dict):
        return out
    for folder, members in data["indexes"].items():
        if not isinstance(folder, str) or not isinstance(members, dict):
            continue
        pairs = {
            u: (v[0], v[1])
            for u, v in members.items()
            if isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) and isinstance(v[1], str)
        }
        if len(pairs) == len(members):  # a record with any entry that is not one is not used
            out[folder] = Built(folder, pairs)
    return out


def stored_built(indexes: dict[str, Built]) -> dict[str, Any]:
    return {"format": FORMAT, "indexes": {f: {u: list(v) for u, v in b.members.items()} for f, b in indexes.items()}}
