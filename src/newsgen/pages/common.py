"""What several page producers share: the home crumb, one-page lists and list pagination."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.site.model import Entry, Page, Section, Site, Tag


def home_crumb(t: Messages) -> tuple[str, str]:
    return (t("Home"), urls.home())


def one_page(
    t: Messages, *, url: str, kind: str, template: str, title: str, description: str, extra: dict | None = None
) -> Page:
    """A page of its own, one level under the front page (the rubric index, the search page)."""
    return Page(
        url=url,
        kind=kind,
        template=template,
        title=title,
        description=description,
        first_url=url,
        breadcrumbs=[home_crumb(t), (title, url)],
        extra=extra or {},
    )


def paginate(
    t: Messages,
    *,
    kind: str,
    template: str,
    title: str,
    first_url: str,
    entries: list[Entry],
    page_size: int,
    description: str = "",
    feed_url: str | None = None,
    breadcrumbs: list[tuple[str, str]],
    extra: dict | None = None,
) -> list[Page]:
    """A list's pages: /thoi-su/, /thoi-su/trang-2/, ... (one page when the list is empty)."""
    total = max(1, -(-len(entries) // page_size))
    pages = []
    for n in range(1, total + 1):
        url = urls.paginated(first_url, n)
        crumbs = breadcrumbs if n == 1 else [*breadcrumbs, (t("Page %(number)s", number=n), url)]
        pages.append(
            Page(
                url=url,
                kind=kind,
                template=template,
                title=title if n == 1 else t("%(title)s - Page %(number)s", title=title, number=n),
                description=description,
                entries=entries[(n - 1) * page_size : n * page_size],
                number=n,
                total=total,
                first_url=first_url,
                feed_url=feed_url,
                breadcrumbs=crumbs,
                extra=extra or {},
            )
        )
    return pages


def group_pages(
    site: Site,
    t: Messages,
    groups: Sequence[Section | Tag],
    *,
    kind: str,
    description: Callable[[str], str],
    index: tuple[str, str] | None = None,
    own_feeds: bool = True,
) -> list[Page]:
    """The paginated list of each group of stories (a rubric, tag, author or place): named by
    the group, under its index in the breadcrumbs when it has one, linking its own feeds (or the
    site's), with the group in `extra` under its kind."""
    out: list[Page] = []
    for g in groups:
        out += paginate(
            t,
            kind=kind,
            template="list.html",
            title=g.name,
            first_url=g.url,
            entries=g.entries,
            page_size=site.config.page_size,
            description=description(g.name),
            feed_url=urls.feed(g.url if own_feeds else urls.home()),
            breadcrumbs=[home_crumb(t), *([index] if index else []), (g.name, g.url)],
            extra={kind: g},
        )
    return out


def side_parts(site: Site) -> dict:
    """What the right column and the "Tin nóng" bar show, for a page that shows them itself
    (the front page, the first page of each rubric): every other page shows them from one small
    file (pages.side), so that a new story does not change it."""
    return {"side": {"latest": site.latest, "most_read": site.most_read, "breaking": site.breaking}}
