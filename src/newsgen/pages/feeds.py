"""Feeds of the site's, each rubric's, tag's and author's latest stories, in the three formats
readers and aggregators take: Atom (`feed.xml`), RSS 2.0 (`rss.xml`) and JSON Feed 1.1
(`feed.json`). `feed_content: full` puts the whole story in each entry, else its sapo."""

from __future__ import annotations

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.pages.corrections import corrected_entries
from newsgen.site.model import Page, Site

# kind, template, URL of a list's feed in that format
FORMATS = (
    ("feed", "feed.xml", urls.feed),
    ("rss", "rss.xml", urls.rss),
    ("json-feed", "feed.json", urls.json_feed),
)
KINDS = tuple(kind for kind, _, _ in FORMATS)


def pages(site: Site, t: Messages) -> list[Page]:
    title, size = site.config.title, site.config.feed_size
    lists = [(urls.home(), title, site.entries)]
    lists += [(g.url, f"{g.name} - {title}", g.entries) for g in (*site.sections, *site.tags, *site.authors)]
    lists.append((urls.corrections(), f"{t('Corrections')} - {title}", corrected_entries(site)))
    return [
        Page(url=url_of(first), kind=kind, template=template, title=name, entries=entries[:size], first_url=first)
        for first, name, entries in lists
        for kind, template, url_of in FORMATS
    ]
