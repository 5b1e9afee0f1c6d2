"""The URL rules (newsgen.urls): one place for where every kind of page lives."""

from __future__ import annotations

from datetime import datetime

import pytest

from newsgen import urls


def test_article_permalink_patterns():
    day = datetime(2026, 3, 7, 9, 0)
    assert urls.article("bao-so-5", "Thời sự", day) == "/bao-so-5/"
    assert urls.article("bao-so-5", "Thời sự", day, "/{section}/{year}/{month}/{day}/{slug}/") == (
        "/thoi-su/2026/03/07/bao-so-5/"
    )
    assert urls.article("x", "Đời sống", day, "/{section}/{slug}.html") == "/doi-song/x.html"


def test_lists_pages_and_feeds():
    assert urls.section("Đời sống") == "/doi-song/"
    assert urls.section("!!!") == "/tin-tuc/"  # a name with no letters still has a home
    assert urls.tag(urls.tag_slug("Đồng Nai")) == "/chu-de/dong-nai/"
    assert urls.paginated("/doi-song/", 1) == "/doi-song/"
    assert urls.paginated("/doi-song/", 3) == "/doi-song/trang-3/"
    assert urls.feed("/doi-song/") == "/doi-song/feed.xml"
    assert (urls.year(2026), urls.month(2026, 3), urls.day(2026, 3, 7)) == ("/2026/", "/2026/03/", "/2026/03/07/")


def test_distinct_slug_depends_only_on_the_name():
    a = urls.distinct_slug("nha-trang", "nhà trắng")
    assert a == urls.distinct_slug("nha-trang", "nhà trắng")
    assert a != urls.distinct_slug("nha-trang", "nhả trang")
    assert a.startswith("nha-trang-") and len(a) == len("nha-trang-") + 6


@pytest.mark.parametrize(
    "url, reserved",
    [("/chu-de/", True), ("/tim-kiem/x/", True), ("/2026/", True), ("/feed.xml", True), ("/pagefind/", True),
     ("/assets/", True), ("/trang/", True), ("/20260/", False), ("/bao-so-5/", False), ("/thoi-su/a/", False)],
)  # fmt: skip
def test_reserved_first_segments(url, reserved):
    assert urls.is_reserved(url) is reserved


def test_named_urls_and_unknown_names():
    assert urls.named("search") == "/tim-kiem/"
    assert urls.named("sitemap") == "/sitemap.xml"
    assert urls.named("feed") == "/feed.xml"
    with pytest.raises(KeyError, match="no URL is named 'nowhere'; named URLs: .*search"):
        urls.named("nowhere")


def test_output_paths():
    assert urls.output_path("/") == "index.html"
    assert urls.output_path("/thoi-su/trang-2/") == "thoi-su/trang-2/index.html"
    assert urls.output_path("/feed.xml") == "feed.xml"


def test_links_absolute_under_a_subpath_and_relative():
    w = urls.UrlWriter("https://example.org/tin-tuc/")
    assert w.absolute("/thoi-su/") == "https://example.org/tin-tuc/thoi-su/"
    assert w.link("/thoi-su/", "/a/") == "/tin-tuc/thoi-su/"
    assert w.link("https://other.example/", "/a/") == "https://other.example/"
    rel = urls.UrlWriter("https://example.org/", relative=True)
    assert rel.link("/thoi-su/", "/bao-so-5/") == "../thoi-su/index.html"
    assert rel.link("/", "/") == "index.html"
    assert rel.link("/assets/site.css", "/thoi-su/trang-2/") == "../../assets/site.css"
    assert rel.link("/bao-so-5/#binh-luan", "/bao-so-5/") == "index.html#binh-luan"
