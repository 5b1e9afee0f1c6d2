"""Tag (topic) pages (paginated) and the index of tags."""

from __future__ import annotations

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.pages.common import home_crumb, one_page, paginate
from newsgen.site.model import Page, Site


def pages(site: Site, t: Messages) -> list[Page]:
    out: list[Page] = []
    for tag in site.tags:
        out += paginate(
            t,
            kind="tag",
            template="list.html",
            title=tag.name,
            first_url=tag.url,
            entries=tag.entries,
            page_size=site.config.page_size,
            description=t("Articles about %(topic)s - %(site)s", topic=tag.name, site=site.config.title),
            feed_url=urls.feed(tag.url),
            breadcrumbs=[home_crumb(t), (t("Topics"), urls.tag_index()), (tag.name, tag.url)],
            extra={"tag": tag},
        )
    return out


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
