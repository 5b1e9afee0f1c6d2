"""One page per article."""

from __future__ import annotations

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.pages.common import home_crumb
from newsgen.site.model import Page, Site


def pages(site: Site, t: Messages) -> list[Page]:
    home = home_crumb(t)
    return [
        Page(
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
        for e in site.entries
    ]
