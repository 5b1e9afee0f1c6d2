"""The sitemap of every HTML page made before it, the news sitemap of the last days' stories,
robots.txt, and the 404 page (which no sitemap lists)."""

from __future__ import annotations

from datetime import timedelta

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.pages.common import home_crumb
from newsgen.site.model import Page, Site

# What one sitemap file may hold (sitemaps.org): 50,000 URLs and 50 MB; a larger site gets a
# sitemap index over numbered files. A Google News sitemap holds at most 1,000 articles.
MAX_URLS = 50_000
MAX_BYTES = 50_000_000
NEWS_MAX = 1_000
_ENTRY_BYTES = 120  # an entry's markup around its URL, <lastmod> included


def _parts(site: Site, html_pages: list[Page]) -> list[list[Page]]:
    """The HTML pages cut into sitemap files, each within both limits."""
    parts: list[list[Page]] = [[]]
    size = 200  # the file's own opening and closing markup
    base = len(site.config.base_url)
    for page in html_pages:
        entry = _ENTRY_BYTES + base + 2 * len(page.url.encode("utf-8"))  # escaped or encoded: at most twice
        if parts[-1] and (len(parts[-1]) >= MAX_URLS or size + entry > MAX_BYTES):
            parts.append([])
            size = 200
        parts[-1].append(page)
        size += entry
    return parts


def pages(site: Site, t: Messages) -> list[Page]:
    html_pages = [p for p in site.pages if p.template.endswith(".html") and p.kind not in ("404", "alias")]
    window = timedelta(days=site.config.news_sitemap_days)
    recent = [e for e in site.entries if site.now - window <= e.article.date <= site.now][:NEWS_MAX]
    parts = _parts(site, html_pages)
    if len(parts) == 1:
        maps = [Page(url=urls.sitemap(), kind="sitemap", template="sitemap.xml", title="Sitemap",
                     extra={"pages": html_pages})]  # fmt: skip
    else:
        maps = [Page(url=urls.sitemap_part(n), kind="sitemap", template="sitemap.xml", title=f"Sitemap {n}",
                     extra={"pages": part}) for n, part in enumerate(parts, 1)]  # fmt: skip
        maps.insert(0, Page(url=urls.sitemap(), kind="sitemap-index", template="sitemap-index.xml",
                            title="Sitemap index", extra={"maps": list(maps)}))  # fmt: skip
    return [
        *maps,
        Page(url=urls.news_sitemap(), kind="news-sitemap", template="news-sitemap.xml", title="News sitemap",
             entries=recent),
        Page(url=urls.robots(), kind="robots", template="robots.txt", title="robots.txt"),
    ]  # fmt: skip


def not_found(site: Site, t: Messages) -> list[Page]:
    return [
        Page(url=urls.not_found(), kind="404", template="404.html", title=t("Page not found"),
             description=t("The page you are looking for does not exist or has moved."), entries=site.entries[:5],
             breadcrumbs=[home_crumb(t)])
    ]  # fmt: skip
