"""Text edits: the build of a site in which only the text of a few articles changed.

When the files of the last build are all still there, nothing but a few articles' files
changed, and those articles still show every list, feed and other page exactly what they
showed before (same headline, sapo, date, rubric, tags, byline, pictures; and their text reads
like no other article's, so no copy appears or disappears), the site model is the one the last
build made, and the only pages whose content changed are those articles' own pages.

Such a build needs neither the other articles nor the index: each full build stores, for every
article page, what stands around the article (its URL, rubric, tags, the older and newer story
in its rubric, the related stories: `page_record`), and the text edit rebuilds the page from
that (`restore`), renders it, and writes it with the same key a full build would give it.
Anything the stored records cannot vouch for sends the build down the full path.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from newsgen.engine.cache import article_record, stored_path
from newsgen.model import Article
from newsgen.site.model import Author, Entry, Place, Section, Tag

EDITS_MAX = 16  # more changed files than this take the full path (it is then about as fast)

# The fields of an article that only its own page shows: a change to anything else may
# change a list, a feed, the site model.
_OWN_FIELDS = {
    "digest": "",
    "headline_key": "",
    "warnings": (),
    "dropped": (),
    "end_mark": False,
    "source": "",
    "words": 0,
}


def lists_the_same(old: Article, new: Article) -> bool:
    """Whether every page but the article's own shows these two records alike. Both are summaries
    (the body reduced to the pictures that lists and cards use)."""
    return dataclasses.replace(old, **_OWN_FIELDS) == dataclasses.replace(new, **_OWN_FIELDS)  # type: ignore[arg-type]


def _named(x: Section | Tag) -> list[str]:
    return [x.name, x.slug, x.url]


class PageRecords:
    """What stands around each article on its page, as JSON: the article's rubric, tags, authors
    and places, and its neighbours (older, newer, related) by the path their records are stored
    under (a neighbour's URL, rubric and tags are those of its own page's record); and, to
    render the pages of a template edit in the order a full build does, the article's time."""

    def __init__(self, content: str) -> None:
        self.content = content  # the content folder, to which the stored paths are relative
        self._named: dict[int, str] = {}
        self._paths: dict[int, str] = {}

    def __getstate__(self) -> dict[str, Any]:
        """Sent to a spawned worker without what it has found: by object identity, which means
        nothing in another process."""
        return {"content": self.content, "_named": {}, "_paths": {}}

    def _name(self, x: Section | Tag | Author | Place) -> str:
        k = self._named.get(id(x))
        if k is None:
            k = self._named[id(x)] = json.dumps(_named(x), ensure_ascii=False)
        return k

    def _path(self, n: Entry | None) -> str:
        if n is None:
            return "null"
        k = self._paths.get(id(n))
        if k is None:
            k = self._paths[id(n)] = json.dumps(stored_path(n.article.source, self.content), ensure_ascii=False)
        return k

    def record(self, e: Entry) -> str:
        name = self._name
        return (
            f'{{"section":{name(e.section)},"tags":[{",".join(name(t) for t in e.tags)}],'
            f'"authors":[{",".join(name(a) for a in e.authors)}],"places":[{",".join(name(p) for p in e.places)}],'
            f'"prev":{self._path(e.prev)},"next":{self._path(e.next)},'
            f'"related":[{",".join(self._path(r) for r in e.related)}],"when":{e.article.date.timestamp()!r}}}'
        )


class NotRestorable(Exception):
    """A stored record that does not describe a page: take the full path."""


def _triple(value: Any) -> tuple[str, str, str]:
    if not (type(value) is list and len(value) == 3 and type(value[0]) is type(value[1]) is type(value[2]) is str):
        raise NotRestorable("a rubric or tag is not [name, slug, url]")
    return value[0], value[1], value[2]


@dataclasses.dataclass
class StoredSummaries:
    """The stored articles' summaries by stored path, each decoded when first asked for, from
    the rows BuildCache.summaries reads (a plain object, so that a spawned worker can take it)."""

    rows: dict[str, tuple[int, int, bytes]]
    content: Path  # the content folder, where each record's source is put back
    _decoded: dict[str, Article] = dataclasses.field(default_factory=dict)

    def __call__(self, path: str) -> Article:
        record = self._decoded.get(path)
        if record is None:
            row = self.rows.get(path)
            record = article_record(row[2] if row is not None else None, self.content / path)
            if record is None:
                raise NotRestorable(f"no stored record of {path}")
            self._decoded[path] = record
        return record


