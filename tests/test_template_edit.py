"""Template edits (build._Build.template_edit): when nothing changed but templates that only
article pages use, the build remakes the article pages from what the last full build stored
around them, keeps every other page, feed and the search index, and the site is exactly a
clean build's; a template another page uses, or any other change, takes the full path."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

import newsgen
from newsgen.engine.cache import CACHE_DIR
from newsgen.errors import NewsgenError
from sitegen import tree
from test_incremental import article
from test_text_edit import Edits, _edit

THEME = Path(newsgen.__file__).parent / "theme" / "templates"


@pytest.fixture
def edits(tmp_path) -> Edits:
    return Edits(tmp_path)


def _own_template(edits: Edits, name: str) -> Path:
    """The site's own copy of a theme template, to edit."""
    folder = edits.site / "templates"
    folder.mkdir(exist_ok=True)
    path = folder / name
    if not path.exists():
        shutil.copy(THEME / name, path)
    return path


def test_an_article_template_edit_makes_only_the_article_pages(edits):
    template = _own_template(edits, "article.html")
    first = edits.check()
    assert not first.template_edit
    _edit(template, "</article>", "<p>Bản quyền thuộc tòa soạn.</p></article>")
    r = edits.check()
    assert r.template_edit and r.parsed == 0
    assert r.rendered_kinds == {"article": 30} and r.written == 30 and r.articles == 30
    pages = [p for p in edits.out.glob("*/index.html") if b'class="story"' in p.read_bytes()]
    assert len(pages) == 30 and all("Bản quyền thuộc tòa soạn." in p.read_text(encoding="utf-8") for p in pages)
    # then a text edit builds on it, and another template edit
    _edit(article(edits, 7), "hầu hết các chỉ tiêu", "mọi chỉ tiêu")
    r = edits.check()
    assert r.text_edit and r.rendered_kinds == {"article": 1}
    _edit(template, "Bản quyền thuộc tòa soạn.", "Bản quyền của tòa soạn.")
    r = edits.check()
    assert r.template_edit and r.rendered_kinds == {"article": 30}
    # the same bytes again (the edit undone, then done again): nothing to write but the keys
    assert edits.check().up_to_date


def test_a_template_no_page_uses_renders_nothing(edits):
    edits.check()
    folder = edits.site / "templates"
    folder.mkdir()
    (folder / "chua-dung.html").write_text("<p>{{ page.title }}</p>\n", encoding="utf-8")
    r = edits.check()
    assert r.template_edit and r.rendered == 0 and r.written == 0


@pytest.mark.parametrize("name, old, new", [
    ("_teaser.html", "</article>", "<span>*</span></article>"),  # on every list and in related stories
    ("base.html", "</body>", "<p>Chân trang mới</p></body>"),
    ("list.html", "{% block main %}", "{% block main %}<p>Danh sách</p>"),
])  # fmt: skip
def test_a_template_other_pages_use_takes_the_full_path(edits, name, old, new):
    template = _own_template(edits, name)
    edits.check()
    _edit(template, old, new)
    r = edits.check()
    assert not r.template_edit and not r.text_edit
    assert sum(r.rendered_kinds.values()) > r.rendered_kinds["article"]  # list pages made again


def test_a_template_edit_with_any_other_change_takes_the_full_path(edits):
    template = _own_template(edits, "article.html")
    edits.check()
    _edit(template, "</article>", "<p>Một</p></article>")
    _edit(article(edits, 7), "hầu hết các chỉ tiêu", "mọi chỉ tiêu")
    r = edits.check()
    assert not r.template_edit and r.parsed == 1
    _edit(template, "<p>Một</p>", "<p>Hai</p>")
    static = edits.site / "static"
    static.mkdir(exist_ok=True)
    (static / "logo.txt").write_text("logo\n", encoding="utf-8")
    r = edits.check()
    assert not r.template_edit
    _edit(template, "<p>Hai</p>", "<p>Ba</p>")
    config = edits.site / "newsgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "related_count: 2\n", encoding="utf-8")
    r = edits.check()
    assert not r.template_edit


def test_a_page_of_the_site_changed_on_disk_takes_the_full_path(edits):
    template = _own_template(edits, "article.html")
    edits.check()
    (edits.out / "the-thao" / "index.html").unlink()
    _edit(template, "</article>", "<p>Một</p></article>")
    r = edits.check()
    assert not r.template_edit and (edits.out / "the-thao" / "index.html").is_file()


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE article_pages SET page = 'not json'",
        'UPDATE article_pages SET page = \'{"section": ["a", "a", "/a/"], "tags": [], "prev": 3, "related": []}\'',
        'UPDATE article_pages SET page = replace(page, \'"prev":"\', \'"prev":"khong-co/\')',
        "DELETE FROM article_pages WHERE path LIKE 'bai-00%'",
        "UPDATE articles SET summary = CAST('[]' AS BLOB) WHERE path LIKE 'bai-00%'",
        "UPDATE meta SET v = CAST('{\"edit_base\": 1, \"fingerprint\": 2}' AS BLOB) WHERE k = 'last_build'",
    ],
)
def test_a_damaged_record_takes_the_full_path(edits, damage):
    template = _own_template(edits, "article.html")
    edits.check()
    with sqlite3.connect(edits.site / CACHE_DIR / "cache.sqlite") as conn:
        conn.execute(damage)
    _edit(template, "</article>", "<p>Một</p></article>")
    r = edits.check()
    assert not r.template_edit


def test_render_workers_restore_the_pages(edits, monkeypatch):
    """With workers (a large site's case), each restores the pages it renders: the same site as
    a clean build; a record they find damaged sends the build down the full path, the cache made
    again, and the site is still a clean build's."""
    import newsgen.build

    monkeypatch.setattr(newsgen.build, "PARALLEL_RENDER_MIN", 2)
    template = _own_template(edits, "article.html")
    edits.check(jobs=2)
    _edit(template, "</article>", "<p>Một</p></article>")
    r = edits.check(jobs=2)
    assert r.template_edit and r.rendered_kinds == {"article": 30}
    with sqlite3.connect(edits.site / CACHE_DIR / "cache.sqlite") as conn:
        conn.execute("""UPDATE article_pages SET page = replace(page, '"prev":"', '"prev":"khong-co/')""")
    _edit(template, "<p>Một</p>", "<p>Hai</p>")
    r = edits.check(jobs=2)
    assert not r.template_edit and r.parsed == 30
    assert any("the build cache was damaged" in d.message for d in r.diagnostics)


def test_a_broken_template_is_an_error_and_leaves_the_site(edits):
    template = _own_template(edits, "article.html")
    edits.check()
    before = tree(edits.out)
    _edit(template, "{% endblock %}", "{% endblok %}")
    with pytest.raises(NewsgenError) as caught:
        edits.incremental()
    assert "article.html" in str(caught.value)
    assert tree(edits.out) == before
