"""`newsgen build` on the bundled sample site and on small generated sites."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from newsgen.build import BuildFailed, BuildOptions, build
from newsgen.cli import cli
from newsgen.errors import OutputError
from newsgen.vietnamese import sort_key
from sitegen import make_site, write_article

ROOT = Path(__file__).resolve().parent.parent
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=HCM)
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if ".newsgen" not in str(p))


@pytest.fixture(scope="module")
def sample(sample_build) -> Path:
    out, result = sample_build
    assert result.articles == 25
    return out


def json_ld(page: BeautifulSoup, kind: str) -> dict:
    for script in page.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        if data.get("@type") == kind:
            return data
    raise AssertionError(f"no {kind} JSON-LD")


# ------------------------------------------------------------------ pages


def test_article_page_shows_what_a_reader_expects(sample):
    page = soup(sample / "chinh-phu-hop-phien-thuong-ky-thang-10" / "index.html")
    assert page.html["lang"] == "vi"
    assert page.title.string == "Chính phủ họp phiên thường kỳ tháng 10 | Tin Mẫu"
    assert [h.get_text() for h in page.find_all("h1")] == ["Chính phủ họp phiên thường kỳ tháng 10"]
    story = page.find("article", class_="story")
    assert story.find(class_="rubric-label").a["href"] == "/thoi-su/"
    assert story.find("time").get_text() == "Thứ Ba, 03/11/2026 08:00"
    assert story.find("time")["datetime"] == "2026-11-03T08:00:00+07:00"
    assert story.find(class_="lede").get_text().startswith("Chính phủ đánh giá kinh tế tiếp tục phục hồi")
    assert "phút đọc" in story.find(class_="reading-time").get_text()
    fig = story.find("figure")
    assert fig.figcaption.get_text(" ", strip=True) == "Thủ tướng chủ trì phiên họp. (Ảnh: Dương Giang/TTXVN)"
    assert [h.get_text() for h in story.find(class_="story-body").find_all("h2")] == [
        "Giải ngân đầu tư công",
        "Bảo đảm an sinh xã hội",
    ]
    assert story.find(class_="author").get_text() == "Dương Giang"
    assert story.find(class_="agency").get_text() == "(TTXVN)"
    assert [a.get_text() for a in story.find(class_="tags").find_all("a")] == [
        "Chính phủ", "tăng trưởng kinh tế", "đầu tư công",
    ]  # fmt: skip
    assert page.find("a", rel="prev")["href"] == "/khai-mac-ky-hop-thu-nhat-quoc-hoi-khoa-xvi/"
    related = page.find("section", class_="related").find_all("article")
    assert 1 <= len(related) <= 5
    # the article sharing a tag (đầu tư công) comes first
    assert related[0].a.get_text() == "Thông xe thêm 120 km cao tốc Bắc - Nam"


def test_article_head_metadata(sample):
    page = soup(sample / "chinh-phu-hop-phien-thuong-ky-thang-10" / "index.html")
    url = "http://localhost:8000/chinh-phu-hop-phien-thuong-ky-thang-10/"
    assert page.find("link", rel="canonical")["href"] == url
    assert page.find("meta", attrs={"name": "description"})["content"].startswith("Chính phủ đánh giá")
    assert page.find("meta", property="og:title")["content"] == "Chính phủ họp phiên thường kỳ tháng 10"
    assert page.find("meta", property="og:type")["content"] == "article"
    assert page.find("meta", property="og:url")["content"] == url
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
    ld = json_ld(page, "NewsArticle")
    assert ld["headline"] == "Chính phủ họp phiên thường kỳ tháng 10"
    assert ld["datePublished"] == "2026-11-03T08:00:00+07:00"
    assert ld["author"] == {
        "@type": "Person",
        "name": "Dương Giang",
        "url": "http://localhost:8000/tac-gia/duong-giang/",
    }
    assert ld["publisher"]["name"] == "Tòa soạn Tin Mẫu"
    assert ld["articleSection"] == "Thời sự"
    assert ld["keywords"] == "Chính phủ, tăng trưởng kinh tế, đầu tư công"
    crumbs = json_ld(page, "BreadcrumbList")["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Trang chủ", "Thời sự", "Chính phủ họp phiên thường kỳ tháng 10"]


def is_redirect(path: Path) -> bool:
    return path.read_bytes().startswith(b"<!DOCTYPE html>\n<!-- newsgen:redirect ")


def test_every_html_page_has_the_shared_head(sample):
    redirects = [p for p in html_files(sample) if is_redirect(p)]
    assert [p.relative_to(sample).as_posix() for p in redirects] == ["kinh-te/2026/11/thong-xe-cao-toc.html"]
    for path in (p for p in html_files(sample) if p not in redirects):
        page = soup(path)
        assert page.html["lang"] == "vi", path
        assert page.title and page.title.string, path
        assert page.find("link", rel="canonical"), path
        assert page.find("meta", property="og:title"), path
        assert page.find("meta", attrs={"name": "twitter:card"}), path
        json_ld(page, "BreadcrumbList")
        assert len(page.find_all("h1")) == 1, path


def test_markdown_article_page(sample):
    page = soup(sample / "xuat-khau-ca-phe-9-thang-dat-ky-luc" / "index.html")
    body = page.find(class_="story-body")
    assert body.find("strong").get_text() == "9 tháng"
    assert [li.get_text() for li in body.find_all("li")] == [
        "Lượng xuất khẩu: 1,2 triệu tấn",
        "Giá bình quân: 4.800 USD/tấn",
    ]
    assert body.find("blockquote")
    assert page.find(class_="author").get_text() == "Ngọc Hà"


def test_front_page(sample):
    page = soup(sample / "index.html")
    lead = page.find("section", class_="lead-story")
    # pinned with `featured: true`, though newer stories have photos
    lead_url = "/dan-nhac-giao-huong-bieu-dien-nhac-phim-viet-tai-nha-hat-lon/"
    assert lead.find("a", href=lead_url, class_=False).get_text() == (
        "Dàn nhạc giao hưởng biểu diễn nhạc phim Việt tại Nhà hát Lớn"
    )
    assert lead.find("picture") and lead.find(class_="lede")
    # then the newest stories with a photo, each with its thumbnail
    secondary = page.find("section", class_="secondary").find_all("article")
    assert [a.h3.a["href"] for a in secondary] == [
        "/mien-bac-don-dot-khong-khi-lanh-dau-mua/",
        "/doan-the-thao-viet-nam-dat-muc-tieu-top-3-sea-games/",
        "/hon-5-000-sinh-vien-tham-gia-hien-mau-tinh-nguyen/",
    ]
    assert all(a.find("picture") for a in secondary)
    blocks = page.find_all("section", class_="rubric-block")
    assert [b.h2.get_text() for b in blocks] == [
        "Thời sự",
        "Kinh tế",
        "Xã hội",
        "Thế giới",
        "Thể thao",
        "Văn hóa",
        "Giáo dục",
    ]
    shown = {lead_url, *(a.h3.a["href"] for a in secondary)}
    for b in blocks:  # a lead teaser, then a short list of headlines; no story twice on the page
        assert len(b.find_all("article")) == 1
        links = [a["href"] for a in b.select("article h3 a, .headline-list a")]
        assert 1 <= len(links) <= 5 and not shown & set(links)
        shown |= set(links)
    side = page.find("aside", class_="side")
    latest = side.find(class_="latest-list").find_all("li")
    newest = "/dang-uy-khoi-cac-co-quan-tinh-binh-dinh-tong-ket-cong-tac-xay-dung-dang/"
    assert len(latest) == 10 and latest[0].a["href"] == newest
    times = [li.time["datetime"] for li in latest]
    assert times == sorted(times, reverse=True)
    assert latest[0].time.get_text() == "15:00 26/11"
    # most read from data/doc-nhieu.csv: rows of one story add up (a query string, an old address)
    most = [li.a["href"] for li in side.find(class_="most-read").find_all("li")]
    assert most == [
        "/mien-bac-don-dot-khong-khi-lanh-dau-mua/",
        "/thong-xe-them-120-km-cao-toc-bac-nam/",
        "/ton-vinh-200-nha-giao-tieu-bieu-nhan-ngay-nha-giao-viet-nam/",
        "/doan-the-thao-viet-nam-dat-muc-tieu-top-3-sea-games/",
        "/hon-5-000-sinh-vien-tham-gia-hien-mau-tinh-nguyen/",
    ]
    bar = page.find("aside", class_="breaking")
    assert bar.strong.get_text() == "Tin nóng"
    assert bar.li["data-until"] == "2026-11-30T18:00:00+07:00"
    assert bar.li.a["href"] == "/mien-bac-don-dot-khong-khi-lanh-dau-mua/"


def test_article_pages_show_the_side_from_one_file(sample):
    """An article page carries neither the bar nor the lists: a script shows them from one small
    file, so that a new story changes that file, not every article page."""
    page = soup(sample / "chinh-phu-hop-phien-thuong-ky-thang-10" / "index.html")
    assert not page.find("aside", class_="breaking") and not page.find("aside", class_="side")
    slot = page.find(class_="side-slot")
    assert slot["data-side"] == "/tin-nhanh.json"
    assert page.find("script", src=re.compile(r"^/site\.[0-9a-f]+\.js$"))
    side = json.loads((sample / "tin-nhanh.json").read_text(encoding="utf-8"))
    assert side["until"] == ["2026-11-30T18:00:00+07:00"]
    assert 'class="breaking"' in side["breaking"] and "Miền Bắc đón đợt không khí lạnh" in side["breaking"]
    assert side["side"].count("<li>") == 15  # ten latest, five most read


def test_share_links_are_plain_links(sample):
    page = soup(sample / "chinh-phu-hop-phien-thuong-ky-thang-10" / "index.html")
    share = page.find("ul", class_="share")
    hrefs = [a["href"] for a in share.find_all("a")]
    address = "http://localhost:8000/chinh-phu-hop-phien-thuong-ky-thang-10/"
    quoted = "http%3A//localhost%3A8000/chinh-phu-hop-phien-thuong-ky-thang-10/"
    assert hrefs[0] == f"https://www.facebook.com/sharer/sharer.php?u={quoted}"
    assert hrefs[1] == f"https://zalo.me/share?url={quoted}"
    assert hrefs[2].startswith(f"https://x.com/intent/post?url={quoted}&text=Ch%C3%ADnh%20ph%E1%BB%A7")
    assert hrefs[3] == address
    # no third-party script anywhere: every script is the site's own
    for path in sample.rglob("*.html"):
        for script in soup(path).find_all("script", src=True):
            assert script["src"].startswith("/"), (path, script)


def test_footer_has_the_newsroom_and_pages_that_are_not_news(sample):
    page = soup(sample / "index.html")
    footer = page.find("footer", class_="site-footer")
    details = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in footer.find_all("dt")}
    assert details["Địa chỉ"] == "Số 1 phố Mẫu, phường Mẫu, Hà Nội"
    assert details["Giấy phép"].startswith("Trang mẫu")
    assert footer.find("a", href="mailto:toasoan@example.vn")
    links = [a["href"] for a in footer.find_all("a")]
    assert links.index("/trang/gioi-thieu/") < links.index("/trang/lien-he/")  # by weight
    assert "/thoi-su/" in links and "/giao-duc/" in links
    about = soup(sample / "trang" / "gioi-thieu" / "index.html")
    assert about.h1.get_text() == "Giới thiệu" and about.find("h2").get_text() == "Tòa soạn làm việc thế nào"
    contact = soup(sample / "trang" / "lien-he" / "index.html")
    first = contact.find(class_="story-body").p
    assert len(first.find_all("br")) == 3  # an address keeps its lines
    assert contact.find(class_="story-body").h2.get_text() == "Gửi tin, bài"
    # not news: in the sitemap, never in feeds, archives, the news sitemap or search
    assert "/trang/lien-he/" in (sample / "sitemap.xml").read_text(encoding="utf-8")
    for name in ("feed.xml", "rss.xml", "feed.json", "news-sitemap.xml"):
        assert "/trang/" not in (sample / name).read_text(encoding="utf-8"), name
    assert not soup(sample / "2026" / "11" / "index.html").find("main").find("a", href=re.compile("^/trang/"))


def test_rubric_page_newest_first(sample):
    page = soup(sample / "thoi-su" / "index.html")
    assert page.h1.get_text() == "Thời sự"
    times = [t["datetime"] for t in page.find(class_="teaser-list").find_all("time")]
    assert times == sorted(times, reverse=True) and len(times) == 4


def test_tag_index_in_vietnamese_order(sample):
    page = soup(sample / "chu-de" / "index.html")
    names = [a.get_text() for a in page.find(class_="tag-index").find_all("a")]
    assert names == sorted(names, key=sort_key)
    assert names.index("an ninh lương thực") < names.index("ASEAN") < names.index("âm nhạc") < names.index("bão số 5")
    assert "du lịch" in names and "dân sinh" in names
    last_d = max(i for i, n in enumerate(names) if n[0] in "dD")
    first_dd = min(i for i, n in enumerate(names) if n[0] in "đĐ")
    assert last_d < first_dd < names.index("G20")
    counts = {a.get_text(): a.find_next_sibling("span").get_text() for a in page.find(class_="tag-index").find_all("a")}
    assert counts["giáo dục phổ thông"] == "(3)"


def test_rubric_index_and_archives(sample):
    page = soup(sample / "chuyen-muc" / "index.html")
    assert "Thời sự" in [a.get_text() for a in page.find_all("a")]
    year = soup(sample / "2026" / "index.html")
    assert year.h1.get_text() == "Năm 2026"
    assert [a.get_text() for a in year.find(class_="archive-children").find_all("a")] == [
        "Tháng 11/2026", "Tháng 10/2026", "Tháng 9/2026",
    ]  # fmt: skip
    day = soup(sample / "2026" / "11" / "03" / "index.html")
    assert sorted(a.get_text() for a in day.find_all("a", class_=False) if a.find_parent(class_="teaser-title")) == [
        "Chính phủ họp phiên thường kỳ tháng 10",
        "Cử tri Mỹ đi bỏ phiếu bầu cử giữa nhiệm kỳ",
    ]


def test_feeds_and_sitemaps_parse(sample):
    feed = ET.parse(sample / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 20
    assert entries[1].find(f"{ATOM}title").text == "Miền Bắc đón đợt không khí lạnh đầu mùa"
    assert (
        entries[1].find(f"{ATOM}link").get("href") == "http://localhost:8000/mien-bac-don-dot-khong-khi-lanh-dau-mua/"
    )
    rubric_feed = ET.parse(sample / "the-thao" / "feed.xml").getroot()
    assert {e.find(f"{ATOM}category").get("term") for e in rubric_feed.findall(f"{ATOM}entry")} == {"Thể thao"}
    assert (sample / "chu-de" / "bong-da-nu" / "feed.xml").is_file()
    sitemap = ET.parse(sample / "sitemap.xml").getroot()
    assert sitemap.tag == f"{SM}urlset"
    locs = [u.find(f"{SM}loc").text for u in sitemap]
    assert "http://localhost:8000/chinh-phu-hop-phien-thuong-ky-thang-10/" in locs
    assert len(locs) == len(set(locs))
    news = ET.parse(sample / "news-sitemap.xml").getroot()
    assert news.tag == f"{SM}urlset"
    robots = (sample / "robots.txt").read_text()
    assert "Sitemap: http://localhost:8000/sitemap.xml" in robots
    assert (sample / "404.html").is_file()


def test_news_sitemap_lists_the_last_two_days(tmp_path):
    site = make_site(tmp_path / "site", count=6)
    out = tmp_path / "out"
    # articles are dated 1/10..6/10 and 2/11..: at 3/10 noon the last two days hold 1/10 (after noon), 2/10, 3/10 morning
    build(BuildOptions(site=site, output=out, now=datetime(2026, 10, 3, 12, 0, tzinfo=HCM), future=False))
    news = ET.parse(out / "news-sitemap.xml").getroot()
    titles = [u.find(f"{NEWS}news/{NEWS}title").text for u in news]
    assert titles == ["Tin số 2 về hoạt động của địa phương"]
    assert news[0].find(f"{NEWS}news/{NEWS}publication/{NEWS}language").text == "vi"


# ------------------------------------------------------------------ validity and links


def test_every_page_passes_the_vnu_validator(sample):
    java = shutil.which("java")
    if java is None:
        pytest.fail("a Java runtime is needed for v.Nu (.ci/run installs default-jre-headless)")
    # the current validator, from npm (`npm install`): older ones do not know fetchpriority
    jar = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not jar.is_file():
        pytest.fail(f"v.Nu is missing: run `npm install` (it installs vnu-jar into {jar.parent})")
    files = [str(p) for p in html_files(sample)]
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *files], capture_output=True, text=True
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url')}: {m.get('message')}" for m in messages if m.get("type") == "error"]
    assert errors == []
    assert len(files) > 100


def internal_links(out: Path, base_path: str = "/") -> list[tuple[Path, str]]:
    links = []
    for path in html_files(out):
        page = soup(path)
        for tag, attr in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src")):
            for el in page.find_all(tag):
                value = el.get(attr)
                if not value or "://" in value or value.startswith(("mailto:", "tel:", "#", "data:")):
                    continue
                links.append((path, value))
    return links


def resolve(out: Path, page: Path, link: str, base_path: str = "/") -> Path | None:
    target = unquote(urlsplit(link).path)
    if target.startswith("/"):
        if not target.startswith(base_path):
            return None
        file = out / target[len(base_path) :]
    else:
        file = (page.parent / target).resolve()
    if target.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file


def test_link_checker_finds_every_internal_link(sample):
    links = internal_links(sample)
    assert len(links) > 1000
    broken = [
        (str(p.relative_to(sample)), link)
        for p, link in links
        if not (f := resolve(sample, p, link)) or not f.is_file()
    ]
    assert broken == []


def test_subpath_base_url_keeps_every_link_under_it(tmp_path):
    out = tmp_path / "public"
    build(BuildOptions(site=ROOT, output=out, base_url="https://example.github.io/tin-tuc/", now=NOW))
    links = internal_links(out)
    outside = [link for _, link in links if not link.startswith("/tin-tuc/")]
    assert outside == []
    broken = [link for p, link in links if not resolve(out, p, link, "/tin-tuc/").is_file()]
    assert broken == []
    page = soup(out / "index.html")
    assert page.find("link", rel="canonical")["href"] == "https://example.github.io/tin-tuc/"
    feed = ET.parse(out / "feed.xml").getroot()
    for entry in feed.findall(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}link").get("href").startswith("https://example.github.io/tin-tuc/")
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    assert all(u.find(f"{SM}loc").text.startswith("https://example.github.io/tin-tuc/") for u in sitemap)


def test_relative_urls_browse_from_disk(tmp_path):
    out = tmp_path / "public"
    build(BuildOptions(site=ROOT, output=out, relative_urls=True, now=NOW))
    links = internal_links(out)
    assert all(not link.startswith("/") for _, link in links)
    broken = [link for p, link in links if not resolve(out, p, link).is_file()]
    assert broken == []
    home = soup(out / "index.html")
    assert home.find("a", class_="site-title")["href"] == "index.html"


def test_css_is_fingerprinted(sample):
    css = [p.name for p in sample.glob("*.css")]
    assert any(name.startswith("style.") and len(name.split(".")) == 3 for name in css)
    page = soup(sample / "index.html")
    href = page.find("link", rel="stylesheet")["href"]
    assert href.startswith("/style.") and (sample / href.lstrip("/")).is_file()


# ------------------------------------------------------------------ pagination, drafts, slugs, theme


def test_pagination(tmp_path):
    site = make_site(tmp_path / "site", count=25, page_size=5)
    out = tmp_path / "out"
    build(BuildOptions(site=site, output=out, now=NOW))
    first = soup(out / "thoi-su" / "index.html")
    assert len(first.find_all("article", class_="teaser")) == 5
    assert first.find("a", rel="next")["href"] == "/thoi-su/trang-2/"
    second = soup(out / "thoi-su" / "trang-2" / "index.html")
    assert second.find("a", rel="prev")["href"] == "/thoi-su/"
    assert second.find("a", rel="next")["href"] == "/thoi-su/trang-3/"
    third = soup(out / "thoi-su" / "trang-3" / "index.html")
    assert len(third.find_all("article", class_="teaser")) == 3  # 13 articles in Thời sự
    assert third.find("a", rel="next") is None
    assert "Trang 3/3" in third.find(class_="pagination").get_text()
    assert (out / "chu-de" / "giao-thong" / "trang-2" / "index.html").is_file()


def test_drafts_and_future_articles(tmp_path):
    site = make_site(tmp_path / "site", count=2)
    content = site / "content"
    write_article(content, "nhap.txt", rubric="Thời sự", headline="Bài nháp chưa duyệt", day=5, month=11,
                  front_matter="---\ndraft: true\n---\n")  # fmt: skip
    write_article(content, "tuong-lai.txt", rubric="Thời sự", headline="Bài hẹn giờ đăng", day=5, month=12)
    out = tmp_path / "out"
    result = build(BuildOptions(site=site, output=out, now=NOW))
    assert result.articles == 2 and result.excluded == 2
    assert not (out / "bai-nhap-chua-duyet").exists() and not (out / "bai-hen-gio-dang").exists()
    result = build(BuildOptions(site=site, output=out, now=NOW, drafts=True, future=True))
    assert result.articles == 4
    assert (out / "bai-nhap-chua-duyet" / "index.html").is_file()
    assert (out / "bai-hen-gio-dang" / "index.html").is_file()


def test_same_slug_gets_distinct_urls_deterministically(tmp_path):
    site = make_site(tmp_path / "site", count=0)
    content = site / "content"
    write_article(content, "b.txt", rubric="Thời sự", headline="Họp báo Chính phủ", day=2, month=10)
    write_article(content, "a.txt", rubric="Kinh tế", headline="Họp báo Chính phủ", day=1, month=10)
    out = tmp_path / "out"
    result = build(BuildOptions(site=site, output=out, now=NOW))
    assert soup(out / "hop-bao-chinh-phu" / "index.html").find(class_="rubric-label").get_text() == "Kinh tế"
    assert soup(out / "hop-bao-chinh-phu-2" / "index.html").find(class_="rubric-label").get_text() == "Thời sự"
    warnings = [d.format() for d in result.warnings]
    assert any("b.txt" in w and "/hop-bao-chinh-phu-2/" in w for w in warnings)


def test_site_templates_override_the_theme_one_by_one(tmp_path):
    site = make_site(tmp_path / "site", count=2)
    (site / "templates").mkdir()
    (site / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Lạc đường rồi</h1>{% endblock %}', encoding="utf-8"
    )
    out = tmp_path / "out"
    build(BuildOptions(site=site, output=out, now=NOW))
    assert soup(out / "404.html").h1.get_text() == "Lạc đường rồi"
    assert soup(out / "index.html").find("a", class_="site-title").get_text() == "Báo Thử"


def test_a_site_template_that_imports_the_dateline_macro_shows_the_same_date(tmp_path):
    """Templates copied from an earlier theme import `dateline` from _macros.html; it still
    writes what the theme's `date_tag` helper writes."""
    site = make_site(tmp_path / "site", count=2)
    out = tmp_path / "out"
    build(BuildOptions(site=site, output=out, now=NOW))
    theme = [str(t) for t in soup(out / "index.html").find_all("time")]
    (site / "templates").mkdir()
    teaser = (Path(__file__).parents[1] / "src/newsgen/theme/templates/_teaser.html").read_text(encoding="utf-8")
    assert "date_tag(a)" in teaser
    teaser = teaser.replace("date_tag(a)", "dateline(a)").replace(
        "{% set a", '{% from "_macros.html" import dateline %}{% set a', 1
    )
    (site / "templates" / "_teaser.html").write_text(teaser, encoding="utf-8")
    build(BuildOptions(site=site, output=out, now=NOW))
    assert [str(t) for t in soup(out / "index.html").find_all("time")] == theme and theme


