"""Incremental and parallel builds give exactly the bytes of a clean build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsgen import build as build_module
from newsgen.build import BuildOptions, build
from newsgen.output.assets import THEME
from newsgen.site import index as site_index
from sitegen import make_site, tree, write_article

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=HCM)


class Builds:
    """One site built incrementally into one folder, and clean builds to compare with."""

    def __init__(self, tmp_path: Path, count: int = 30) -> None:
        self.tmp = tmp_path
        self.site = make_site(tmp_path / "site", count=count, page_size=5)
        self.out = tmp_path / "incremental"
        self.cleans = 0

    def incremental(self, **kw):
        return build(BuildOptions(site=self.site, output=self.out, now=kw.pop("now", NOW), **kw))

    def clean(self, **kw) -> dict[str, bytes]:
        self.cleans += 1
        out = self.tmp / f"clean-{self.cleans}"
        build(BuildOptions(site=self.site, output=out, cache_dir=self.tmp / f"cache-{self.cleans}",
                           now=kw.pop("now", NOW), **kw))  # fmt: skip
        return tree(out)

    def check(self, **kw):
        result = self.incremental(**kw)
        self.moved = same_but_moved(tree(self.out), self.clean(**kw))
        return result


def same_but_moved(incremental: dict[str, object], clean: dict[str, object]) -> set[str]:
    """The incremental folder holds the clean build's bytes; besides them, only the redirect pages
    from the URLs articles had in its earlier builds (a clean build has no such past): returned."""
    moved = {k for k in set(incremental) - set(clean) if k != "<owned>"}
    assert all(incremental[k].startswith(b"<!DOCTYPE html>\n<!-- newsgen:redirect ") for k in moved), moved
    owned = {k: v for k, v in incremental["<owned>"].items() if k not in moved}
    assert {k: v for k, v in incremental.items() if k not in moved and k != "<owned>"} | {"<owned>": owned} == clean
    return moved


@pytest.fixture
def builds(tmp_path) -> Builds:
    return Builds(tmp_path)


def article(builds: Builds, n: int) -> Path:
    return builds.site / "content" / f"bai-{n:03d}.txt"


def test_nothing_changed_parses_and_renders_nothing(builds):
    first = builds.check()
    assert first.parsed == 30 and first.rendered == sum(first.pages.values())
    again = builds.incremental()
    assert again.up_to_date and again.parsed == 0 and again.rendered == 0 and again.written == 0
    assert again.articles == 30


def test_an_up_to_date_build_imports_neither_parser_nor_renderer(tmp_path):
    """The no-op build is most builds: it must not pay for loading what it does not run, not
    even to read back the warnings it repeats."""
    site = make_site(tmp_path / "site", count=5, search=True)
    (site / "content" / "ghi-chu.docx").write_bytes(b"PK\x03\x04")  # a warning, said again by every build
    code = (
        "import sys\n"
        "from newsgen.cli import cli\n"
        "try:\n"
        f"    cli(['build', '--site', {str(site)!r}], prog_name='newsgen')\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    run = [sys.executable, "-c", code]
    first = subprocess.run(run, capture_output=True, text=True, timeout=300, check=True)
    assert "jinja2" in first.stdout.split()  # a build with work to do renders
    again = subprocess.run(run, capture_output=True, text=True, timeout=300, check=True)
    assert "is up to date" in again.stdout and "ghi-chu.docx: warning:" in again.stderr
    modules = set(again.stdout.split())
    heavy = {"jinja2", "markdown", "newsgen.model", "newsgen.site.model", "newsgen.load.article",
             "newsgen.load.recognise", "newsgen.output.search", "newsgen.render.renderer", "multiprocessing",
             "newsgen.deploy.publish", "slugify", "newsgen.slugs", "newsgen.load.text", "newsgen.vietnamese"}  # fmt: skip
    assert not modules & heavy


def test_body_edit_renders_only_that_article(builds):
    builds.check()
    path = article(builds, 7)
    path.write_text(path.read_text(encoding="utf-8").replace("hầu hết các chỉ tiêu", "mọi chỉ tiêu"), encoding="utf-8")
    result = builds.check()
    assert result.parsed == 1
    assert result.rendered_kinds == {"article": 1}
    assert result.written == 1


def test_headline_edit_renders_the_pages_that_show_it(builds):
    first = builds.check()
    path = article(builds, 7)
    path.write_text(path.read_text(encoding="utf-8").replace("Tin số 7 về", "Tin số bảy về"), encoding="utf-8")
    result = builds.check()
    assert result.parsed == 1
    assert 1 < result.rendered < sum(first.pages.values()) / 2
    assert result.rendered_kinds["article"] < 30  # only the neighbours and related articles, not all
    assert builds.moved == {"tin-so-7-ve-hoat-dong-cua-dia-phuong/index.html"}  # the old URL redirects


def test_additions_deletions_renames_rubric_and_tag_changes(builds):
    builds.check()
    write_article(builds.site / "content", "moi.txt", rubric="Kinh tế", headline="Bài mới thêm vào", day=15, month=11,
                  tags=["bóng đá", "Đà Lạt"])  # fmt: skip
    builds.check()
    article(builds, 3).unlink()
    result = builds.check()
    assert any("tin-so-3-" in r for r in result.removed)
    article(builds, 4).rename(builds.site / "content" / "da-doi-ten.txt")
    builds.check()
    path = article(builds, 5)
    path.write_text(path.read_text(encoding="utf-8").replace("Kinh tế\n", "Thế giới\n", 1), encoding="utf-8")
    builds.check()
    path = article(builds, 6)
    path.write_text(path.read_text(encoding="utf-8").replace("Từ khóa: ", "Từ khóa: Hòa bình, "), encoding="utf-8")
    builds.check()
    (builds.site / "content" / "2026").mkdir()
    article(builds, 8).rename(builds.site / "content" / "2026" / "bai-008.txt")
    builds.check()


def test_template_edit_renders_only_pages_using_it(builds):
    builds.check()
    templates = builds.site / "templates"
    templates.mkdir()
    source = (THEME / "templates" / "tags.html").read_text(encoding="utf-8")
    edited = source.replace('<h1>{{ _("Topics") }}</h1>', "<h1>Tất cả chủ đề</h1>")
    assert edited != source
    (templates / "tags.html").write_text(edited, encoding="utf-8")
    result = builds.check()
    assert result.rendered_kinds == {"tags": 1}
    source = (THEME / "templates" / "article.html").read_text(encoding="utf-8")
    edited = source.replace('<p class="meta">', '<p class="meta story-meta">')
    assert edited != source
    (templates / "article.html").write_text(edited, encoding="utf-8")
    result = builds.check()
    assert result.rendered_kinds == {"article": 30}
    (templates / "article.html").unlink()
    result = builds.check()
    assert set(result.rendered_kinds) == {"article"}


def test_static_and_config_changes(builds):
    builds.check()
    (builds.site / "static").mkdir()
    (builds.site / "static" / "style.css").write_text("body { color: black; }\n")
    result = builds.check()
    assert result.rendered_kinds["article"] == 30  # the stylesheet's name changed in every page
    config = builds.site / "newsgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("Báo Thử", "Báo Thử Mới"), encoding="utf-8")
    builds.check()


def test_options_and_time(builds):
    builds.check()
    write_article(builds.site / "content", "hen-gio.txt", rubric="Thời sự", headline="Bài hẹn giờ", day=1, month=12)
    result = builds.check()
    assert result.excluded == 1
    assert builds.incremental().up_to_date
    later = NOW + timedelta(days=5)  # the article falls due: the same files give another site
    result = builds.check(now=later)
    assert not result.up_to_date and result.excluded == 0
    builds.check(now=later, drafts=True)
    builds.check(now=later, base_url="https://example.org/tin-tuc/")
    builds.check(now=later, relative_urls=True)


def test_deleted_output_is_written_again(builds):
    builds.check()
    shutil.rmtree(builds.out)
    result = builds.check()
    assert not result.up_to_date and result.written > 0
    (builds.out / "thoi-su" / "index.html").unlink()
    result = builds.check()
    assert result.written >= 1


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_parallel_output_is_identical_to_one_job(tmp_path, monkeypatch, method):
    """Workers made by fork (Linux) and by spawn (Windows, macOS) give the one-job output."""
    from newsgen.load import folder

    monkeypatch.setenv("NEWSGEN_START_METHOD", method)
    monkeypatch.setattr(folder, "PARALLEL_PARSE_MIN", 1)
    monkeypatch.setattr(build_module, "PARALLEL_RENDER_MIN", 1)
    monkeypatch.setattr(site_index, "PARALLEL_RELATED_MIN", 1)
    site = make_site(tmp_path / "site", count=40, page_size=5)
    one = build(BuildOptions(site=site, output=tmp_path / "one", cache_dir=tmp_path / "c1", now=NOW, jobs=1))
    two = build(BuildOptions(site=site, output=tmp_path / "two", cache_dir=tmp_path / "c2", now=NOW, jobs=2))
    assert one.rendered == two.rendered
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    path = site / "content" / "bai-010.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Tin số 10 về", "Tin số mười về"), encoding="utf-8")
    build(BuildOptions(site=site, output=tmp_path / "two", cache_dir=tmp_path / "c2", now=NOW, jobs=2))
    build(BuildOptions(site=site, output=tmp_path / "three", cache_dir=tmp_path / "c3", now=NOW, jobs=1))
    assert same_but_moved(tree(tmp_path / "two"), tree(tmp_path / "three")) == {
        "tin-so-10-ve-hoat-dong-cua-dia-phuong/index.html"
    }
    # a template edit: its pages restored in the workers (sent to them whole under spawn)
    (site / "templates").mkdir()
    theme_article = THEME / "templates" / "article.html"
    (site / "templates" / "article.html").write_text(
        theme_article.read_text(encoding="utf-8").replace("</article>", "<p>Bản quyền</p></article>", 1),
        encoding="utf-8",
    )
    edited = build(BuildOptions(site=site, output=tmp_path / "two", cache_dir=tmp_path / "c2", now=NOW, jobs=2))
    build(BuildOptions(site=site, output=tmp_path / "four", cache_dir=tmp_path / "c4", now=NOW, jobs=1))
    assert edited.template_edit
    assert same_but_moved(tree(tmp_path / "two"), tree(tmp_path / "four")) == {
        "tin-so-10-ve-hoat-dong-cua-dia-phuong/index.html"
    }


def test_a_failed_parallel_build_leaves_the_previous_site(tmp_path, monkeypatch):
    monkeypatch.setattr(build_module, "PARALLEL_RENDER_MIN", 1)
    site = make_site(tmp_path / "site", count=20)
    out = tmp_path / "out"
    build(BuildOptions(site=site, output=out, now=NOW, jobs=2))
    before = tree(out)
    write_article(site / "content", "moi.txt", rubric="Thời sự", headline="Bài mới sẽ hỏng", day=9, month=11)
    (site / "templates").mkdir()
    (site / "templates" / "article.html").write_text(
        '{% extends "base.html" %}{% block main %}{{ page.entry.article.khong_co }}{% endblock %}'
    )
    from newsgen.render.renderer import TemplateError

    with pytest.raises(TemplateError):
        build(BuildOptions(site=site, output=out, now=NOW, jobs=2))
    assert tree(out) == before
    assert not list(out.rglob("*.newsgen-tmp"))


def test_breaking_news_most_read_and_pinned_stories_build_incrementally(builds):
    """Flagging, pinning and page views change the front page, the rubrics' first pages and the
    side file; the incremental output stays byte-identical to a clean build's."""
    builds.check()
    path = article(builds, 4)
    path.write_text(
        "---\nbreaking: true\nuntil: 2026-11-29 08:00\nfeatured: true\n---\n" + path.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    r = builds.check()
    assert r.rendered_kinds["side"] == 1 and r.rendered_kinds["home"] == 1
    (builds.site / "data").mkdir()
    (builds.site / "data" / "doc-nhieu.csv").write_text("url,views\n/tin-so-9-ve-hoat-dong-cua-dia-phuong/,5\n",
                                                        encoding="utf-8")  # fmt: skip
    r = builds.check()
    assert r.rendered_kinds["article"] == 0 and r.rendered_kinds["side"] == 1
    (builds.site / "data" / "doc-nhieu.csv").unlink()
    r = builds.check()
    assert r.rendered_kinds["article"] == 0 and r.rendered_kinds["home"] == 1
