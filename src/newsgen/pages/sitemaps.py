"""The sitemap of every HTML page made before it, the news sitemap of the last days' stories,
robots.txt, and the 404 page (which no sitemap lists)."""

from __future__ import annotations

from datetime import timedelta

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.pages.common import home_crumb
from newsgen.site.model import Page, Site


def pages(site: Site, t: Messages) -> list[Page]:
    html_pages = [p for p in site.pages if p.template.endswith(".html")]
    window = timedelta(days=site.config.news_sitemap_days)
    recent = [e for e in site.entries if site.now - window <= e.article.date <= site.now]
    return [
        Page(url=urls.sitemap(), kind="sitemap", template="sitemap.xml", title="Sitemap",
             extra={"pages": html_pages}),
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
