"""pages: one producer per kind of page. A producer takes the site model and the interface
messages and returns its pages; everything a page's template shows is in the page (its
entry, entries and `extra`), which is also what its key is made of (`engine.keys`).

Producers run in order, each seeing in `site.pages` the pages made before it: the content
pages, then those of page plugins (entry point group `newsgen.pages`), then the feeds,
redirects from old addresses, sitemaps (which list every HTML page made before them but the
redirects) and the 404 page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsgen.i18n import Messages
from newsgen.pages import (
    aliases,
    archives,
    articles,
    authors,
    corrections,
    feeds,
    home,
    places,
    search,
    sections,
    side,
    sitemaps,
    standalone,
    tags,
)  # fmt: skip
from newsgen.site.model import Page, Site

Produce = Callable[[Site, Messages], list[Page]]


@dataclass(frozen=True)
class PageKind:
    """A kind of page: its name, its producer, and (for a plugin) the folder holding its
    templates, searched after the site's own templates and before the default theme's."""

    name: str
    produce: Produce
    templates: Path | None = None


CONTENT = (
    PageKind("home", home.pages),
    PageKind("articles", articles.pages),
    PageKind("sections", sections.pages),
    PageKind("tags", tags.pages),
    PageKind("tag-index", tags.index_page),
    PageKind("authors", authors.pages),
    PageKind("author-index", authors.index_page),
    PageKind("places", places.pages),
    PageKind("place-index", places.index_page),
    PageKind("corrections", corrections.pages),
    PageKind("section-index", sections.index_page),
    PageKind("archives", archives.pages),
    PageKind("search", search.pages),
    PageKind("standalone", standalone.pages),
)
SITE_FILES = (
    PageKind("aliases", aliases.pages),
    PageKind("feeds", feeds.pages),
    PageKind("side", side.pages),
    PageKind("sitemaps", sitemaps.pages),
    PageKind("not-found", sitemaps.not_found),
)


def produce_pages(site: Site, messages: Messages, plugins: Sequence[PageKind] = ()) -> list[Page]:
    """Every page of the site, in order; also left in `site.pages`."""
    site.pages = []
    for kind in (*CONTENT, *plugins, *SITE_FILES):
        site.pages.extend(kind.produce(site, messages))
    return site.pages
