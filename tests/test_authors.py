"""Bylines become author pages: each person a byline names, several per article, agency credits
kept apart, no page for unsigned pieces or collective credits."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from newsgen.build import BuildOptions, build
from newsgen.bylines import people
from sitegen import make_site

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.mark.parametrize(
    ("byline", "agency", "expected"),
    [
        ("Minh Nguyệt - Thanh Liêm", None, ["Minh Nguyệt", "Thanh Liêm"]),
        ("A Phi, Tiểu Phùng, Thanh Hải", "TPO", ["A Phi", "Tiểu Phùng", "Thanh Hải"]),
        ("Minh Quyết và Văn Điệp", None, ["Minh Quyết", "Văn Điệp"]),
        ("N.THẢO - T.TRANG", None, ["N.Thảo", "T.Trang"]),
        ("Vũ Anh (Theo TTXVN)", "TTXVN", ["Vũ Anh"]),
        ("Theo Hải Minh /VGP", "VGP", ["Hải Minh"]),
        ("Nguyễn Dũng/TTXVN", "TTXVN", ["Nguyễn Dũng"]),
        ("Bài và ảnh: Minh Anh", None, ["Minh Anh"]),
        ("Theo TTXVN", "TTXVN", []),
        ("(TTXVN/Vietnam+)", "TTXVN/Vietnam+", []),
        ("TTXVN/Báo Tin tức và Dân tộc", "TTXVN/Báo Tin tức và Dân tộc", []),
        ("Nguồn: Trung tâm Tin tức", "Trung tâm Tin tức", []),
        ("Nhóm PV", None, []),
        ("PV", None, []),
        ("PL", None, []),
        ("vnews", "vnews", []),
        (None, "TTXVN", []),
    ],
)
def test_the_people_a_byline_names(byline, agency, expected):
    assert people(byline, agency) == expected


STORY = """Thời sự

{headline}

Bản tin về {headline} được phóng viên ghi nhận.

Hà Nội (TTXVN) - Sáng {day}/11/2026, các cơ quan chức năng đã triển khai nhiều hoạt động.

Theo báo cáo, kết quả đạt được cao hơn cùng kỳ năm trước./.

{byline}
"""


def story(root: Path, name: str, headline: str, day: int, byline: str) -> None:
    path = root / "content" / f"{name}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(STORY.format(headline=headline, day=day, byline=byline), encoding="utf-8")


def page(root: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((root / "public" / url.strip("/") / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_author_pages_feeds_markup_and_index(tmp_path):
    root = make_site(tmp_path / "site", count=0, page_size=2)
    story(root, "a", "Tin thứ nhất về cầu", 20, "Minh Nguyệt - Thanh Liêm")
    story(root, "b", "Tin thứ hai về đường", 21, "Thanh Liêm")
    story(root, "c", "Tin thứ ba về cảng", 22, "THANH LIÊM")
    story(root, "d", "Tin thứ tư về chợ", 23, "Nhóm PV")
    story(root, "e", "Tin thứ năm về trường", 24, "Đặng Anh (TTXVN)")
    result = build(BuildOptions(site=root, now=NOW, jobs=1))
    assert result.pages["author"] == 4  # Thanh Liêm: 3 articles over two pages; Minh Nguyệt; Đặng Anh
    out = root / "public"
    assert sorted(p.name for p in (out / "tac-gia").iterdir() if p.is_dir()) == ["dang-anh", "minh-nguyet",
                                                                                 "thanh-liem"]  # fmt: skip
    first = page(root, "/tac-gia/thanh-liem/")
    assert first.h1.get_text(strip=True) == "Thanh Liêm"
    assert [a.get_text(strip=True) for a in first.select("main h2 a, main h3 a")][:2] == [
        "Tin thứ ba về cảng", "Tin thứ hai về đường"]  # fmt: skip
    assert (out / "tac-gia" / "thanh-liem" / "trang-2" / "index.html").is_file()
    for name in ("feed.xml", "rss.xml", "feed.json"):
        assert (out / "tac-gia" / "thanh-liem" / name).is_file()

    article = page(root, "/tin-thu-nhat-ve-cau/")
    links = [(a.get_text(), a["href"]) for a in article.select(".byline a[rel=author]")]
    assert links == [("Minh Nguyệt", "/tac-gia/minh-nguyet/"), ("Thanh Liêm", "/tac-gia/thanh-liem/")]
    assert article.select_one(".byline").get_text(" ", strip=True).startswith("Minh Nguyệt - Thanh Liêm")
    ld = next(json.loads(s.string) for s in article.find_all("script", type="application/ld+json")
              if json.loads(s.string).get("@type") == "NewsArticle")  # fmt: skip
    assert ld["author"] == [
        {"@type": "Person", "name": "Minh Nguyệt", "url": "https://example.org/tac-gia/minh-nguyet/"},
        {"@type": "Person", "name": "Thanh Liêm", "url": "https://example.org/tac-gia/thanh-liem/"},
    ]
    collective = page(root, "/tin-thu-tu-ve-cho/")
    assert not collective.select(".byline a")
    ld = next(json.loads(s.string) for s in collective.find_all("script", type="application/ld+json")
              if json.loads(s.string).get("@type") == "NewsArticle")  # fmt: skip
    assert ld["author"]["@type"] == "Organization"
    capitals = page(root, "/tin-thu-ba-ve-cang/")
    assert [(a.get_text(), a["href"]) for a in capitals.select(".byline a")] == [("THANH LIÊM", "/tac-gia/thanh-liem/")]

    index = page(root, "/tac-gia/")
    assert [a.get_text() for a in index.select("main li a")] == ["Đặng Anh", "Minh Nguyệt", "Thanh Liêm"]
    assert index.select_one("footer a[href='/tac-gia/']")
