"""The corrections page (/dinh-chinh/): every correction made to a published story, newest
first, with its own feeds (see newsgen.pages.feeds)."""

from __future__ import annotations

from datetime import datetime

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.model import Correction
from newsgen.pages.common import one_page
from newsgen.site.model import Entry, Page, Site


def corrected(site: Site) -> list[tuple[Correction, Entry, datetime]]:
    """(correction, its story, when) for every correction, newest first; a correction that does
    not say when it was made counts from the story's last change."""
    found = [(c, e, c.date or e.article.modified) for e in site.entries for c in e.article.corrections]
    return sorted(found, key=lambda item: item[2], reverse=True)


def corrected_entries(site: Site) -> list[Entry]:
    """The corrected stories, the most recently corrected first, each once."""
    seen: set[int] = set()
    out = []
    for _c, e, _when in corrected(site):
        if id(e) not in seen:
            seen.add(id(e))
            out.append(e)
    return out


def pages(site: Site, t: Messages) -> list[Page]:
    page = one_page(
        t,
        url=urls.corrections(),
        kind="corrections",
        template="corrections.html",
        title=t("Corrections"),
        description=t("Corrections to our stories, newest first - %(site)s", site=site.config.title),
        extra={"corrections": corrected(site)},
    )
    page.entries = corrected_entries(site)
    page.feed_url = urls.feed(urls.corrections())
    return [page]
