"""Rubric pages (paginated) and the index of rubrics."""

from __future__ import annotations

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.pages.common import home_crumb, one_page, paginate
from newsgen.site.model import Page, Site


def pages(site: Site, t: Messages) -> list[Page]:
    out: list[Page] = []
    for s in site.sections:
        out += paginate(
            t,
            kind="section",
            template="list.html",
            title=s.name,
            first_url=s.url,
            entries=s.entries,
            page_size=site.config.page_size,
            description=t("Articles in %(rubric)s - %(site)s", rubric=s.name, site=site.config.title),
            feed_url=urls.feed(s.url),
            breadcrumbs=[home_crumb(t), (s.name, s.url)],
            extra={"section": s},
        )
    return out


def index_page(site: Site, t: Messages) -> list[Page]:
    return [
        one_page(
            t,
            url=urls.section_index(),
            kind="sections",
            template="sections.html",
            title=t("Rubrics"),
            description=t("All rubrics - %(site)s", site=site.config.title),
            extra={"sections": list(site.sections)},
        )
    ]
