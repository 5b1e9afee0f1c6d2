"""Atom feeds: the site's, each rubric's and each tag's latest stories."""

from __future__ import annotations

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.site.model import Page, Site


def pages(site: Site, t: Messages) -> list[Page]:
    title, size = site.config.title, site.config.feed_size
    out = [
        Page(url=urls.feed(urls.home()), kind="feed", template="feed.xml", title=title,
             entries=site.entries[:size], first_url=urls.home())
    ]  # fmt: skip
    for group in (*site.sections, *site.tags):
        out.append(
            Page(url=urls.feed(group.url), kind="feed", template="feed.xml", title=f"{group.name} - {title}",
                 entries=group.entries[:size], first_url=group.url)
        )  # fmt: skip
    return out
