"""Page keys: a digest of everything one page shows, so that a rebuild renders
only the pages whose content really changed.

A key mixes the build-wide inputs (newsgen's version, the configuration, the
asset names, the rubric navigation, the year in the footer), the digest of the
page's template and every template it includes, and the data of the page
itself: its article's record, the teasers it lists, its neighbours, its
pagination. Two builds that give a page the same key write the same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import jinja2
from jinja2 import meta

from newsgen.engine.digests import digest
from newsgen.pages.feeds import KINDS as FEED_KINDS
from newsgen.render.renderer import PARTIALS
from newsgen.site.model import Entry, Page, Section, Site, Tag


def template_keys(
    env: jinja2.Environment,
    names: set[str],
    always: tuple[str, ...] = PARTIALS,
    known: dict[str, list[str]] | None = None,
) -> dict[str, str]:
    """For each template: a digest of its source and of every template it extends,
    includes or imports (and the partials rendered by helpers), resolved through the
    site's own templates first, as rendering does. `known` maps the digest of a template's
    source to the templates it names, as found before (parsing is the slow part); new
    findings are added to it."""
    known = {} if known is None else known
    sources: dict[str, tuple[str, str | None]] = {}

    def source(name: str) -> str:
        if name not in sources:
            text, filename, _uptodate = env.loader.get_source(env, name)  # type: ignore[union-attr]
            sources[name] = (text, filename)
        return sources[name][0]

    references: dict[str, list[str]] = {}

    def referenced(name: str) -> list[str]:
        if name not in references:
            text = source(name)
            k = digest(text)
            if k not in known:
                ast = env.parse(text, name, sources[name][1])
                known[k] = [n for n in meta.find_referenced_templates(ast) if n]
            references[name] = known[k]
        return references[name]

    def closure(name: str) -> set[str]:
        seen: set[str] = set()
        todo = [name, *always] if name.endswith(".html") else [name]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(referenced(current))
        return seen

    return {name: digest(sorted((n, source(n)) for n in closure(name))) for name in names}


_PLAIN = frozenset({str, int, float, bool})  # what a page's `extra` mostly holds: itself as material


class PageKeys:
    def __init__(self, site: Site, global_material: Any, templates: dict[str, str]) -> None:
        self.site = site
        self.global_key = digest(global_material)
        self.templates = templates
        self._teasers: dict[int, str] = {}
        self._in_feeds: dict[int, str] = {}

    def teaser(self, e: Entry | None) -> str | None:
        """What any teaser or feed entry shows of an article."""
        if e is None:
            return None
        k = self._teasers.get(id(e))
        if k is None:
            a = e.article
            fields = [e.url, a.headline, a.lede or "", e.section.name, e.section.url, a.date.isoformat(),
                      "t" if a.date_has_time else "", a.byline or "", a.agency or ""]  # fmt: skip
            for t in e.tags:
                fields += (t.name, t.url)
            k = hashlib.blake2b("\x1f".join(fields).encode("utf-8"), digest_size=16).hexdigest()
            self._teasers[id(e)] = k
        return k

    def _in_feed(self, e: Entry) -> str:
        """What a feed shows of a story besides its teaser: its last change, its photos and, with
        `feed_content: full`, its body (its digest)."""
        k = self._in_feeds.get(id(e))
        if k is None:
            a = e.article
            body = a.digest if self.site.config.feed_content == "full" else ""
            k = self._in_feeds[id(e)] = repr((a.modified.isoformat(), a.photo_stamps, body))
        return k

    def _material(self, value: Any, page_date: Callable[[Page], Any]) -> Any:
        """What a value in a page's `extra` shows, as plain data: an entry is its teaser, a
        rubric or tag its name, URL and size, a page its URL, kind and date."""
        if value is None or type(value) in _PLAIN:
            return value
        if isinstance(value, Entry):
            return self.teaser(value)
        if isinstance(value, (Section, Tag)):
            return (type(value).__name__, value.name, value.url, value.slug, len(value.entries))
        if isinstance(value, Page):
            d = page_date(value)
            return (value.url, value.kind, d.isoformat() if d else None)
        if isinstance(value, (list, tuple)):
            return [self._material(v, page_date) for v in value]
        if isinstance(value, dict):
            return sorted((k, self._material(v, page_date)) for k, v in value.items())
        return value

    def key(self, page: Page, page_date: Callable[[Page], Any]) -> str:
        teaser = self.teaser
        parts: list[str] = [
            self.global_key, self.templates[page.template], page.kind, page.url, page.title, page.description,
            str(page.number), str(page.total), page.first_url, repr(page.feed_url), str(len(page.breadcrumbs)),
        ]  # fmt: skip
        for name, link in page.breadcrumbs:
            parts += (name, link)
        parts.append("".join([teaser(e) for e in page.entries]))  # type: ignore[misc]
        parts.append(repr(self._material(page.extra, page_date)) if page.extra else "{}")
        if page.kind in FEED_KINDS:  # a feed shows each story's last change, its photo and (full) its body
            parts.append("".join([self._in_feed(e) for e in page.entries]))
        if page.entry is not None:
            e = page.entry
            parts += (
                e.article.digest, e.url, e.section.name, e.section.url, repr([(t.name, t.url) for t in e.tags]),
                repr(teaser(e.prev)), repr(teaser(e.next)), "".join([teaser(r) for r in e.related]),  # type: ignore[misc]
                repr([(x.name, x.url) for x in (*e.authors, *e.places)]), repr(e.article.live_at(self.site.now)),
            )  # fmt: skip
        return _digest_of(parts)


def _digest_of(parts: list[str]) -> str:
    """A digest of texts, each kept apart from the next: joined by NUL, which no text of a page
    holds (the loader strips control characters); repr'd whole if one holds it after all."""
    joined = "\0".join(parts)
    if joined.count("\0") != len(parts) - 1:
        joined = repr(parts)
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=16).hexdigest()
