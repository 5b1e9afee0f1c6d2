"""The front page's parts and what feeds them: pinned stories (`featured:`), the "Tin nóng" bar
(`breaking:`, `until:`), most read (`data/doc-nhieu.csv`), pages that are not news
(`content/trang/`) and the newsroom's details; and that what changes with every story stays
off the article pages."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from newsgen.build import BuildOptions, build
from newsgen.cli import cli
from newsgen.errors import BuildFailed
from sitegen import make_site, write_article

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=HCM)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def site(tmp_path: Path, count: int = 6, extra_config: str = "") -> Path:
    return make_site(tmp_path / "site", count=count, extra_config=extra_config)


def front(root: Path) -> BeautifulSoup:
    return soup(root / "public" / "index.html")


def most_read(root: Path) -> list[str]:
    block = front(root).find(class_="most-read")
    return [li.a["href"] for li in block.find_all("li")] if block else []


# -- pinned stories


def test_featured_stories_lead_the_front_page_newest_first(tmp_path):
    root = site(tmp_path)
    content = root / "content"
    write_article(content, "ghim-cu.txt", rubric="Kinh tế", headline="Bài ghim cũ", day=2, month=10,
                  front_matter="---\nfeatured: true\n---\n")  # fmt: skip
    write_article(content, "ghim-moi.txt", rubric="Thể thao", headline="Bài ghim mới", day=3, month=10,
                  front_matter="---\nfeatured: true\n---\n")  # fmt: skip
    build(BuildOptions(site=root, now=NOW, jobs=1))
    page = front(root)
    assert page.find(class_="lead-title").a["href"] == "/bai-ghim-moi/"
    secondary = [a.h3.a["href"] for a in page.find(class_="secondary").find_all("article")]
    assert secondary[0] == "/bai-ghim-cu/" and len(secondary) == 3  # then the newest


def test_featured_must_be_true_or_false(tmp_path):
    root = site(tmp_path, count=1)
    write_article(root / "content", "x.txt", rubric="Kinh tế", headline="Sai kiểu", day=2, month=10,
                  front_matter="---\nfeatured: có\n---\n")  # fmt: skip
    with pytest.raises(BuildFailed) as exc:
        build(BuildOptions(site=root, now=NOW, jobs=1))
    d = exc.value.diagnostics[0]
    assert d.path.name == "x.txt" and d.line == 2 and "'featured' must be true or false" in d.message


# -- breaking news


def breaking_site(tmp_path: Path, front_matter: str) -> Path:
    root = site(tmp_path)
    write_article(root / "content", "nong.txt", rubric="Thời sự", headline="Động đất mạnh ở miền Trung",
                  day=30, month=11, front_matter=front_matter)  # fmt: skip
    return root


def test_breaking_news_shows_until_it_expires_and_the_build_knows_when(tmp_path):
    root = breaking_site(tmp_path, "---\ndate: 2026-11-30 09:00\nbreaking: true\nuntil: 2026-11-30 21:00\n---\n")
    first = build(BuildOptions(site=root, now=NOW, jobs=1))
    bar = front(root).find("aside", class_="breaking")
    assert bar.li.a["href"] == "/dong-dat-manh-o-mien-trung/"
    assert soup(root / "public" / "thoi-su" / "index.html").find("aside", class_="breaking")
    side = json.loads((root / "public" / "tin-nhanh.json").read_text(encoding="utf-8"))
    assert side["until"] == ["2026-11-30T21:00:00+07:00"] and "Động đất mạnh" in side["breaking"]
    assert first.next_due == datetime(2026, 11, 30, 21, 0, tzinfo=HCM)
    # an article page never carries it (it shows it from the small file)
    assert not soup(root / "public" / "dong-dat-manh-o-mien-trung" / "index.html").find("aside", class_="breaking")
    # the same inputs, before the time: nothing to do; at the time: the bar is gone
    assert build(BuildOptions(site=root, now=datetime(2026, 11, 30, 20, 59, tzinfo=HCM), jobs=1)).up_to_date
    later = build(BuildOptions(site=root, now=datetime(2026, 11, 30, 21, 0, tzinfo=HCM), jobs=1))
    assert not later.up_to_date and later.next_due is None
    assert not front(root).find("aside", class_="breaking")
    assert json.loads((root / "public" / "tin-nhanh.json").read_text(encoding="utf-8"))["breaking"] == ""
    assert later.rendered_kinds["article"] == 0  # the article pages did not change


def test_breaking_news_without_until_lasts_six_hours(tmp_path):
    root = breaking_site(tmp_path, "---\ndate: 2026-11-30 08:00\nbreaking: true\n---\n")
    result = build(BuildOptions(site=root, now=NOW, jobs=1))
    assert result.next_due == datetime(2026, 11, 30, 14, 0, tzinfo=HCM)
    assert front(root).find("aside", class_="breaking")


@pytest.mark.parametrize(
    ("front_matter", "line", "message"),
    [
        ("---\nbreaking: yes please\n---\n", 2, "'breaking' must be true or false"),
        ("---\nbreaking: true\nuntil: sắp tới\n---\n", 3, "'until' in the front matter is not a date"),
    ],
)
def test_bad_breaking_values_name_the_line(tmp_path, front_matter, line, message):
    root = breaking_site(tmp_path, front_matter)
    with pytest.raises(BuildFailed) as exc:
        build(BuildOptions(site=root, now=NOW, jobs=1))
    d = exc.value.diagnostics[0]
    assert d.path.name == "nong.txt" and d.line == line and message in d.message


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        ("---\nuntil: 2026-12-01 08:00\n---\n", "'until' is for breaking news"),
        ("---\ndate: 2026-11-30 09:00\nbreaking: true\nuntil: 2026-11-29 08:00\n---\n", "is not after the article"),
    ],
)
def test_until_that_can_never_show_is_a_warning(tmp_path, front_matter, message):
    root = breaking_site(tmp_path, front_matter)
    result = build(BuildOptions(site=root, now=NOW, jobs=1))
    assert any(message in d.message and d.path.name == "nong.txt" for d in result.warnings)
    assert not front(root).find("aside", class_="breaking")


# -- most read


def with_views(tmp_path: Path, csv_text: str | bytes, base_url: str = "https://example.org/") -> Path:
    root = site(tmp_path, extra_config=f"base_url: {base_url}\n")
    (root / "data").mkdir()
    data = csv_text.encode("utf-8") if isinstance(csv_text, str) else csv_text
    (root / "data" / "doc-nhieu.csv").write_bytes(data)
    return root


def test_most_read_from_an_analytics_export(tmp_path):
    export = (
        "\ufeff# ----------------------------------------\n# Pages and screens\n\n"
        "Page path and screen class;Views;Users\n"
        "/tin-so-3-ve-hoat-dong-cua-dia-phuong/;1.200;900\n"
        "https://example.org/tin-so-1-ve-hoat-dong-cua-dia-phuong/?utm_source=zalo;700;500\n"
        "/tin-so-1-ve-hoat-dong-cua-dia-phuong/index.html;600;400\n"
        "/;50.000;30.000\n"
        "/thoi-su/;2.000;1.000\n"
        "/tin-khong-co/;999;1\n"
        "/tin-so-5-ve-hoat-dong-cua-dia-phuong/;nhiều;1\n"
    )
    root = with_views(tmp_path, export)
    result = build(BuildOptions(site=root, now=NOW, jobs=1))
    assert most_read(root) == ["/tin-so-1-ve-hoat-dong-cua-dia-phuong/", "/tin-so-3-ve-hoat-dong-cua-dia-phuong/"]
    warnings = [d for d in result.warnings if d.path.name == "doc-nhieu.csv"]
    assert sorted((d.line, d.message.split(" (")[0]) for d in warnings) == [
        (10, "1 rows name no story of the site, left out"),
        (11, "1 rows without an address and a whole number of views left out"),
    ]
    assert any("/tin-khong-co/" in d.message for d in warnings)  # the front page and a rubric are no surprise


def test_most_read_by_slug_and_under_a_base_path(tmp_path):
    root = with_views(tmp_path, "slug,views\ntin-so-2-ve-hoat-dong-cua-dia-phuong,5\n", "https://example.org/bao/")
    build(BuildOptions(site=root, now=NOW, jobs=1))
    assert most_read(root) == ["/bao/tin-so-2-ve-hoat-dong-cua-dia-phuong/"]
    (root / "data" / "doc-nhieu.csv").write_text(
        "url,views\nhttps://example.org/bao/tin-so-4-ve-hoat-dong-cua-dia-phuong/,9\n"
        "/bao/tin-so-2-ve-hoat-dong-cua-dia-phuong/,3\n", encoding="utf-8"
    )  # fmt: skip
    again = build(BuildOptions(site=root, now=NOW, jobs=1))  # a new export: the lists change, no article page
    assert most_read(root) == [
        "/bao/tin-so-4-ve-hoat-dong-cua-dia-phuong/",
        "/bao/tin-so-2-ve-hoat-dong-cua-dia-phuong/",
    ]
    assert again.rendered_kinds["article"] == 0 and again.rendered_kinds["side"] == 1


def test_no_file_no_most_read_block(tmp_path):
    root = site(tmp_path)
    build(BuildOptions(site=root, now=NOW, jobs=1))
    assert not front(root).find(id="doc-nhieu")
    assert "Đọc nhiều" not in (root / "public" / "tin-nhanh.json").read_text(encoding="utf-8")


def test_a_file_that_cannot_be_used_is_an_error_naming_it(tmp_path):
    root = with_views(tmp_path, "# export\nPage,Sessions\n/a/,3\n")
    result = CliRunner().invoke(cli, ["build", "--site", str(root)], env={"NEWSGEN_NOW": NOW.isoformat()})
    assert result.exit_code == 1
    assert "data/doc-nhieu.csv:2: error: the header must name a 'url' (or 'slug') column" in result.output
    assert "Traceback" not in result.output and not (root / "public").exists()
    # --keep-going: published without the list, the problem a warning
    result = CliRunner().invoke(cli, ["build", "--site", str(root), "--keep-going"],
                                env={"NEWSGEN_NOW": NOW.isoformat()})  # fmt: skip
    assert result.exit_code == 0 and "left out: the header must name" in result.output
    assert not front(root).find(id="doc-nhieu")


@pytest.mark.parametrize("kind", ["fifo", "symlink-out", "binary", "huge"])
def test_hostile_most_read_files(tmp_path, kind, monkeypatch):
    root = site(tmp_path)
    data = root / "data"
    data.mkdir()
    path = data / "doc-nhieu.csv"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "symlink-out":
        outside = tmp_path / "bi-mat.csv"
        outside.write_text("url,views\n/tin-so-1-ve-hoat-dong-cua-dia-phuong/,1\n", encoding="utf-8")
        path.symlink_to(outside)
    elif kind == "binary":
        path.write_bytes(b"url,views\n\x00\x01\x02\xff\xfe")
    else:
        from newsgen.site import most_read as module

        monkeypatch.setattr(module, "MAX_BYTES", 100)
        path.write_text("url,views\n" + "/a/,1\n" * 100, encoding="utf-8")
    with pytest.raises(BuildFailed) as exc:
        build(BuildOptions(site=root, now=NOW, jobs=1))
    d = exc.value.diagnostics[0]
    assert d.path == path and d.level == "error"
    assert not (root / "public").exists()


# -- pages that are not news


def test_standalone_pages(tmp_path):
    root = site(tmp_path)
    pages = root / "content" / "trang"
    pages.mkdir()
    (pages / "gioi-thieu.md").write_text("---\ntitle: Giới thiệu\nweight: 2\n---\nBáo **Thử** ra đời năm 2026.\n",
                                         encoding="utf-8")  # fmt: skip
    (pages / "giay-phep.txt").write_text("Giấy phép hoạt động\n\nGiấy phép số 1/GP-BTTTT\ncấp ngày 1/1/2026\n",
                                         encoding="utf-8")  # fmt: skip
    (pages / "nhap.txt").write_text("---\ndraft: true\n---\nBản nháp\n\nChưa xong.\n", encoding="utf-8")
    result = build(BuildOptions(site=root, now=NOW, jobs=1))
    assert result.pages["standalone"] == 2 and result.articles == 6
    assert not [d for d in result.warnings if "trang" in str(d.path)]
    licence = soup(root / "public" / "trang" / "giay-phep" / "index.html")
    assert licence.h1.get_text() == "Giấy phép hoạt động"
    assert licence.find(class_="story-body").p.decode_contents() == "Giấy phép số 1/GP-BTTTT<br/>\ncấp ngày 1/1/2026"
    about = soup(root / "public" / "trang" / "gioi-thieu" / "index.html")
    assert about.find(class_="story-body").strong.get_text() == "Thử"
    footer = [a["href"] for a in front(root).find("footer").find_all("a", href=lambda h: h.startswith("/trang/"))]
    assert footer == ["/trang/giay-phep/", "/trang/gioi-thieu/"]  # weight 0, then 2
    assert not (root / "public" / "trang" / "nhap").exists()
    # an edit re-renders the page (and, for its title, the footers)
    (pages / "giay-phep.txt").write_text("Giấy phép hoạt động\n\nGiấy phép số 2/GP-BTTTT\n", encoding="utf-8")
    build(BuildOptions(site=root, now=NOW, jobs=1))
    assert "số 2/GP" in (root / "public" / "trang" / "giay-phep" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("a.md", "---\ndescription: x\n---\nChỉ có thân bài.\n", 1, "no title"),
        ("b.txt", "---\ntitle: B\nmenu: main\n---\nNội dung\n", 3, "unknown front matter key 'menu'"),
        ("c.txt", "---\nweight: đầu\n---\nC\n", 2, "'weight' must be a whole number"),
    ],
)
def test_bad_standalone_pages_name_the_line(tmp_path, name, text, line, message):
    root = site(tmp_path, count=1)
    (root / "content" / "trang").mkdir()
    (root / "content" / "trang" / name).write_text(text, encoding="utf-8")
    with pytest.raises(BuildFailed) as exc:
        build(BuildOptions(site=root, now=NOW, jobs=1))
    d = exc.value.diagnostics[0]
    assert d.path.name == name and d.line == line and message in d.message


# -- the newsroom


def test_newsroom_details_are_checked(tmp_path):
    root = site(tmp_path, count=1, extra_config="newsroom:\n  address: Số 1\n  fax: '024'\n")
    result = CliRunner().invoke(cli, ["build", "--site", str(root)])
    assert result.exit_code != 0 and "unknown newsroom detail 'fax'" in result.output
    assert "newsgen.yaml:" in result.output and "Traceback" not in result.output


# -- what a new story re-renders


def test_a_new_story_re_renders_the_lists_not_every_article(tmp_path):
    root = site(tmp_path, count=30)
    build(BuildOptions(site=root, now=NOW, jobs=1))
    write_article(root / "content", "moi.txt", rubric="Thời sự", headline="Tin mới nộp", day=29, month=11)
    result = build(BuildOptions(site=root, now=NOW, jobs=1))
    kinds = result.rendered_kinds
    assert kinds["side"] == 1 and kinds["home"] == 1
    # its own page and its neighbours' (older/newer, related), never all thirty
    assert 1 <= kinds["article"] <= 8


def test_check_reads_pages_that_are_not_news_as_build_does(tmp_path):
    root = site(tmp_path, count=2)
    (root / "content" / "trang").mkdir()
    (root / "content" / "trang" / "lien-he.txt").write_text("Liên hệ\n\nSố 1 phố Thử\n", encoding="utf-8")
    ok = CliRunner().invoke(cli, ["check", "--site", str(root)])
    assert ok.exit_code == 0 and "2 articles, 0 errors, 0 warnings" in ok.output  # no "no date" warning
    (root / "content" / "trang" / "sai.txt").write_text("---\nweight: x\n---\nSai\n", encoding="utf-8")
    bad = CliRunner().invoke(cli, ["check", "--site", str(root)])
    assert bad.exit_code == 1 and "trang/sai.txt:2: error: 'weight' must be a whole number" in bad.output


def test_home_secondary_is_two_to_four_at_most(tmp_path):
    root = site(tmp_path, count=1, extra_config="home_secondary: 9\n")
    result = CliRunner().invoke(cli, ["build", "--site", str(root)])
    assert result.exit_code != 0 and "'home_secondary' must be 0 to 4" in result.output
