"""Place pages (paginated): the stories filed from each place a dateline names
(newsgen.places), and the index of places."""

from __future__ import annotations

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.pages.common import group_pages, one_page
from newsgen.site.model import Page, Site


def pages(site: Site, t: Messages) -> list[Page]:
    return group_pages(site, t, site.places, kind="place", index=(t("Places"), urls.place_index()), own_feeds=False,
                       description=lambda name: t("News from %(place)s - %(site)s", place=name,
                                                  site=site.config.title))  # fmt: skip


def index_page(site: Site, t: Messages) -> list[Page]:
    return [
        one_page(
            t,
            url=urls.place_index(),
            kind="places",
            template="places.html",
            title=t("Places"),
            description=t("All places - %(site)s", site=site.config.title),
            extra={"places": list(site.places)},
        )
    ]
