"""The dateline's place becomes a place page, one however the newsroom spelt it."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from newsgen.build import BuildOptions, build
from newsgen.places import canonical_place
from sitegen import make_site

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.mark.parametrize(
    ("written", "place"),
    [
        ("TP.HCM", "Thành phố Hồ Chí Minh"),
        ("TP Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("Tp. Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("TP Cần Thơ", "Cần Thơ"),
        ("Tỉnh Lào Cai", "Lào Cai"),
        ("Hà Nội", "Hà Nội"),
        ("Bangkok", "Bangkok"),
        ("Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("Quận Ba Đình", "Quận Ba Đình"),
        ("sáng nay", None),
        # what real datelines hold that is no place: a caption credit, a ministry, a trade, a person
        ("Ảnh minh họa", None),
        ("Bộ Giáo dục và Đào tạo", None),
        ("Luật sư", None),
        ("Đặng Xuân Quý", None),
        ("Chị Nguyễn Thị Hồng", None),
        ("TP", None),
        ("", None),
    ],
)
def test_one_name_for_each_place(written, place):
    assert canonical_place(written) == place


STORY = """Thời sự

{headline}

Bản tin về {headline} được phóng viên ghi nhận.

{place} (TTXVN) - Sáng {day}/11/2026, các cơ quan chức năng đã triển khai nhiều hoạt động.

Theo báo cáo, kết quả đạt được cao hơn cùng kỳ năm trước./.
"""


def test_place_pages_index_and_markup(tmp_path):
    root = make_site(tmp_path / "site", count=0)
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    for i, (place, headline) in enumerate([("TP.HCM", "Tin một"), ("TP Hồ Chí Minh", "Tin hai"),
                                           ("Đà Nẵng", "Tin ba"), ("Bangkok", "Tin bốn")]):  # fmt: skip
        (content / f"t{i}.txt").write_text(STORY.format(headline=headline, place=place, day=20 + i), encoding="utf-8")
    result = build(BuildOptions(site=root, now=NOW, jobs=1))
    assert result.pages["place"] == 3
    out = root / "public"
    hcm = BeautifulSoup((out / "dia-danh" / "thanh-pho-ho-chi-minh" / "index.html").read_text(encoding="utf-8"),
                        "html.parser")  # fmt: skip
    assert hcm.h1.get_text(strip=True) == "Thành phố Hồ Chí Minh"
    assert {a.get_text(strip=True) for a in hcm.select("main h2 a, main h3 a")} >= {"Tin một", "Tin hai"}
    index = BeautifulSoup((out / "dia-danh" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a.get_text() for a in index.select("main li a")] == ["Bangkok", "Đà Nẵng", "Thành phố Hồ Chí Minh"]
    page = BeautifulSoup((out / "tin-hai" / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = page.select_one(".meta a.place")
    assert (link.get_text(), link["href"]) == ("Thành phố Hồ Chí Minh", "/dia-danh/thanh-pho-ho-chi-minh/")
    ld = next(json.loads(s.string) for s in page.find_all("script", type="application/ld+json")
              if json.loads(s.string).get("@type") == "NewsArticle")  # fmt: skip
    assert ld["contentLocation"] == {"@type": "Place", "name": "Thành phố Hồ Chí Minh",
                                     "url": "https://example.org/dia-danh/thanh-pho-ho-chi-minh/"}  # fmt: skip


def test_a_story_without_a_dateline_has_no_place(tmp_path):
    root = make_site(tmp_path / "site", count=0)
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "content" / "a.txt").write_text("---\ndate: 2026-11-20\n---\nThời sự\n\nTin không nơi\n\nSapo của tin.\n\n"
                                            "Nội dung tin./.\n",
                                            encoding="utf-8")  # fmt: skip
    build(BuildOptions(site=root, now=NOW, jobs=1))
    page = BeautifulSoup((root / "public" / "tin-khong-noi" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one(".meta a.place") is None
    assert Path(root / "public" / "dia-danh" / "index.html").is_file()  # the index, empty, as the footer links it
