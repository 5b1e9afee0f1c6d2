"""Place pages (paginated): the stories filed from each place a dateline names
(newsgen.places), and the index of places."""

from __future__ import annotations

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.pages.common import home_crumb, one_page, paginate
from newsgen.site.model import Page, Site


def pages(site: Site, t: Messages) -> list[Page]:
    out: list[Page] = []
    for place in site.places:
        out += paginate(
            t,
            kind="place",
            template="list.html",
            title=place.name,
            first_url=place.url,
            entries=place.entries,
            page_size=site.config.page_size,
            description=t("News from %(place)s - %(site)s", place=place.name, site=site.config.title),
            feed_url=urls.feed(urls.home()),
            breadcrumbs=[home_crumb(t), (t("Places"), urls.place_index()), (place.name, place.url)],
            extra={"place": place},
        )
    return out


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
