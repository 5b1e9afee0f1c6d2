"""Text edits (engine/edits.py): when only the text of some articles changed, the build makes
only their pages, from what the last build stored, and the site is exactly a clean build's;
anything else, or anything the stored records cannot vouch for, takes the full path."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from newsgen.build import BuildOptions, build
from newsgen.engine.cache import CACHE_DIR
from newsgen.output.writer import MANIFEST
from sitegen import tree, write_article
from test_incremental import NOW, Builds, article, same_but_moved


def _keys(folder: Path) -> dict[str, tuple[str, str]]:
    """Each file's digest and page key, as the manifest records them."""
    files = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    return {r: (v[0], v[3]) for r, v in files.items()}


def _warnings(result) -> list[tuple[str, int | None, str]]:
    """The build's warnings, but the one saying a damaged cache was discarded."""
    return sorted((Path(d.path).name, d.line, d.message) for d in result.diagnostics if Path(d.path).name != CACHE_DIR)


class Edits(Builds):
    def check(self, **kw):
        """The incremental build equals a clean one: bytes, page keys and warnings."""
        now = kw.pop("now", NOW)
        result = self.incremental(now=now, **kw)
        self.cleans += 1
        clean_out = self.tmp / f"clean-{self.cleans}"
        clean = build(BuildOptions(site=self.site, output=clean_out, cache_dir=self.tmp / f"cache-{self.cleans}",
                                   now=now, **kw))  # fmt: skip
        moved = same_but_moved(tree(self.out), tree(clean_out))  # redirects from earlier URLs: see there
        assert {k: v for k, v in _keys(self.out).items() if k not in moved} == _keys(clean_out)
        said = [w for w in _warnings(result) if not w[2].startswith("its URL changed from")]
        assert said == _warnings(clean)
        return result


@pytest.fixture
def edits(tmp_path) -> Edits:
    return Edits(tmp_path)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_text_edit_makes_only_the_article_page(edits):
    edits.check()
    _edit(article(edits, 7), "hầu hết các chỉ tiêu", "mọi chỉ tiêu")
    r = edits.check()
    assert r.text_edit and r.parsed == 1 and r.rendered_kinds == {"article": 1} and r.written == 1
    assert r.articles == 30 and sum(r.pages.values()) > 30
    # two articles at once, one of them a new paragraph that moves the lines below it
    _edit(article(edits, 3), "* Những con số", "Một đoạn văn mới được thêm vào giữa bài.\n\n* Những con số")
    _edit(article(edits, 12), "các cơ quan chức năng", "các sở, ngành")
    r = edits.check()
    assert r.text_edit and r.parsed == 2 and r.rendered_kinds == {"article": 2}
    # a caption with no picture: only the article's page shows it
    _edit(article(edits, 7), "(Ảnh: Minh Khang/TTXVN)", "(Ảnh: Lan Anh/TTXVN)")
    assert edits.check().text_edit


def test_a_warning_that_moves_with_the_text(edits):
    path = article(edits, 5)
    dateline = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("(TTXVN)"))
    _edit(path, dateline, dateline.replace("/2026,", ","))  # no year: guessed, with a warning at its line
    first = edits.check()
    assert any("was guessed" in m for _name, _line, m in _warnings(first))
    _edit(path, "\n\n(TTXVN)", "\n\n\n\n(TTXVN)")  # the dateline two lines lower
    r = edits.check()
    assert r.text_edit and _warnings(r) != _warnings(first)


@pytest.mark.parametrize(
    "old, new",
    [
        ("Tin số 7 về", "Tin số bảy về"),  # the headline: lists show it
        ("Bản tin về", "Bản tin mới về"),  # the sapo
        ("Sáng 8/", "Chiều 8/"),  # the dateline's time: the date lists show
        ("Minh Khang\n", "Lan Anh\n"),  # the byline
        ("Từ khóa: ", "Từ khóa: Hòa bình, "),  # the tags
        ("Thời sự\n", "Thể thao\n"),  # the rubric
    ],
)
def test_what_other_pages_show_takes_the_full_path(edits, old, new):
    edits.check()
    path = article(edits, 8 if "Thời sự" in old else 7)
    if "Sáng 8/" in old:
        path = article(edits, 7)
        old = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("(TTXVN) Sáng"))
        new = old.replace("Sáng", "Chiều")
    _edit(path, old, new)
    r = edits.check()
    assert not r.text_edit and r.parsed == 1


