"""Author pages (paginated, with their feeds) and the index of authors: every person a byline
names (newsgen.bylines); unsigned pieces and collective credits have none."""

from __future__ import annotations

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.pages.common import home_crumb, one_page, paginate
from newsgen.site.model import Page, Site


def pages(site: Site, t: Messages) -> list[Page]:
    out: list[Page] = []
    for author in site.authors:
        out += paginate(
            t,
            kind="author",
            template="list.html",
            title=author.name,
            first_url=author.url,
            entries=author.entries,
            page_size=site.config.page_size,
            description=t("Articles by %(author)s - %(site)s", author=author.name, site=site.config.title),
            feed_url=urls.feed(author.url),
            breadcrumbs=[home_crumb(t), (t("Authors"), urls.author_index()), (author.name, author.url)],
            extra={"author": author},
        )
    return out


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
