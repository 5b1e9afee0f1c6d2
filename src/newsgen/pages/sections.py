"""Rubric pages (paginated) and the index of rubrics."""

from __future__ import annotations

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.pages.common import group_pages, one_page, side_parts
from newsgen.site.model import Page, Site


def pages(site: Site, t: Messages) -> list[Page]:
    out = group_pages(site, t, site.sections, kind="section",
                      description=lambda name: t("Articles in %(rubric)s - %(site)s", rubric=name,
                                                 site=site.config.title))  # fmt: skip
    side = side_parts(site)
    for p in out:  # a rubric's first page shows the right column itself
        if p.number == 1:
            p.extra = {**p.extra, **side}
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
