"""index: the site model. Articles are grouped into rubrics, tags and date
archives, ordered newest first, paginated, given their URLs and linked to
their neighbours. Pure data: no I/O, no HTML."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import reduce
from itertools import combinations
from operator import and_

from newsgen import urls
from newsgen.config import SiteConfig
from newsgen.errors import Diagnostic
from newsgen.load.duplicates import split_duplicates
from newsgen.model import Article
from newsgen.vietnamese import key, month_name, sort_key

RELATED_COUNT = 5
HOME_LATEST = 10
HOME_PER_SECTION = 5
FEED_SIZE = 20
NEWS_SITEMAP_DAYS = 2


@dataclass(eq=False)
class Section:
    name: str
    slug: str
    url: str
    entries: list[Entry] = field(default_factory=list)


@dataclass(eq=False)
class Tag:
    name: str
    slug: str
    url: str
    entries: list[Entry] = field(default_factory=list)


@dataclass(eq=False)
class Entry:
    """An article as placed in the site: its URL, rubric, tags and neighbours."""

    article: Article
    url: str
    section: Section
    tags: list[Tag] = field(default_factory=list)
    prev: Entry | None = None  # older, same rubric
    next: Entry | None = None  # newer, same rubric
    related: list[Entry] = field(default_factory=list)


@dataclass(eq=False)
class Page:
    """One output file: its URL, its template and what the template shows."""

    url: str
    kind: str
    template: str
    title: str
    description: str = ""
    entry: Entry | None = None
    entries: list[Entry] = field(default_factory=list)
    number: int = 1
    total: int = 1
    first_url: str = ""
    feed_url: str | None = None
    breadcrumbs: list[tuple[str, str]] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def page_url(self, n: int) -> str:
        return urls.paginated(self.first_url, n)

    @property
    def prev_url(self) -> str | None:
        return self.page_url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.page_url(self.number + 1) if self.number < self.total else None


@dataclass(eq=False)
class Site:
    config: SiteConfig
    now: datetime
    entries: list[Entry]
    sections: list[Section]
    tags: list[Tag]
    pages: list[Page]
    diagnostics: list[Diagnostic]
    excluded: int = 0  # drafts and future articles left out


def _order(a: Article) -> tuple:
    return (-a.date.timestamp(), a.slug, str(a.source))


def _assign_urls(
    articles: list[Article], config: SiteConfig, taken: set[str]
) -> tuple[dict[int, str], list[Diagnostic]]:
    """Each article's URL; clashes get -2, -3, ... in date-then-path order, with a warning."""
    diagnostics: list[Diagnostic] = []
    result: dict[int, str] = {}
    used = set(taken)
    for a in sorted(articles, key=lambda a: (a.date.timestamp(), str(a.source))):
        base = urls.article(a.slug, a.section, a.date, config.permalink)
        url = base
        n = 1
        first = url.strip("/").split("/")[0]
        while url in used or first in urls.RESERVED or first.isdigit() and len(first) == 4:
            n += 1
            url = urls.article(f"{a.slug}-{n}", a.section, a.date, config.permalink)
            first = url.strip("/").split("/")[0]
        if n > 1:
            diagnostics.append(
                Diagnostic(a.source, None, "warning", f"the URL {base} is already taken: this article gets {url}")
            )
        used.add(url)
        result[id(a)] = url
    return result, diagnostics


