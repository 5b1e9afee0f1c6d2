"""One page per article."""

from __future__ import annotations

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.pages.common import home_crumb
from newsgen.site.model import Entry, Page, Site


def page(e: Entry, home: tuple[str, str]) -> Page:
    """The page of one article; `home` is the first breadcrumb (pages.common.home_crumb)."""
    return Page(
        url=e.url,
        kind="article",
        template="article.html",
        title=e.article.headline,
        description=e.article.lede or "",
        entry=e,
        first_url=e.url,
        feed_url=urls.feed(e.section.url),
        breadcrumbs=[home, (e.section.name, e.section.url), (e.article.headline, e.url)],
    )


def pages(site: Site, t: Messages) -> list[Page]:
    home = home_crumb(t)
    return [page(e, home) for e in site.entries]
