"""The front page: the latest stories, then a block per rubric."""

from __future__ import annotations

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.pages.common import home_crumb
from newsgen.site.model import Page, Site


def pages(site: Site, t: Messages) -> list[Page]:
    config = site.config
    return [
        Page(
            url=urls.home(),
            kind="home",
            template="home.html",
            title=config.title,
            description=config.description,
            entries=site.entries[: config.home_latest + 1],  # the lead story and the latest
            first_url=urls.home(),
            feed_url=urls.feed(urls.home()),
            breadcrumbs=[home_crumb(t)],
            extra={"blocks": [(s, s.entries[: config.home_per_section]) for s in site.sections]},
        )
    ]
