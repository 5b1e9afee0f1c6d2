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
        material: list[Any] = [
            self.global_key,
            self.templates[page.template],
            page.kind, page.url, page.title, page.description, page.number, page.total, page.first_url,
            page.feed_url, page.breadcrumbs, [self.teaser(e) for e in page.entries],
            self._material(page.extra, page_date),
        ]  # fmt: skip
        if page.kind in FEED_KINDS:  # a feed shows each story's last change, its photo and (full) its body
            full = self.site.config.feed_content == "full"
            material.append([(e.article.modified.isoformat(), e.article.photo_stamps,
                              e.article.digest if full else "") for e in page.entries])  # fmt: skip
        if page.entry is not None:
            e = page.entry
            material.append(
                (
                    e.article.digest, e.url, e.section.name, e.section.url, [(t.name, t.url) for t in e.tags],
                    self.teaser(e.prev), self.teaser(e.next), [self.teaser(r) for r in e.related],
                    [(x.name, x.url) for x in (*e.authors, *e.places)],
                    e.article.live_at(self.site.now),
                )
            )  # fmt: skip
        return digest(material)