def _paginate(
    pages: list[Page],
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
) -> None:
    total = max(1, -(-len(entries) // page_size))
    for n in range(1, total + 1):
        chunk = entries[(n - 1) * page_size : n * page_size]
        url = urls.paginated(first_url, n)
        crumbs = breadcrumbs if n == 1 else [*breadcrumbs, (f"Trang {n}", url)]
        pages.append(
            Page(
                url=url,
                kind=kind,
                template=template,
                title=title if n == 1 else f"{title} - Trang {n}",
                description=description,
                entries=chunk,
                number=n,
                total=total,
                first_url=first_url,
                feed_url=feed_url,
                breadcrumbs=crumbs,
                extra=extra or {},
            )
        )


def _lowest(mask: int, count: int) -> list[int]:
    """The positions of the `count` lowest set bits of `mask` (the newest entries)."""
    found = []
    while mask and len(found) < count:
        low = mask & -mask
        found.append(low.bit_length() - 1)
        mask ^= low
    return found


def _assign_tag_urls(tags: list[Tag]) -> None:
    """Tags whose names fold to one slug ("Nhà Trắng", "Nha Trang"): the first in Vietnamese
    order keeps the plain slug, each other one gets a short suffix made from its own name,
    so its URL stays the same whatever other tags come and go."""
    by_slug: dict[str, list[Tag]] = defaultdict(list)
    for t in tags:
        by_slug[urls.tag_slug(t.name)].append(t)
    for slug, group in by_slug.items():
        group.sort(key=lambda t: sort_key(t.name))
        for i, t in enumerate(group):
            t.slug = slug if i == 0 else urls.distinct_slug(slug, key(t.name))
            t.url = urls.tag(t.slug)


def _related(entries: list[Entry], tags: list[Tag], sections: list[Section]) -> None:
    """Up to five related articles: most shared tags, then same rubric, newest first.

    Membership is kept as bit masks over the entries in newest-first order, so that
    "shares at least m tags" is a handful of AND/OR operations and "newest" is the
    lowest set bit; exact, and fast even when a tag holds thousands of articles.
    """
    index = {id(e): i for i, e in enumerate(entries)}

    def mask_of(members: list[Entry]) -> int:
        m = 0
        for e in members:
            m |= 1 << index[id(e)]
        return m

    tag_mask = {id(t): mask_of(t.entries) for t in tags}
    section_mask = {id(s): mask_of(s.entries) for s in sections}
    for i, e in enumerate(entries):
        masks = [tag_mask[id(t)] for t in e.tags]
        same = section_mask[id(e.section)]
        taken = 1 << i
        chosen: list[int] = []
        for m in range(len(masks), 0, -1):
            level = 0
            for combo in combinations(masks, m):
                level |= reduce(and_, combo)
            level &= ~taken
            for part in (level & same, level & ~same):
                picked = _lowest(part, RELATED_COUNT - len(chosen))
                chosen.extend(picked)
                for j in picked:
                    taken |= 1 << j
            if len(chosen) >= RELATED_COUNT:
                break
        if len(chosen) < RELATED_COUNT:
            chosen.extend(_lowest(same & ~taken, RELATED_COUNT - len(chosen)))
        e.related = [entries[j] for j in chosen]


def build_site(
    articles: list[Article],
    config: SiteConfig,
    *,
    now: datetime,
    drafts: bool = False,
    future: bool = False,
) -> Site:
    diagnostics: list[Diagnostic] = []
    kept = [a for a in articles if (drafts or not a.draft) and (future or a.date <= now)]
    excluded = len(articles) - len(kept)
    kept, duplicate_warnings = split_duplicates(kept)
    diagnostics.extend(duplicate_warnings)
    kept.sort(key=_order)

    # Rubrics, in the configured order, then the others in Vietnamese order.
    section_names: dict[str, str] = {}
    for a in kept:
        section_names.setdefault(key(a.section), a.section)
    configured = [key(r) for r in config.rubrics]
    ordered = sorted(
        section_names,
        key=lambda k: (0, configured.index(k), ()) if k in configured else (1, 0, sort_key(section_names[k])),
    )
    sections: dict[str, Section] = {}
    for k in ordered:
        name = section_names[k]
        slug = urls.section_slug(name)
        sections[k] = Section(name, slug, urls.section(name))
    taken = {s.url for s in sections.values()} | {urls.tag_index(), urls.section_index(), urls.search()}
    url_of, url_warnings = _assign_urls(kept, config, taken)
    diagnostics.extend(url_warnings)

    tags: dict[str, Tag] = {}
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    entries: list[Entry] = []
    for a in kept:
        section = sections[key(a.section)]
        entry = Entry(a, url_of[id(a)], section)
        for name in a.tags:
            # One tag per name up to case and tone-mark placement (hòa/hoà): "Nhà Trắng" and
            # "Nha Trang" are two tags.
            spellings[key(name)][name] += 1
            tag = tags.get(key(name))
            if tag is None:
                tag = tags[key(name)] = Tag(name, "", "")
            if not tag.entries or tag.entries[-1] is not entry:  # two spellings, one tag
                tag.entries.append(entry)
                entry.tags.append(tag)
        section.entries.append(entry)
        entries.append(entry)
    for k, tag in tags.items():  # the spelling most articles use; on a tie, the capitalised one
        tag.name = max(spellings[k].items(), key=lambda kv: (kv[1], kv[0][:1].isupper(), kv[0]))[0]
    _assign_tag_urls(list(tags.values()))

    for section in sections.values():
        for older, newer in zip(section.entries[1:], section.entries, strict=False):
            newer.prev = older
            older.next = newer
    _related(entries, list(tags.values()), list(sections.values()))

    pages: list[Page] = []
    home_crumb = ("Trang chủ", urls.home())
    size = config.page_size
    # Front page
    pages.append(
        Page(
            url=urls.home(),
            kind="home",
            template="home.html",
            title=config.title,
            description=config.description,
            entries=entries[: HOME_LATEST + 1],
            first_url=urls.home(),
            feed_url=urls.feed(urls.home()),
            breadcrumbs=[home_crumb],
            extra={
                "blocks": [(s, s.entries[:HOME_PER_SECTION]) for s in sections.values()],
            },
        )
    )
    for e in entries:
        pages.append(
            Page(
                url=e.url,
                kind="article",
                template="article.html",
                title=e.article.headline,
                description=e.article.lede or "",
                entry=e,
                first_url=e.url,
                feed_url=urls.feed(e.section.url),
                breadcrumbs=[home_crumb, (e.section.name, e.section.url), (e.article.headline, e.url)],
            )
        )
    for s in sections.values():
        _paginate(
            pages,
            kind="section",
            template="list.html",
            title=s.name,
            first_url=s.url,
            entries=s.entries,
            page_size=size,
            description=f"Tin bài chuyên mục {s.name} - {config.title}",
            feed_url=urls.feed(s.url),
            breadcrumbs=[home_crumb, (s.name, s.url)],
            extra={"section": s},
        )
    tag_list = sorted(tags.values(), key=lambda t: sort_key(t.name))
    for t in tag_list:
        _paginate(
            pages,
            kind="tag",
            template="list.html",
            title=t.name,
            first_url=t.url,
            entries=t.entries,
            page_size=size,
            description=f"Tin bài về chủ đề {t.name} - {config.title}",
            feed_url=urls.feed(t.url),
            breadcrumbs=[home_crumb, ("Chủ đề", urls.tag_index()), (t.name, t.url)],
            extra={"tag": t},
        )
    pages.append(
        Page(
            url=urls.tag_index(),
            kind="tags",
            template="tags.html",
            title="Chủ đề",
            description=f"Tất cả chủ đề - {config.title}",
            first_url=urls.tag_index(),
            breadcrumbs=[home_crumb, ("Chủ đề", urls.tag_index())],
            extra={"tags": tag_list},
        )
    )
    pages.append(
        Page(
            url=urls.section_index(),
            kind="sections",
            template="sections.html",
            title="Chuyên mục",
            description=f"Tất cả chuyên mục - {config.title}",
            first_url=urls.section_index(),
            breadcrumbs=[home_crumb, ("Chuyên mục", urls.section_index())],
            extra={"sections": list(sections.values())},
        )
    )
    _archives(pages, entries, size, home_crumb, config)
    if config.search:
        pages.append(
            Page(
                url=urls.search(),
                kind="search",
                template="search.html",
                title="Tìm kiếm",
                description=f"Tìm kiếm tin bài - {config.title}",
                first_url=urls.search(),
                breadcrumbs=[home_crumb, ("Tìm kiếm", urls.search())],
            )
        )

    # Feeds, sitemaps and the rest
    pages.append(
        Page(url=urls.feed(urls.home()), kind="feed", template="feed.xml", title=config.title,
             entries=entries[:FEED_SIZE], first_url=urls.home())
    )  # fmt: skip
    for s in sections.values():
        pages.append(
            Page(url=urls.feed(s.url), kind="feed", template="feed.xml", title=f"{s.name} - {config.title}",
                 entries=s.entries[:FEED_SIZE], first_url=s.url)
        )  # fmt: skip
    for t in tag_list:
        pages.append(
            Page(url=urls.feed(t.url), kind="feed", template="feed.xml", title=f"{t.name} - {config.title}",
                 entries=t.entries[:FEED_SIZE], first_url=t.url)
        )  # fmt: skip
    html_pages = [p for p in pages if p.template.endswith(".html")]
    pages.append(Page(url="/sitemap.xml", kind="sitemap", template="sitemap.xml", title="Sitemap",
                      extra={"pages": html_pages}))  # fmt: skip
    recent = [e for e in entries if now - timedelta(days=NEWS_SITEMAP_DAYS) <= e.article.date <= now]
    pages.append(Page(url="/news-sitemap.xml", kind="news-sitemap", template="news-sitemap.xml",
                      title="News sitemap", entries=recent))  # fmt: skip
    pages.append(Page(url="/robots.txt", kind="robots", template="robots.txt", title="robots.txt"))
    pages.append(
        Page(url="/404.html", kind="404", template="404.html", title="Không tìm thấy trang",
             description="Trang bạn tìm không tồn tại hoặc đã được chuyển đi.", entries=entries[:5],
             breadcrumbs=[home_crumb])
    )  # fmt: skip
    return Site(config, now, entries, list(sections.values()), tag_list, pages, diagnostics, excluded)


def _archives(
    pages: list[Page], entries: list[Entry], size: int, home_crumb: tuple[str, str], config: SiteConfig
) -> None:
    by_year: dict[int, list[Entry]] = defaultdict(list)
    by_month: dict[tuple[int, int], list[Entry]] = defaultdict(list)
    by_day: dict[tuple[int, int, int], list[Entry]] = defaultdict(list)
    for e in entries:
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
    for y, items in by_year.items():
        months = [(m, len(by_month[(y, m)])) for m in sorted(months_of[y], reverse=True)]
        _paginate(
            pages,
            kind="year",
            template="list.html",
            title=f"Năm {y}",
            first_url=urls.year(y),
            entries=items,
            page_size=size,
            description=f"Tin bài năm {y} - {config.title}",
            breadcrumbs=[home_crumb, (f"Năm {y}", urls.year(y))],
            extra={"children": [(month_name(m, y), urls.month(y, m), n) for m, n in months]},
        )
    for (y, m), items in by_month.items():
        days = [(d, len(by_day[(y, m, d)])) for d in sorted(days_of[(y, m)], reverse=True)]
        _paginate(
            pages,
            kind="month",
            template="list.html",
            title=month_name(m, y),
            first_url=urls.month(y, m),
            entries=items,
            page_size=size,
            description=f"Tin bài {month_name(m, y).lower()} - {config.title}",
            breadcrumbs=[home_crumb, (f"Năm {y}", urls.year(y)), (month_name(m, y), urls.month(y, m))],
            extra={"children": [(f"Ngày {d:02d}/{m:02d}/{y}", urls.day(y, m, d), n) for d, n in days]},
        )
    for (y, m, d), items in by_day.items():
        title = f"Ngày {d:02d}/{m:02d}/{y}"
        _paginate(
            pages, kind="day", template="list.html", title=title, first_url=urls.day(y, m, d), entries=items,
            page_size=size, description=f"Tin bài {title.lower()} - {config.title}",
            breadcrumbs=[home_crumb, (f"Năm {y}", urls.year(y)), (month_name(m, y), urls.month(y, m)),
                         (title, urls.day(y, m, d))],
        )  # fmt: skip
