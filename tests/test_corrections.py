"""Updates and corrections: a visible "Cập nhật" time and dateModified; corrections at the foot
of the story, on /dinh-chinh/ with its feed, and in the NewsArticle markup."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
from bs4 import BeautifulSoup

from newsgen.build import BuildOptions, build
from sitegen import make_site

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

STORY = """{front}Thời sự

{headline}

{printed}Bản tin về {headline} được phóng viên ghi nhận.

Hà Nội (TTXVN) - Ngày 20/11/2026, các cơ quan chức năng đã triển khai nhiều hoạt động.

Theo báo cáo, kết quả đạt được cao hơn cùng kỳ năm trước./.
{after}"""


def story(root: Path, name: str, headline: str, front: str = "", printed: str = "", after: str = "") -> None:
    path = root / "content" / f"{name}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(STORY.format(front=front, headline=headline, printed=printed, after=after), encoding="utf-8")


def soup(root: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((root / "public" / url.strip("/") / "index.html").read_text(encoding="utf-8"), "html.parser")


def news_ld(page: BeautifulSoup) -> dict:
    return next(json.loads(s.string) for s in page.find_all("script", type="application/ld+json")
                if json.loads(s.string).get("@type") == "NewsArticle")  # fmt: skip


def test_updates_and_corrections(tmp_path):
    root = make_site(tmp_path / "site", count=0)
    story(root, "a", "Tin có cập nhật", front="---\ndate: 2026-11-20T08:00:00+07:00\nupdated: 2026-11-21T09:30:00+07:00\n"
          "corrections:\n  - {date: 2026-11-22T10:00:00+07:00, text: Bản trước ghi nhầm số hộ dân.}\n---\n")  # fmt: skip
    story(root, "b", "Tin chỉ in giờ cập nhật", printed="Cập nhật: 14:15 19/11/2026\n\n",
          after="\nĐính chính (23/11/2026): Tên xã được sửa lại cho đúng.\n")  # fmt: skip
    story(root, "c", "Tin không sửa", front="---\ndate: 2026-11-18T08:00:00+07:00\n---\n")
    build(BuildOptions(site=root, now=NOW, jobs=1))

    a = soup(root, "/tin-co-cap-nhat/")
    updated = a.select_one(".meta .updated")
    assert updated.get_text(" ", strip=True) == "Cập nhật Thứ Bảy, 21/11/2026 09:30"
    assert updated.time["datetime"] == "2026-11-21T09:30:00+07:00"
    assert [li.get_text(" ", strip=True) for li in a.select("aside.corrections li")] == [
        "Chủ Nhật, 22/11/2026 10:00 : Bản trước ghi nhầm số hộ dân."]  # fmt: skip
    ld = news_ld(a)
    assert ld["datePublished"] == "2026-11-20T08:00:00+07:00"
    assert ld["dateModified"] == "2026-11-22T10:00:00+07:00"  # the latest change: the correction
    assert ld["correction"] == [{"@type": "CorrectionComment", "text": "Bản trước ghi nhầm số hộ dân.",
                                 "datePublished": "2026-11-22T10:00:00+07:00"}]  # fmt: skip

    b = soup(root, "/tin-chi-in-gio-cap-nhat/")  # the only printed date: published and updated then
    ld = news_ld(b)
    assert ld["datePublished"].startswith("2026-11-19T14:15") and b.select_one(".meta .updated")
    assert "Tên xã được sửa lại cho đúng." in b.select_one("aside.corrections").get_text()
    assert "Đính chính" not in b.select_one(".story-body").get_text()
    assert "correction" not in news_ld(soup(root, "/tin-khong-sua/"))
    assert news_ld(soup(root, "/tin-khong-sua/"))["dateModified"] == "2026-11-18T08:00:00+07:00"

    out = root / "public"
    page = soup(root, "/dinh-chinh/")
    assert [x.get_text() for x in page.select(".correction-list li > a")] == ["Tin chỉ in giờ cập nhật",
                                                                              "Tin có cập nhật"]  # fmt: skip
    feed = feedparser.parse((out / "dinh-chinh" / "feed.xml").read_bytes())
    assert not feed.bozo and [e.title for e in feed.entries] == ["Tin chỉ in giờ cập nhật", "Tin có cập nhật"]
    site_feed = feedparser.parse((out / "feed.xml").read_bytes())
    entry = next(e for e in site_feed.entries if e.title == "Tin có cập nhật")
    assert entry.updated.startswith("2026-11-22T10:00") and entry.published.startswith("2026-11-20T08:00")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = {u.find("s:loc", ns).text: u.findtext("s:lastmod", namespaces=ns)
               for u in ET.parse(out / "sitemap.xml").getroot().findall("s:url", ns)}  # fmt: skip
    assert lastmod["https://example.org/tin-co-cap-nhat/"] == "2026-11-22T10:00:00+07:00"