@dataclasses.dataclass
class Restorer:
    """Rebuilds article entries from their stored records; rubrics and tags shared by name."""

    summary_of: Callable[[str], Article]  # a stored article's summary by its stored path
    page_of: Callable[[str], tuple[str, str] | None]  # a stored article's page (URL, record) by its path
    sections: dict[str, Section] = dataclasses.field(default_factory=dict)
    tags: dict[str, Tag] = dataclasses.field(default_factory=dict)
    authors: dict[str, Author] = dataclasses.field(default_factory=dict)
    places: dict[str, Place] = dataclasses.field(default_factory=dict)
    neighbours: dict[str, Entry] = dataclasses.field(default_factory=dict)
    _records: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)

    @staticmethod
    def _shared(value: Any, known: dict, make: type) -> Any:
        """The rubric or tag [name, slug, url] stands for: one object per URL."""
        name, slug, url = _triple(value)
        x = known.get(url)
        if x is None:
            x = known[url] = make(name, slug, url)
        if (x.name, x.slug) != (name, slug):
            raise NotRestorable(f"one URL, two names: {url}")
        return x

    def section(self, value: Any) -> Section:
        return self._shared(value, self.sections, Section)

    def tag_list(self, value: Any) -> list[Tag]:
        if not isinstance(value, list):
            raise NotRestorable("tags are not a list")
        return [self._shared(item, self.tags, Tag) for item in value]

    def author_list(self, value: Any) -> list[Author]:
        if not isinstance(value, list):
            raise NotRestorable("authors are not a list")
        return [self._shared(item, self.authors, Author) for item in value]

    def place_list(self, value: Any) -> list[Place]:
        if not isinstance(value, list):
            raise NotRestorable("places are not a list")
        return [self._shared(item, self.places, Place) for item in value]

    def record(self, path: str, stored: str) -> dict[str, Any]:
        """An article page's stored record, decoded once."""
        data = self._records.get(path)
        if data is None:
            try:
                data = orjson.loads(stored)  # (plain JSON: orjson, twice as fast as json)
            except ValueError as exc:
                raise NotRestorable(f"a stored page does not decode: {exc}") from None
            if not isinstance(data, dict) or not isinstance(data.get("related"), list):
                raise NotRestorable("a stored page is not a record")
            self._records[path] = data
        return data

    def neighbour(self, path: Any) -> Entry | None:
        """A neighbour's entry (its article, URL, rubric and tags, from its own page's record);
        the same neighbour of several pages is one entry, its teaser rendered once, as in a
        full build."""
        if path is None:
            return None
        if type(path) is not str:
            raise NotRestorable("a neighbour is not the path of an article")
        entry = self.neighbours.get(path)
        if entry is None:
            page = self.page_of(path)
            if page is None:
                raise NotRestorable(f"no stored page for the neighbour {path}")
            data = self.record(path, page[1])
            entry = Entry(self.summary_of(path), page[0], self.section(data.get("section")),
                          self.tag_list(data.get("tags")))  # fmt: skip
            self.neighbours[path] = entry
        return entry

    def entry(self, path: str, url: str, stored: str, article: Article | None = None) -> Entry:
        """The entry of the article stored under `path` (or of its new record `article`), with
        `url` and its page's stored record."""
        data = self.record(path, stored)
        return Entry(
            article or self.summary_of(path), url, self.section(data.get("section")), self.tag_list(data.get("tags")),
            prev=self.neighbour(data.get("prev")), next=self.neighbour(data.get("next")),
            related=[n for n in (self.neighbour(r) for r in data["related"]) if n is not None],
            authors=self.author_list(data.get("authors")),
            places=self.place_list(data.get("places")),
        )  # fmt: skip


def ordered_sections(value: Any, restorer: Restorer) -> list[Section]:
    """The site's rubrics, in the order of the navigation, as the last build stored them."""
    if not isinstance(value, list):
        raise NotRestorable("the rubrics are not a list")
    return [restorer.section(v) for v in value]


def section_list(sections: list[Section]) -> list[list[str]]:
    return [_named(s) for s in sections]
