"""The front page: the lead story and the secondary ones (pinned with `featured: true`, else the
newest with a photo), then a block per rubric in the configured order; the right column holds
the latest and the most read (see pages.common.side_parts)."""

from __future__ import annotations

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.pages.common import home_crumb, side_parts
from newsgen.site.model import Entry, Page, Site


def _has_photo(e: Entry) -> bool:
    return bool(e.article.image or e.article.photos)


def top_stories(site: Site) -> list[Entry]:
    """The lead story, then the secondary ones: the featured stories first (newest first), then
    the newest with a photo, then (a site without photos) the newest."""
    wanted = 1 + site.config.home_secondary
    chosen: list[Entry] = []
    seen: set[int] = set()
    for pick in (lambda e: e.article.featured, _has_photo, lambda e: True):
        for e in site.entries:
            if len(chosen) >= wanted:
                return chosen
            if id(e) not in seen and pick(e):
                chosen.append(e)
                seen.add(id(e))
    return chosen


def pages(site: Site, t: Messages) -> list[Page]:
    config = site.config
    top = top_stories(site)
    shown = {id(e) for e in top}
    blocks = []
    for s in site.sections:
        entries = [e for e in s.entries[: config.home_per_section + len(top)] if id(e) not in shown]
        if entries and config.home_per_section:
            blocks.append((s, entries[: config.home_per_section]))
    return [
        Page(
            url=urls.home(),
            kind="home",
            template="home.html",
            title=config.title,
            description=config.description,
            entries=top,  # the lead story, then the secondary ones
            first_url=urls.home(),
            feed_url=urls.feed(urls.home()),
            breadcrumbs=[home_crumb(t)],
            extra={"blocks": blocks, **side_parts(site)},
        )
    ]
