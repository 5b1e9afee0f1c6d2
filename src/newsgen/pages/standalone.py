"""Pages that are not news (content/trang/): Giới thiệu, Liên hệ, the press licence."""

from __future__ import annotations

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.pages.common import home_crumb
from newsgen.site.model import Page, Site


def pages(site: Site, t: Messages) -> list[Page]:
    return [
        Page(
            url=urls.standalone(s.slug),
            kind="standalone",
            template="standalone.html",
            title=s.title,
            description=s.description,
            first_url=urls.standalone(s.slug),
            breadcrumbs=[home_crumb(t), (s.title, urls.standalone(s.slug))],
            extra={"blocks": list(s.blocks)},
        )
        for s in site.standalone
    ]
