"""Tag (topic) pages (paginated) and the index of tags."""

from __future__ import annotations

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.pages.common import group_pages, one_page
from newsgen.site.model import Page, Site


def pages(site: Site, t: Messages) -> list[Page]:
    return group_pages(site, t, site.tags, kind="tag", index=(t("Topics"), urls.tag_index()),
                       description=lambda name: t("Articles about %(topic)s - %(site)s", topic=name,
                                                  site=site.config.title))  # fmt: skip


def index_page(site: Site, t: Messages) -> list[Page]:
    return [
        one_page(
            t,
            url=urls.tag_index(),
            kind="tags",
            template="tags.html",
            title=t("Topics"),
            description=t("All topics - %(site)s", site=site.config.title),
            extra={"tags": list(site.tags)},
        )
    ]