def test_a_site_template_calls_methods_of_built_in_types_as_jinja2_does(tmp_path):
    """Methods of built-in types are called without Jinja2's checks for a context argument (they
    can carry none); what they give, and a StopIteration they raise, come out as Jinja2 makes them."""
    site = make_site(tmp_path / "site", count=2)
    (site / "templates").mkdir()
    (site / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>{{ "lạc đường".upper() }}</h1>'
        '<p id="d">{{ {"k": "v"}.get("k") }}|{{ {"k": "v"}.get("x", "mặc định") }}</p>'
        "{% if false %}<p>{{ [].__iter__().__next__() }}</p>{% endif %}{% endblock %}",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build(BuildOptions(site=site, output=out, now=NOW))
    page = soup(out / "404.html")
    assert page.h1.get_text() == "LẠC ĐƯỜNG"
    assert page.find(id="d").get_text() == "v|mặc định"
    (site / "templates" / "404.html").write_text(
        (site / "templates" / "404.html").read_text(encoding="utf-8").replace("{% if false %}", "{% if true %}"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["build", "--site", str(site), "--output", str(out)])
    assert result.exit_code == 1  # Jinja2's undefined value for a StopIteration, printed: refused
    assert "templates/404.html:1: error:" in result.output and "StopIteration" in result.output


def test_a_site_template_calls_helpers_directly_and_anything_else_as_jinja2_does(tmp_path, monkeypatch):
    """A call of a helper by its name skips Jinja2's Context.call (the code the renderer's
    templates compile to calls it as it is); a macro or variable of the same name, and a name
    that is not defined, are what they are in Jinja2."""
    from newsgen.render import renderer

    site = make_site(tmp_path / "site", count=2)
    (site / "templates").mkdir()
    (site / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}'
        '{% for p in ["/a/", "/b/"] %}<p class="u">{{ url(p) }}|{{ _("Newer") }}</p>{% endfor %}'
        '{% macro abs_url(x, tail="") %}macro:{{ x }}{{ tail }}{% endmacro %}'
        '<p id="m">{{ abs_url("/c/", tail="!") }}</p>'
        '{% set lead_photo = "biến" %}<p id="v">{{ lead_photo }}</p>'
        "{% endblock %}",
        encoding="utf-8",
    )
    calls = []
    jinja_call = renderer._Context.call

    def counted(self, obj, *args, **kwargs):
        calls.append(getattr(obj, "__name__", None) or getattr(obj, "name", "?"))  # (a macro: its name)
        return jinja_call(self, obj, *args, **kwargs)

    monkeypatch.setattr(renderer._Context, "call", counted)
    out = tmp_path / "out"
    build(BuildOptions(site=site, output=out, now=NOW))
    page = soup(out / "404.html")
    assert [p.get_text() for p in page.select("p.u")] == ["/a/|Bài mới hơn", "/b/|Bài mới hơn"]
    assert page.find(id="m").get_text() == "macro:/c/!"  # the macro, not the helper
    assert page.find(id="v").get_text() == "biến"
    assert "url" not in calls and "gettext" not in calls  # the helpers, called directly
    assert "abs_url" in calls  # the macro, called as Jinja2 calls it
    (site / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}\n<p>{{ khong_co(1) }}</p>{% endblock %}', encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["build", "--site", str(site), "--output", str(out)])
    assert result.exit_code == 1
    assert "templates/404.html:2: error:" in result.output and "'khong_co' is undefined" in result.output


def test_printed_values_escape_as_markupsafe_escapes_them():
    """The renderer's escaping of `{{ ... }}`: a string escaped, Markup (what helpers give) as it
    is, anything else as markupsafe makes it (an object's __html__, a number)."""
    from markupsafe import Markup, escape

    from newsgen.render.renderer import _escape

    class Html:
        def __html__(self):
            return "<i>đã duyệt</i>"

    class Bolder(Markup):
        def __html__(self):
            return Markup(f"<b>{self}</b>")

    marked = Markup("<em>Tin nóng</em>")
    assert _escape(marked) is marked
    for value in ('<a href="x">Đà Nẵng & "Huế"</a>', marked, Html(), 2026, None, Bolder("đậm")):
        assert _escape(value) == escape(value) and type(_escape(value)) is Markup


def test_template_error_names_the_file_and_line(tmp_path):
    site = make_site(tmp_path / "site", count=2)
    (site / "templates").mkdir()
    (site / "templates" / "404.html").write_text("{% extends 'base.html' %}\n{% block main %}{{ oops( }}{% endblock %}")
    result = CliRunner().invoke(cli, ["build", "--site", str(site), "--output", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "templates/404.html:2: error:" in result.output
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ the output folder is handled safely


@pytest.mark.parametrize("target", [".", "content", "templates", "static", ".."])
def test_refused_output_folders(tmp_path, target):
    site = make_site(tmp_path / "site", count=1)
    (site / "templates").mkdir()
    (site / "static").mkdir()
    with pytest.raises(OutputError):
        build(BuildOptions(site=site, output=site / target, now=NOW))
    assert (site / "content" / "bai-000.txt").is_file()


def test_refuses_a_non_empty_folder_it_never_wrote(tmp_path):
    site = make_site(tmp_path / "site", count=1)
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "luong.xlsx").write_bytes(b"data")
    with pytest.raises(OutputError, match="did not write"):
        build(BuildOptions(site=site, output=foreign, now=NOW))
    assert (foreign / "luong.xlsx").read_bytes() == b"data"


def test_rebuild_removes_deleted_articles_and_keeps_user_files(tmp_path):
    site = make_site(tmp_path / "site", count=3)
    out = tmp_path / "out"
    build(BuildOptions(site=site, output=out, now=NOW))
    (out / "CNAME").write_text("tin.example.org\n")
    (out / ".nojekyll").write_text("")
    page = out / "tin-so-1-ve-hoat-dong-cua-dia-phuong" / "index.html"
    assert page.is_file()
    (site / "content" / "bai-001.txt").unlink()
    result = build(BuildOptions(site=site, output=out, now=NOW))
    assert not page.exists() and not page.parent.exists()
    assert (out / "CNAME").read_text() == "tin.example.org\n" and (out / ".nojekyll").exists()
    assert "tin-so-1-ve-hoat-dong-cua-dia-phuong/index.html" in result.removed
    again = build(BuildOptions(site=site, output=out, now=NOW))
    assert again.written == 0 and again.unchanged > 0


def test_content_error_fails_with_nothing_written(tmp_path):
    site = make_site(tmp_path / "site", count=2)
    (site / "content" / "hong.txt").write_bytes(b"")
    (site / "content" / "hong2.md").write_text("---\ntitle: [\n---\n")
    out = tmp_path / "out"
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(site=site, output=out, now=NOW))
    assert sorted(d.path.name for d in failed.value.diagnostics) == ["hong.txt", "hong2.md"]
    assert not out.exists()
    result = subprocess.run(
        [sys.executable, "-m", "newsgen", "build"], cwd=site, capture_output=True, text=True, encoding="utf-8"
    )
    assert result.returncode == 1
    assert "content/hong.txt: error: the file is empty" in result.stderr
    assert "content/hong2.md:2: error:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "public").exists()


def test_strict_fails_on_warnings(tmp_path):
    site = make_site(tmp_path / "site", count=1)
    (site / "content" / "ghi-chu.docx").write_bytes(b"PK\x03\x04")
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(site=site, output=tmp_path / "out", now=NOW, strict=True))
    assert [d.message for d in failed.value.diagnostics] == ["not an article file (.docx): skipped"]
    assert not (tmp_path / "out").exists()
    result = build(BuildOptions(site=site, output=tmp_path / "out", now=NOW))
    assert [d.message for d in result.warnings] == ["not an article file (.docx): skipped"]
    assert (tmp_path / "out" / "index.html").is_file()


