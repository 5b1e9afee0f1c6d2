"""An example newsgen plugin, installed only for the tests (see tests/test_plugins.py).

It adds a page kind, "sources" (/nguon-tin/: how many stories each agency supplied), a reader
for `.tin` files (agency text under another suffix) and a hook that records what it saw."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from newsgen.load.readers import BUILTIN
from newsgen.pages import PageKind
from newsgen.pages.common import home_crumb
from newsgen.site.model import Page

SEEN: list[str] = []


def _sources(site, t):
    counts = Counter(e.article.agency or site.config.publisher or site.config.title for e in site.entries)
    return [
        Page(
            url="/nguon-tin/",
            kind="sources",
            template="sources.html",
            title="Nguồn tin",
            first_url="/nguon-tin/",
            breadcrumbs=[home_crumb(t), ("Nguồn tin", "/nguon-tin/")],
            extra={"counts": sorted(counts.items())},
        )
    ]


pages = PageKind("sources", _sources, Path(__file__).parent / "templates")

agency_text = BUILTIN[0]
reader = type(agency_text)("tin", (".tin",), agency_text.parse)


class Hooks:
    def after_load(self, articles, config):
        SEEN.append(f"load {len(articles)}")
        return None

    def after_site(self, site):
        SEEN.append(f"site {len(site.pages)}")

    def after_write(self, result):
        SEEN.append(f"write {result.written}")


hooks = Hooks()
