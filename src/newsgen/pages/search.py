"""The search page (the index itself is Pagefind's, made after the pages are written)."""

from __future__ import annotations

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.pages.common import one_page
from newsgen.site.model import Page, Site


def pages(site: Site, t: Messages) -> list[Page]:
    if not site.config.search:
        return []
    return [
        one_page(
            t,
            url=urls.search(),
            kind="search",
            template="search.html",
            title=t("Search"),
            description=t("Search articles - %(site)s", site=site.config.title),
        )
    ]