def test_cli_build_summary(tmp_path):
    site = make_site(tmp_path / "site", count=4)
    result = subprocess.run(
        [sys.executable, "-m", "newsgen", "build"],
        cwd=site,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**__import__("os").environ, "NEWSGEN_NOW": "2026-11-28T12:00:00+07:00"},
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Built Báo Thử into public in ")
    assert re.search(r"^  articles\s+4$", out, re.MULTILINE), out
    assert "article pages" in out and "Atom feeds" in out and "files written" in out
    assert (site / "public" / "index.html").is_file()


# ------------------------------------------------------------------ init, from a wheel far from this repository


def test_init_then_build_from_an_installed_wheel(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(wheels.glob("newsgen-*.whl"))
    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {**__import__("os").environ, "PYTHONPATH": str(target)}
    far = tmp_path / "far" / "away"
    far.mkdir(parents=True)
    where = subprocess.run(
        [sys.executable, "-c", "import newsgen; print(newsgen.__file__)"],
        cwd=far,
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.startswith(str(target))
    init = subprocess.run(
        [sys.executable, "-m", "newsgen", "init", "trang-moi"], cwd=far, env=env, capture_output=True, text=True
    )
    assert init.returncode == 0, init.stderr
    site = far / "trang-moi"
    assert (site / "newsgen.yaml").is_file() and list((site / "content").glob("*.txt"))
    built = subprocess.run(
        [sys.executable, "-m", "newsgen", "build"], cwd=site, env=env, capture_output=True, text=True
    )
    assert built.returncode == 0, built.stderr
    page = soup(site / "public" / "trang-tin-moi-chinh-thuc-ra-mat-ban-doc" / "index.html")
    assert page.h1.get_text() == "Trang tin mới chính thức ra mắt bạn đọc"
    assert page.select_one(".story-body picture img")["alt"] == "Giao diện trang tin trên điện thoại."  # its photo
    assert list((site / "public").glob("style.*.css"))
    again = subprocess.run(
        [sys.executable, "-m", "newsgen", "init", "trang-moi"], cwd=far, env=env, capture_output=True, text=True
    )
    assert again.returncode == 1 and "already exists" in again.stderr
    workflow = subprocess.run([sys.executable, "-m", "newsgen", "init", "--github-actions", "trang-moi"], cwd=far,
                              env=env, capture_output=True, text=True)  # fmt: skip
    assert workflow.returncode == 0, workflow.stderr
    assert workflow.stdout.strip() == "created trang-moi/.github/workflows/newsgen.yml"
    flow = yaml.safe_load((site / ".github" / "workflows" / "newsgen.yml").read_text(encoding="utf-8"))
    triggers = flow[True]  # YAML 1.1 reads the key `on` as true
    assert "push" in triggers and triggers["schedule"][0]["cron"] == "*/15 * * * *"
    steps = flow["jobs"]["build"]["steps"]
    assert {"run": "newsgen build"} in steps
    assert any("--exclude='.newsgen-*' public/ _site/" in s.get("run", "") for s in steps)
    assert flow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
    twice = subprocess.run([sys.executable, "-m", "newsgen", "init", "--github-actions", "trang-moi"], cwd=far,
                           env=env, capture_output=True, text=True)  # fmt: skip
    assert twice.returncode == 1 and "exists already; nothing was changed" in twice.stderr


def test_tags_that_differ_by_tone_are_different_tags(tmp_path):
    site = make_site(tmp_path / "site", count=0)
    content = site / "content"
    for i, tags in enumerate(
        [["Nhà Trắng"], ["Nha Trang"], ["nhà trắng"], ["Hồng Kông"], ["Hong Kong"], ["hoà bình"], ["hòa bình"]]
    ):
        write_article(
            content,
            f"t{i}.txt",
            rubric="Thời sự",
            headline=f"Tin thẻ số {i} trong ngày",
            day=1 + i,
            month=10,
            tags=tags,
        )
    build(BuildOptions(site=site, now=NOW))
    index = soup(site / "public" / "chu-de" / "index.html")
    links = {a.get_text(strip=True): a["href"] for a in index.select("main a") if "/chu-de/" in a["href"]}
    names = [n for n in links if n[0] in "NnHh"]
    assert sorted(names) == sorted(["Nhà Trắng", "Nha Trang", "Hồng Kông", "Hong Kong", "hòa bình"])
    # the first in Vietnamese order keeps the plain slug, the other a stable suffix
    assert links["Nha Trang"].endswith("/chu-de/nha-trang/")
    assert re.search(r"/chu-de/nha-trang-[0-9a-f]{6}/$", links["Nhà Trắng"])
    assert links["Hong Kong"].endswith("/chu-de/hong-kong/")
    nha_trang = soup(site / "public" / links["Nhà Trắng"].split("example.org/")[-1].strip("/") / "index.html")
    assert len(nha_trang.select("main article")) == 2  # "Nhà Trắng" and "nhà trắng"


def test_the_same_article_in_two_files_is_published_once(tmp_path):
    site = make_site(tmp_path / "site", count=3)
    content = site / "content"
    original = content / "bai-001.txt"
    copy = original.read_text(encoding="utf-8").replace("\n\n", "\n\n\n")
    (content / "z-ban-sao.txt").write_text(copy, encoding="utf-8")
    result = build(BuildOptions(site=site, now=NOW))
    assert result.articles == 3
    assert any("z-ban-sao.txt" in str(d.path) and "the same article as" in d.message for d in result.warnings)
    assert not list((site / "public").glob("*-2/index.html"))
    out = CliRunner().invoke(cli, ["check", str(content)])
    assert "z-ban-sao.txt: warning: the same article as" in out.output and "3 articles" in out.output


def test_keep_going_publishes_every_other_article_and_lists_the_rest(tmp_path):
    site = make_site(tmp_path / "site", count=4)
    bad = site / "content" / "hong.txt"
    bad.write_bytes(b"\x00\x01binary\xff" * 50)
    runner = CliRunner()
    refused = runner.invoke(cli, ["build", "--site", str(site)])
    assert refused.exit_code == 1 and "hong.txt: error: not a text file" in refused.output
    assert not (site / "public").exists()
    went_on = runner.invoke(cli, ["build", "--site", str(site), "--keep-going"])
    assert went_on.exit_code == 0, went_on.output
    assert "hong.txt: warning: left out: not a text file" in went_on.output
    assert "left out" in went_on.output and "1 (--keep-going): " in went_on.output
    assert (site / "public" / "tin-so-0-ve-hoat-dong-cua-dia-phuong" / "index.html").is_file()
    again = runner.invoke(cli, ["build", "--site", str(site)])  # without it, still refused
    assert again.exit_code == 1


def test_an_english_site_speaks_english_everywhere(tmp_path):
    site = make_site(tmp_path / "site", count=6, extra_config="language: en\n", search=True)
    out = tmp_path / "out"
    build(BuildOptions(site=site, output=out, now=datetime(2026, 12, 1, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))))
    interface_vi = ["Trang chủ", "phút đọc", "Tin mới nhất", "Chuyên mục", "Chủ đề", "Tìm kiếm", "Thứ Hai", "Bỏ qua"]
    for path in html_files(out):
        page = soup(path)
        assert page.html["lang"] == "en", path
        text = page.get_text(" ")
        # the stories stay as written; only newsgen's own words change language
        for words in interface_vi:
            assert words not in text, (path, words)
    article = soup(next(out.glob("tin-so-1-*/index.html")))
    assert "min read" in article.get_text(" ")
    assert article.select_one("nav.breadcrumbs")["aria-label"] == "Breadcrumbs"
    assert article.select_one("nav.breadcrumbs a").get_text() == "Home"
    assert "Monday, 02/11/2026" in article.get_text(" ")
    form = soup(out / "tim-kiem" / "index.html").find("form", id="tim-kiem")  # URLs do not change
    assert form["data-none"] == "No results for “%(query)s”"
    assert ET.parse(out / "feed.xml").getroot().get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_guided_chunks_cover_the_work_in_order_long_runs_first():
    from newsgen.engine.workers import guided_chunks

    items = list(range(10_000))
    parts = list(guided_chunks(items, 2, smallest=16))
    assert [i for p in parts for i in p] == items
    sizes = [len(p) for p in parts]
    assert sizes[0] == 2500 and sizes == sorted(sizes, reverse=True) and min(sizes[:-1]) == 16
    assert list(guided_chunks([], 2)) == [] and list(guided_chunks([1, 2], 4)) == [[1, 2]]


def _chunk_and_pid(part: list[int]) -> list[tuple[list[int], int]]:
    return [(part, os.getpid())]


def test_leading_chunks_go_out_first_whole_and_the_rest_guided():
    from newsgen.engine import workers

    leading = [list(range(1000, 1300))]
    items = list(range(600))
    results = [r for part in workers.run(_chunk_and_pid, items, None, 2, 10, ordered=True,
                                         chunk=workers.GUIDED, leading=leading) for r in part]  # fmt: skip
    chunks = [c for c, _ in results]
    assert chunks[0] == leading[0]  # handed out first, as it is
    assert sorted(i for c in chunks[1:] for i in c) == items
    assert len({pid for _, pid in results}) >= 1 and os.getpid() not in {pid for _, pid in results}
    called = []
    in_process = list(
        workers.run(_chunk_and_pid, [1, 2], None, 2, 10, leading=[[7]], meanwhile=lambda: called.append(1))
    )
    assert [c for part in in_process for c, _ in part] == [[7], [1, 2]] and called == []  # nothing runs meanwhile
    list(workers.run(_chunk_and_pid, items, None, 2, 10, meanwhile=lambda: called.append(1)))
    assert called == [1]


def test_list_pages_go_to_few_workers_article_pages_to_all():
    """The list pages (whose list teasers every story has) in one run per two workers, handed
    out before the article pages; every page once."""
    from types import SimpleNamespace

    from newsgen.build import _lists_apart

    kinds = ["article", "tag", "article", "section", "feed", "article", "day", "home"] * 50
    pages = [SimpleNamespace(kind=k) for k in kinds]
    todo = list(range(len(pages)))
    for jobs, runs in ((2, 1), (3, 1), (4, 2), (8, 4)):
        leading, articles = _lists_apart(pages, todo, jobs)
        assert len(leading) == runs
        assert all(pages[i].kind != "article" for run in leading for i in run)
        assert all(pages[i].kind == "article" for i in articles)
        assert sorted([i for run in leading for i in run] + articles) == todo
        assert [i for run in leading for i in run] == [i for i in todo if pages[i].kind != "article"]  # order kept
    assert _lists_apart(pages, [0, 2], 2) == ([], [0, 2])


def test_a_partial_with_values_is_rendered_once_for_each_set_of_them(tmp_path, monkeypatch):
    """partial(name, **values) (Hugo's partialCached): a site template shown from each rubric's
    article pages with the rubric's name; rendered once per rubric, and per page when links
    are relative (a link then depends on the page's folder)."""
    import jinja2

    site = make_site(tmp_path / "site", count=6)
    (site / "templates").mkdir()
    article = (Path(__file__).parents[1] / "src/newsgen/theme/templates/article.html").read_text(encoding="utf-8")
    (site / "templates" / "article.html").write_text(
        article.replace('<h1>{{ a.headline }}</h1>',
                        '<h1>{{ a.headline }}</h1>{{ partial("_box.html", name=e.section.name, link=e.section.url) }}'),
        encoding="utf-8",
    )  # fmt: skip
    (site / "templates" / "_box.html").write_text('<p class="box"><a href="{{ url(link) }}">{{ name }}</a></p>')
    renders: list[str] = []
    plain_render = jinja2.Template.render

    def counted(self, *args, **kwargs):
        if self.name == "_box.html":
            renders.append(kwargs["name"])
        return plain_render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counted)
    for relative in (False, True):
        renders.clear()
        out = tmp_path / f"out-{relative}"
        build(BuildOptions(site=site, output=out, relative_urls=relative, jobs=1, now=NOW))
        pages = sorted((out).glob("*/index.html"))
        boxes = [BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").select_one("p.box") for p in pages]
        shown = [b for b in boxes if b is not None]
        assert len(shown) == 6 and {b.a.text for b in shown} == {"Thời sự", "Thể thao"}  # make_site's rubrics
        if relative:
            assert len(renders) == 6 and all(b.a["href"].startswith("../") for b in shown)
        else:
            assert sorted(renders) == ["Thể thao", "Thời sự"]
            assert all(b.a["href"].startswith("/") for b in shown)
