"""The site model: rubrics, tags, entries (articles placed in the site) and pages. Data only;
`site.index` makes it from the articles, `pages` makes its pages."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from newsgen import urls
from newsgen.config import SiteConfig
from newsgen.errors import Diagnostic
from newsgen.model import Article

if TYPE_CHECKING:
    from newsgen.load.standalone import Standalone

BREAKING_SHOWN = 3  # stories at most in the "Tin nóng" bar


@dataclass(eq=False)
class Section:
    name: str
    slug: str
    url: str
    entries: list[Entry] = field(default_factory=list)


@dataclass(eq=False)
class Tag:
    name: str
    slug: str
    url: str
    entries: list[Entry] = field(default_factory=list)


@dataclass(eq=False)
class Author(Tag):
    """A person a byline names (newsgen.bylines): a list of their articles, like a tag's."""


@dataclass(eq=False)
class Place(Tag):
    """The place a dateline names (newsgen.places): a list of the stories filed from it."""


@dataclass(eq=False)
class Entry:
    """An article as placed in the site: its URL, rubric, tags and neighbours."""

    article: Article
    url: str
    section: Section
    tags: list[Tag] = field(default_factory=list)
    prev: Entry | None = None  # older, same rubric
    next: Entry | None = None  # newer, same rubric
    related: list[Entry] = field(default_factory=list)
    moved_from: list[str] = field(default_factory=list)  # URLs it had in earlier builds (kept as redirects)
    authors: list[Author] = field(default_factory=list)  # the people its byline names
    places: list[Place] = field(default_factory=list)  # where its dateline says it was filed (one or none)


@dataclass(eq=False)
class Page:
    """One output file: its URL, its template and what the template shows."""

    url: str
    kind: str
    template: str
    title: str
    description: str = ""
    entry: Entry | None = None
    entries: list[Entry] = field(default_factory=list)
    number: int = 1
    total: int = 1
    first_url: str = ""
    feed_url: str | None = None
    breadcrumbs: list[tuple[str, str]] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def page_url(self, n: int) -> str:
        return urls.paginated(self.first_url, n)

    @property
    def prev_url(self) -> str | None:
        return self.page_url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.page_url(self.number + 1) if self.number < self.total else None


@dataclass(eq=False)
class Site:
    config: SiteConfig
    now: datetime
    entries: list[Entry]
    sections: list[Section]
    tags: list[Tag]
    pages: list[Page]
    diagnostics: list[Diagnostic]
    excluded: int = 0  # drafts and future articles left out
    authors: list[Author] = field(default_factory=list)  # in Vietnamese order
    places: list[Place] = field(default_factory=list)  # in Vietnamese order
    standalone: list[Standalone] = field(default_factory=list)  # pages that are not news, footer order
    most_read: list[tuple[Entry, int]] = field(default_factory=list)  # (story, views), most viewed first

    @functools.cached_property
    def breaking(self) -> list[Entry]:
        """The stories in the "Tin nóng" bar now, newest first."""
        return [e for e in self.entries if e.article.breaking_at(self.now)][:BREAKING_SHOWN]

    @property
    def latest(self) -> list[Entry]:
        """ "Tin mới nhất" in the right column."""
        return self.entries[: self.config.home_latest]
