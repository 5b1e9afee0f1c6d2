"""Page keys (engine.keys): a page's key changes exactly when something it shows changes."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from newsgen.config import load_config
from newsgen.engine.keys import PageKeys
from newsgen.i18n import messages
from newsgen.load.article import load_article
from newsgen.pages import produce_pages
from newsgen.site.index import index_site
from sitegen import make_site

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def _keys(root: Path, change=None) -> dict[str, str]:
    config = load_config(root)
    articles = [load_article(p, config, root / "content") for p in sorted((root / "content").glob("*.txt"))]
    if change:
        articles = [change(a) for a in articles]
    site = index_site(articles, config, now=NOW)
    site.pages = produce_pages(site, messages(config.language))
    keys = PageKeys(site, ("global",), {p.template: f"digest of {p.template}" for p in site.pages})
    return {p.url: keys.key(p, lambda p: None) for p in site.pages}


def test_same_input_same_keys(tmp_path: Path) -> None:
    root = make_site(tmp_path / "s", count=12, page_size=4)
    assert _keys(root) == _keys(root)


def test_an_edited_headline_changes_only_the_pages_that_show_it(tmp_path: Path) -> None:
    root = make_site(tmp_path / "s", count=12, page_size=4)
    before = _keys(root)
    target = "bai-005.txt"

    def edit(a):
        if a.source.name != target:
            return a
        return dataclasses.replace(a, headline=a.headline + " (sửa)", digest=a.digest + "x")

    after = _keys(root, edit)
    changed = {u for u in before if before[u] != after.get(u)}
    # the article's URL comes from its file's slug, so it stays; its page, the lists and
    # feeds holding its teaser and its neighbours' pages change
    own = [u for u in before if u.startswith("/tin-so-5-")]
    assert own and set(own) <= changed
    assert "/feed.xml" in changed and "/sitemap.xml" not in changed
    unchanged = set(before) - changed
    assert unchanged, "an edit must not re-render the whole site"
    assert "/chu-de/" in unchanged and "/chuyen-muc/" in unchanged
    # an article page whose rubric, tags and neighbours do not involve the edited one stays
    assert any(u.startswith("/tin-so-") for u in unchanged)


def test_the_template_digest_is_part_of_every_key_using_it(tmp_path: Path) -> None:
    root = make_site(tmp_path / "s", count=4)
    config = load_config(root)
    articles = [load_article(p, config, root / "content") for p in sorted((root / "content").glob("*.txt"))]
    site = index_site(articles, config, now=NOW)
    site.pages = produce_pages(site, messages("vi"))
    names = {p.template for p in site.pages}
    one = PageKeys(site, ("g",), {n: n for n in names})
    two = PageKeys(site, ("g",), {n: n + ("2" if n == "article.html" else "") for n in names})
    for p in site.pages:
        assert (one.key(p, lambda p: None) != two.key(p, lambda p: None)) is (p.template == "article.html")
