"""index: articles -> the site model. Drafts and future articles are left out, duplicates
published once, the rest ordered newest first, grouped into rubrics and tags, given their URLs
and linked to their neighbours and related stories. No pages here (see `newsgen.pages`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from itertools import combinations
from operator import and_

from newsgen import urls
from newsgen.bylines import people
from newsgen.config import SiteConfig
from newsgen.errors import Diagnostic
from newsgen.load.duplicates import Bodies, split_duplicates
from newsgen.model import Article
from newsgen.places import canonical_place
from newsgen.site.model import Author, Entry, Place, Section, Site, Tag
from newsgen.vietnamese import key, sort_key


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
        while url in used or urls.is_reserved(url):
            n += 1
            url = urls.article(f"{a.slug}-{n}", a.section, a.date, config.permalink)
        if n > 1:
            diagnostics.append(
                Diagnostic(a.source, None, "warning", f"the URL {base} is already taken: this article gets {url}")
            )
        used.add(url)
        result[id(a)] = url
    return result, diagnostics


def _lowest(mask: int, count: int) -> list[int]:
    """The positions of the `count` lowest set bits of `mask` (the newest entries)."""
    found = []
    while mask and len(found) < count:
        low = mask & -mask
        found.append(low.bit_length() - 1)
        mask ^= low
    return found


def _highest(mask: int, count: int) -> list[int]:
    """The positions of the `count` highest set bits of `mask`."""
    found = []
    while mask and len(found) < count:
        top = mask.bit_length() - 1
        found.append(top)
        mask ^= 1 << top
    return found


def _nearest(mask: int, i: int, count: int, times: list[float]) -> list[int]:
    """The `count` entries of `mask` closest in time to entry i (entries newest first), the
    closest first, the newer of two as close."""
    older = [i + 1 + j for j in _lowest(mask >> (i + 1), count)]
    newer = _highest(mask & ((1 << i) - 1), count)
    return sorted(older + newer, key=lambda j: (abs(times[j] - times[i]), j))[:count]


def _assign_group_urls(groups: list[Tag], url_of: Callable[[str], str]) -> None:
    """Tags (or authors) whose names fold to one slug ("Nhà Trắng", "Nha Trang"): the first in
    Vietnamese order keeps the plain slug, each other one gets a short suffix made from its own
    name, so its URL stays the same whatever other tags come and go."""
    by_slug: dict[str, list[Tag]] = defaultdict(list)
    for t in groups:
        by_slug[urls.tag_slug(t.name)].append(t)
    for slug, group in by_slug.items():
        group.sort(key=lambda t: sort_key(t.name))
        for i, t in enumerate(group):
            t.slug = slug if i == 0 else urls.distinct_slug(slug, key(t.name))
            t.url = url_of(t.slug)


def _groups(
    entries: list[Entry],
    names_of: Callable[[Entry], Iterable[str]],
    make: type[Tag],
    url_of: Callable[[str], str],
    members: Callable[[Entry], list],
) -> list[Tag]:
    """Entries grouped by the names each gives (its tags, its authors): one group per name up
    to case and tone-mark placement (hòa/hoà), so "Nhà Trắng" and "Nha Trang" are two; each
    group named as most of its articles spell it (on a tie, the capitalised spelling); in
    Vietnamese order."""
    groups: dict[str, Tag] = {}
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for entry in entries:
        for name in names_of(entry):
            k = key(name)
            spellings[k][name] += 1
            group = groups.get(k)
            if group is None:
                group = groups[k] = make(name, "", "")
            if not group.entries or group.entries[-1] is not entry:  # two spellings, one group
                group.entries.append(entry)
                members(entry).append(group)
    for k, group in groups.items():
        group.name = max(spellings[k].items(), key=lambda kv: (kv[1], kv[0][:1].isupper(), kv[0]))[0]
    _assign_group_urls(list(groups.values()), url_of)
    return sorted(groups.values(), key=lambda t: sort_key(t.name))


PARALLEL_RELATED_MIN = 4096  # fewer entries than this are linked in-process
RELATED_CHUNK = 512  # entries a worker links at a time


@dataclass(frozen=True)
class _Related:
    """What choosing an entry's related stories reads (entries by position, newest first): each
    tag's and rubric's members as a bit mask, each entry's tags, rubric and neighbours."""

    times: list[float]
    tag_masks: list[int]
    entry_tags: list[tuple[int, ...]]  # positions in tag_masks
    section_masks: list[int]
    entry_section: list[int]  # positions in section_masks
    neighbours: list[tuple[int, ...]]  # the positions of each entry's older and newer story in its rubric
    count: int


def _related_of(i: int, r: _Related) -> list[int]:
    """The positions of entry i's related stories (see link_related)."""
    masks = [r.tag_masks[t] for t in r.entry_tags[i]]
    same = r.section_masks[r.entry_section[i]]
    count, times = r.count, r.times
    taken = 1 << i
    for j in r.neighbours[i]:
        taken |= 1 << j
    chosen: list[int] = []
    for m in range(len(masks), 0, -1):
        level = 0
        for combo in combinations(masks, m):
            level |= reduce(and_, combo)
        level &= ~taken
        for part in (level & same, level & ~same):
            picked = _nearest(part, i, count - len(chosen), times)
            chosen.extend(picked)
            for j in picked:
                taken |= 1 << j
        if len(chosen) >= count:
            break
    if len(chosen) < count:
        chosen.extend(_nearest(same & ~taken, i, count - len(chosen), times))
    return chosen


def _related_chunk(positions: list[int]) -> list[list[int]]:
    from newsgen.engine import workers

    r: _Related = workers.state()
    return [_related_of(i, r) for i in positions]


