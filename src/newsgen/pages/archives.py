"""Date archives: a page list per year, month and day, each naming the periods inside it."""

from __future__ import annotations

from collections import defaultdict

from newsgen import urls
from newsgen.i18n import Messages
from newsgen.pages.common import home_crumb, paginate
from newsgen.site.model import Entry, Page, Site


def _day(d: int, m: int, y: int) -> str:
    return f"{d:02d}/{m:02d}/{y}"


def pages(site: Site, t: Messages) -> list[Page]:
    config, size, home = site.config, site.config.page_size, home_crumb(t)
    by_year: dict[int, list[Entry]] = defaultdict(list)
    by_month: dict[tuple[int, int], list[Entry]] = defaultdict(list)
    by_day: dict[tuple[int, int, int], list[Entry]] = defaultdict(list)
    for e in site.entries:
        d = e.article.date
        by_year[d.year].append(e)
        by_month[(d.year, d.month)].append(e)
        by_day[(d.year, d.month, d.day)].append(e)
    months_of: dict[int, list[int]] = defaultdict(list)
    for yy, mm in by_month:
        months_of[yy].append(mm)
    days_of: dict[tuple[int, int], list[int]] = defaultdict(list)
    for yy, mm, dd in by_day:
        days_of[(yy, mm)].append(dd)

    def year_crumb(y: int) -> tuple[str, str]:
        return (t("Year %(year)s", year=y), urls.year(y))

    def month_title(m: int, y: int) -> str:
        return t("Month %(month)s/%(year)s", month=m, year=y)

    out: list[Page] = []
    for y, items in by_year.items():
        months = [(m, len(by_month[(y, m)])) for m in sorted(months_of[y], reverse=True)]
        out += paginate(
            t, kind="year", template="list.html", title=t("Year %(year)s", year=y), first_url=urls.year(y),
            entries=items, page_size=size, description=t("Articles of %(year)s - %(site)s", year=y, site=config.title),
            breadcrumbs=[home, year_crumb(y)],
            extra={"children": [(month_title(m, y), urls.month(y, m), n) for m, n in months]},
        )  # fmt: skip
    for (y, m), items in by_month.items():
        days = [(d, len(by_day[(y, m, d)])) for d in sorted(days_of[(y, m)], reverse=True)]
        out += paginate(
            t, kind="month", template="list.html", title=month_title(m, y), first_url=urls.month(y, m),
            entries=items, page_size=size,
            description=t("Articles of month %(month)s/%(year)s - %(site)s", month=m, year=y, site=config.title),
            breadcrumbs=[home, year_crumb(y), (month_title(m, y), urls.month(y, m))],
            extra={"children": [(t("Day %(date)s", date=_day(d, m, y)), urls.day(y, m, d), n) for d, n in days]},
        )  # fmt: skip
    for (y, m, d), items in by_day.items():
        title = t("Day %(date)s", date=_day(d, m, y))
        out += paginate(
            t, kind="day", template="list.html", title=title, first_url=urls.day(y, m, d), entries=items,
            page_size=size, description=t("Articles of %(date)s - %(site)s", date=_day(d, m, y), site=config.title),
            breadcrumbs=[home, year_crumb(y), (month_title(m, y), urls.month(y, m)), (title, urls.day(y, m, d))],
        )  # fmt: skip
    return out
