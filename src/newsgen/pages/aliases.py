"""Redirect pages: an article's old addresses (`aliases:` in its front matter, and the URLs it
had before a new headline or slug moved it) each get a small page that sends the reader and
crawlers to where it is now, as Hugo's aliases do: `<meta http-equiv="refresh">` and
`rel=canonical`, `noindex`. On S3 the deploy also sets the object's redirect header.

An old address that another page now has, or two articles claim, is left alone with a warning."""

from __future__ import annotations

from newsgen import urls
from newsgen.errors import Diagnostic
from newsgen.i18n import Messages
from newsgen.site.model import Page, Site


def pages(site: Site, t: Messages) -> list[Page]:
    taken = {p.url for p in site.pages}
    claimed: dict[str, str] = {}  # old URL -> the article it sends to
    out: list[Page] = []

    def warn(e, message: str) -> None:
        site.diagnostics.append(Diagnostic(e.article.source, None, "warning", message))

    for e in site.entries:
        asked = set(e.article.aliases)
        for old in (*e.article.aliases, *e.moved_from):
            if old == e.url or (old in claimed and claimed[old] == e.url):
                continue
            if old in taken or old.strip("/").split("/")[0] in urls.RESERVED or old in claimed:
                if old in asked:  # an address the article used to have may go to a new page quietly
                    whose = f"claimed by {claimed[old]}" if old in claimed else "another page's"
                    warn(e, f"the old address {old} (aliases) is {whose}: no redirect from it to {e.url}")
                continue
            claimed[old] = e.url
            out.append(Page(url=old, kind="alias", template="alias.html", title=e.article.headline, entry=e))
    return out