def link_related(
    entries: list[Entry],
    tags: list[Tag],
    sections: list[Section],
    count: int,
    jobs: int = 1,
    meanwhile: Callable[[], object] | None = None,
) -> None:
    """Up to `count` related articles: those sharing the most tags, then the same rubric; among
    as many, the ones in the same rubric first, then those closest in time. The older and newer
    story in the rubric are left out: the page links them already.

    Membership is kept as bit masks over the entries in newest-first order, so that "shares
    at least m tags" is a handful of AND/OR operations; exact, and fast even when a tag holds
    thousands of articles. Closest in time (not newest) keeps a new story out of the related
    lists of old ones, so that publishing it re-renders only the pages of its own days. Each
    operation takes time in proportion to the number of entries, so a large site's entries
    are linked in `jobs` worker processes. `meanwhile` is called once: while they work, or
    after the stories are linked here.
    """
    from newsgen.engine import workers

    index = {id(e): i for i, e in enumerate(entries)}
    size = (len(entries) + 7) // 8

    def mask_of(members: list[Entry]) -> int:
        bits = bytearray(size)  # (an int grown a bit at a time would cost a copy a member)
        for e in members:
            i = index[id(e)]
            bits[i >> 3] |= 1 << (i & 7)
        return int.from_bytes(bits, "little")

    tag_at = {id(t): n for n, t in enumerate(tags)}
    section_at = {id(s): n for n, s in enumerate(sections)}
    neighbours = [tuple(index[id(n)] for n in (e.prev, e.next) if n is not None) for e in entries]
    related = _Related(
        times=[e.article.date.timestamp() for e in entries],
        tag_masks=[mask_of(t.entries) for t in tags],
        entry_tags=[tuple(tag_at[id(t)] for t in e.tags) for e in entries],
        section_masks=[mask_of(s.entries) for s in sections],
        entry_section=[section_at[id(e.section)] for e in entries],
        neighbours=neighbours,
        count=count,
    )
    positions = list(range(len(entries)))
    called = []
    parts = workers.run(
        _related_chunk, positions, related, jobs, PARALLEL_RELATED_MIN, chunk=RELATED_CHUNK,
        meanwhile=(lambda: called.append(meanwhile())) if meanwhile is not None else None,
    )  # fmt: skip
    chosen = [c for part in parts for c in part]
    for e, picked in zip(entries, chosen, strict=True):
        e.related = [entries[j] for j in picked]
    if meanwhile is not None and not called:
        meanwhile()


def _sections(kept: list[Article], config: SiteConfig) -> dict[str, Section]:
    """Rubrics, in the configured order, then the others in Vietnamese order."""
    names: dict[str, str] = {}
    for a in kept:
        names.setdefault(key(a.section), a.section)
    configured = [key(r) for r in config.rubrics]
    ordered = sorted(
        names, key=lambda k: (0, configured.index(k), ()) if k in configured else (1, 0, sort_key(names[k]))
    )
    return {k: Section(names[k], urls.section_slug(names[k]), urls.section(names[k])) for k in ordered}


def _entries(
    kept: list[Article], sections: dict[str, Section], url_of: dict[int, str]
) -> tuple[list[Entry], list[Tag], list[Author], list[Place]]:
    entries: list[Entry] = []
    for a in kept:
        section = sections[key(a.section)]
        entry = Entry(a, url_of[id(a)], section)
        section.entries.append(entry)
        entries.append(entry)
    tags = _groups(entries, lambda e: e.article.tags, Tag, urls.tag, lambda e: e.tags)
    authors = _groups(entries, lambda e: people(e.article.byline, e.article.agency), Author, urls.author,
                      lambda e: e.authors)  # fmt: skip
    places = _groups(entries, _place_of, Place, urls.place, lambda e: e.places)
    return entries, tags, authors, places


def _place_of(e: Entry) -> list[str]:
    d = e.article.dateline
    name = canonical_place(d.place) if d is not None else None
    return [name] if name else []


def index_site(
    articles: list[Article],
    config: SiteConfig,
    *,
    now: datetime,
    drafts: bool = False,
    future: bool = False,
    jobs: int = 1,
    meanwhile: Callable[[Site], object] | None = None,
    bodies: Bodies | None = None,
) -> Site:
    """The site model of these articles, without its pages (related stories found in `jobs`
    processes). `meanwhile` is given the site once, before its related stories may be there
    (while worker processes find them): what reads the rest of it can be made then. `bodies`
    gives the blocks of articles that may be copies of one another (summaries hold none)."""
    diagnostics: list[Diagnostic] = []
    kept = [a for a in articles if (drafts or not a.draft) and (future or a.date <= now)]
    excluded = len(articles) - len(kept)
    kept, duplicate_warnings = split_duplicates(kept, bodies)
    diagnostics.extend(duplicate_warnings)
    kept.sort(key=_order)
    sections = _sections(kept, config)
    taken = {s.url for s in sections.values()} | {urls.tag_index(), urls.section_index(), urls.search()}
    url_of, url_warnings = _assign_urls(kept, config, taken)
    diagnostics.extend(url_warnings)
    entries, tags, authors, places = _entries(kept, sections, url_of)
    for section in sections.values():
        for older, newer in zip(section.entries[1:], section.entries, strict=False):
            newer.prev = older
            older.next = newer
    site = Site(config, now, entries, list(sections.values()), tags, [], diagnostics, excluded, authors=authors,
                places=places)  # fmt: skip
    link_related(entries, tags, site.sections, config.related_count, jobs,
                 (lambda: meanwhile(site)) if meanwhile is not None else None)  # fmt: skip
    return site
