"""Atom, RSS 2.0 and JSON Feed 1.1 for the site, each rubric and each tag, read by feedparser
as a feed reader reads them; the sapo or, with `feed_content: full`, the whole story."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from bs4 import BeautifulSoup

import photofiles
from newsgen.build import BuildOptions, build
from newsgen.output.mediatypes import media_type
from sitegen import make_site, write_article

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
# feedparser's releases (6.0) read Atom and RSS; JSON Feed only in its unreleased branch, so the
# JSON feeds are checked against what the JSON Feed 1.1 specification requires, below.
VERSIONS = {"feed.xml": "atom10", "rss.xml": "rss20"}


def check_json_feed(feed: dict, where: str) -> None:
    """What JSON Feed 1.1 requires (version, title, items; each item an id and a content_html
    or content_text) and what it says the other members are."""
    assert feed["version"] == "https://jsonfeed.org/version/1.1", where
    assert isinstance(feed["title"], str) and feed["title"], where
    assert isinstance(feed["items"], list) and feed["items"], where
    for key in ("home_page_url", "feed_url"):
        assert feed[key].startswith("https://example.org/"), where
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"], where
        assert isinstance(item.get("content_html", item.get("content_text")), str), where
        assert datetime.fromisoformat(item["date_published"]).tzinfo is not None, where
        assert all(isinstance(a["name"], str) for a in item["authors"]), where
        assert all(isinstance(t, str) for t in item["tags"]), where


def site_with_a_photo(tmp_path: Path, extra: str = "") -> Path:
    root = make_site(tmp_path / "site", count=8, extra_config=extra)
    story = write_article(root / "content", "anh.txt", rubric="Thời sự", headline="Tin có ảnh minh họa", day=27,
                          month=11, tags=["du lịch"])  # fmt: skip
    photofiles.jpeg(story.with_suffix(".jpg"), size=(1300, 866))
    result = build(BuildOptions(site=root, now=NOW, jobs=1))
    assert result.photos == 1
    return root


def lists(out: Path) -> list[Path]:
    return [out, out / "thoi-su", out / "chu-de" / "du-lich"]


@pytest.mark.parametrize("content", ["summary", "full"])
def test_every_feed_parses_with_what_its_format_requires(tmp_path, content):
    root = site_with_a_photo(tmp_path, extra=f"feed_content: {content}\n")
    out = root / "public"
    for folder in lists(out):
        for name, version in VERSIONS.items():
            # as a reader gets it from the server: with its Content-Type (JSON Feed is told by it)
            headers = {"content-type": media_type(name)}
            parsed = feedparser.parse((folder / name).read_bytes(), response_headers=headers)
            where = f"{folder.relative_to(out)}/{name}"
            assert not parsed.bozo, (where, parsed.get("bozo_exception"))
            assert parsed.version == version, where
            assert parsed.feed.title and parsed.feed.link.startswith("https://example.org/"), where
            assert parsed.entries, where
            newest = parsed.entries[0]
            assert newest.title == "Tin có ảnh minh họa", where
            assert newest.link == "https://example.org/tin-co-anh-minh-hoa/", where
            assert newest.id == newest.link and newest.published_parsed, where
            assert newest.author, where
            assert "Thời sự" in [t.term for t in newest.tags] or folder.name == "du-lich", where
            body = newest.get("content", [{}])[0].get("value", "")
            if content == "full":
                assert "kết quả đạt được cao hơn cùng kỳ năm trước" in body, where
                assert 'src="https://example.org/anh/' in body or 'srcset="https://example.org/anh/' in body, where
                assert 'href="/' not in body and 'src="/' not in body, where  # every link a full URL
            else:
                assert "kết quả đạt được" not in json.dumps(parsed.entries[0], default=str), where
                assert newest.summary.startswith("Bản tin về tin có ảnh minh họa"), where
        json_feed = json.loads((folder / "feed.json").read_text(encoding="utf-8"))
        check_json_feed(json_feed, f"{folder.relative_to(out)}/feed.json")
        assert json_feed["items"][0]["title"] == "Tin có ảnh minh họa"
        if content == "full":
            assert "kết quả đạt được cao hơn cùng kỳ năm trước" in json_feed["items"][0]["content_html"]
        assert json_feed["feed_url"] == f"https://example.org/{folder.relative_to(out).as_posix()}/feed.json".replace(
            "org/./", "org/")  # fmt: skip
        item = json_feed["items"][0]
        assert ("content_html" in item) == (content == "full") and ("content_text" in item) == (content == "summary")
        assert item["image"].startswith("https://example.org/anh/") and item["image"].endswith(".jpg")
    rss = feedparser.parse(
        (out / "rss.xml").read_bytes(), response_headers={"content-type": media_type("rss.xml")}
    ).entries[0]
    assert rss.media_content[0]["url"].startswith("https://example.org/anh/")


def test_pages_link_their_feeds(tmp_path):
    root = site_with_a_photo(tmp_path)
    out = root / "public"
    page = BeautifulSoup((out / "thoi-su" / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {(link["type"], link["href"]) for link in page.find_all("link", rel="alternate")}
    assert {("application/atom+xml", "/feed.xml"), ("application/rss+xml", "/rss.xml"),
            ("application/feed+json", "/feed.json"), ("application/atom+xml", "/thoi-su/feed.xml"),
            ("application/rss+xml", "/thoi-su/rss.xml"), ("application/feed+json", "/thoi-su/feed.json")} <= links  # fmt: skip
    article = BeautifulSoup((out / "tin-co-anh-minh-hoa" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert ("application/rss+xml", "/thoi-su/rss.xml") in {(x["type"], x["href"]) for x in
                                                           article.find_all("link", rel="alternate")}  # fmt: skip


def test_feed_content_is_checked(tmp_path):
    from newsgen.config import load_config
    from newsgen.errors import ConfigError

    root = make_site(tmp_path / "site", count=1, extra_config="feed_content: everything\n")
    with pytest.raises(ConfigError, match="'feed_content' must be summary or full") as caught:
        load_config(root)
    assert caught.value.line is not None


def test_media_types_of_the_feeds():
    assert media_type("thoi-su/feed.xml") == "application/atom+xml; charset=utf-8"
    assert media_type("rss.xml") == "application/rss+xml; charset=utf-8"
    assert media_type("chu-de/du-lich/feed.json") == "application/feed+json; charset=utf-8"
    assert media_type("sitemap.xml") == "application/xml; charset=utf-8"


def test_a_full_text_feed_follows_an_edit_of_the_story(tmp_path):
    root = site_with_a_photo(tmp_path, extra="feed_content: full\n")
    story = root / "content" / "anh.txt"
    story.write_text(story.read_text(encoding="utf-8").replace("hầu hết các chỉ tiêu", "mọi chỉ tiêu đề ra"),
                     encoding="utf-8")  # fmt: skip
    build(BuildOptions(site=root, now=NOW, jobs=1))
    for name in ("feed.xml", "rss.xml", "feed.json"):
        assert "mọi chỉ tiêu đề ra" in (root / "public" / name).read_text(encoding="utf-8"), name