def test_a_text_that_makes_or_unmakes_a_copy_takes_the_full_path(edits):
    content = edits.site / "content"
    write_article(content, "ban-a.txt", rubric="Kinh tế", headline="Hai bản của một tin", day=3, month=11)
    b = write_article(content, "ban-b.txt", rubric="Kinh tế", headline="Hai bản của một tin", day=3, month=11)
    _edit(b, "hầu hết các chỉ tiêu", "phần lớn các chỉ tiêu")
    first = edits.check()
    assert first.articles == 32
    _edit(b, "phần lớn các chỉ tiêu", "hầu hết các chỉ tiêu")  # now the same story as ban-a
    r = edits.check()
    assert not r.text_edit and r.articles == 31
    _edit(b, "hầu hết các chỉ tiêu", "phần lớn các chỉ tiêu")  # a story of its own again
    r = edits.check()
    assert not r.text_edit and r.articles == 32


def test_a_draft_edit_changes_no_page(edits):
    content = edits.site / "content"
    draft = write_article(content, "nhap.txt", rubric="Kinh tế", headline="Bản nháp", day=3, month=11,
                          front_matter="---\ndraft: true\n---\n")  # fmt: skip
    edits.check()
    _edit(draft, "hầu hết các chỉ tiêu", "mọi chỉ tiêu")
    r = edits.check()
    assert r.text_edit and r.rendered == 0 and r.written == 0


def test_a_file_of_the_site_changed_on_disk_takes_the_full_path(edits):
    edits.check()
    (edits.out / "the-thao" / "index.html").unlink()
    _edit(article(edits, 7), "hầu hết các chỉ tiêu", "mọi chỉ tiêu")
    r = edits.check()
    assert not r.text_edit and (edits.out / "the-thao" / "index.html").is_file()


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE article_pages SET page = 'not json'",
        'UPDATE article_pages SET page = \'{"section": 3, "tags": [], "related": []}\'',
        "UPDATE article_pages SET page = '[1, 2]'",
        "DELETE FROM article_pages",
        "UPDATE article_pages SET url = '/../../ngoai/'",
        "UPDATE meta SET v = CAST('\"someone else\"' AS BLOB) WHERE k = 'article_pages'",
        "UPDATE meta SET v = CAST('{\"x\": 1}' AS BLOB) WHERE k = 'search_months'",
        "UPDATE articles SET summary = CAST('[]' AS BLOB) WHERE path LIKE 'bai-00%'",
        "UPDATE meta SET v = CAST('{\"edit_base\": 1, \"fingerprint\": 2}' AS BLOB) WHERE k = 'last_build'",
        "UPDATE meta SET v = CAST('[]' AS BLOB) WHERE k = 'last_build'",
        "UPDATE meta SET v = CAST(replace(CAST(v AS TEXT), '+07:00', '') AS BLOB) WHERE k = 'last_build'",
    ],
)
def test_a_damaged_record_takes_the_full_path(edits, damage):
    edits.check()
    with sqlite3.connect(edits.site / CACHE_DIR / "cache.sqlite") as conn:
        conn.execute(damage)
    _edit(article(edits, 7), "hầu hết các chỉ tiêu", "mọi chỉ tiêu")
    r = edits.check()
    assert not r.text_edit or "search_months" in damage  # the months are read only with search on


def test_options_and_configuration_take_the_full_path(edits):
    edits.check()
    _edit(article(edits, 7), "hầu hết các chỉ tiêu", "mọi chỉ tiêu")
    config = edits.site / "newsgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "related_count: 2\n", encoding="utf-8")
    assert not edits.check().text_edit
    _edit(article(edits, 7), "mọi chỉ tiêu", "tất cả chỉ tiêu")
    r = edits.incremental(drafts=True)
    assert not r.text_edit


def test_a_text_edit_on_a_site_with_pages_that_are_not_news_and_page_views(edits):
    """The footer of an article page made by a text edit links the site's pages that are not
    news, as a clean build's does; retitling one of them re-renders every footer."""
    pages = edits.site / "content" / "trang"
    pages.mkdir()
    (pages / "lien-he.txt").write_text("Liên hệ\n\nSố 1 phố Thử, Hà Nội\n", encoding="utf-8")
    (edits.site / "data").mkdir()
    (edits.site / "data" / "doc-nhieu.csv").write_text("url,views\n/tin-so-4-ve-hoat-dong-cua-dia-phuong/,9\n",
                                                       encoding="utf-8")  # fmt: skip
    edits.check()
    _edit(article(edits, 7), "hầu hết các chỉ tiêu", "mọi chỉ tiêu")
    r = edits.check()
    assert r.text_edit and r.rendered_kinds == {"article": 1}
    (pages / "lien-he.txt").write_text("Liên hệ tòa soạn\n\nSố 1 phố Thử, Hà Nội\n", encoding="utf-8")
    r = edits.check()
    assert not r.text_edit and r.rendered_kinds["article"] == 30
