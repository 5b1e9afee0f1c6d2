"""The small file (urls.side()) from which pages that do not show them themselves show the
"Tin nóng" bar and the right column (latest, most read), by script; without it they read fine."""

from __future__ import annotations

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.pages.common import side_parts
from newsgen.site.model import Page, Site


def pages(site: Site, t: Messages) -> list[Page]:
    return [Page(url=urls.side(), kind="side", template="side.json", title="side", extra=side_parts(site))]
