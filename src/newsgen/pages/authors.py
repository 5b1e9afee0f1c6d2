"""Author pages (paginated, with their feeds) and the index of authors: every person a byline
names (newsgen.bylines); unsigned pieces and collective credits have none."""

from __future__ import annotations

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.pages.common import group_pages, one_page
from newsgen.site.model import Page, Site


def pages(site: Site, t: Messages) -> list[Page]:
    return group_pages(site, t, site.authors, kind="author", index=(t("Authors"), urls.author_index()),
                       description=lambda name: t("Articles by %(author)s - %(site)s", author=name,
                                                  site=site.config.title))  # fmt: skip


def index_page(site: Site, t: Messages) -> list[Page]:
    return [
        one_page(
            t,
            url=urls.author_index(),
            kind="authors",
            template="authors.html",
            title=t("Authors"),
            description=t("All authors - %(site)s", site=site.config.title),
            extra={"authors": list(site.authors)},
        )
    ]
