"""What a site needs to be published at a newsroom's scale: a sitemap index over files within
the sitemap limits, a bounded news sitemap, robots.txt under a base path, scheduled articles."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime
from zoneinfo import ZoneInfo

from newsgen.build import BuildOptions, build
from newsgen.pages import sitemaps
from sitegen import make_site, write_article

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_a_large_site_gets_a_sitemap_index(tmp_path, monkeypatch):
    plain = make_site(tmp_path / "plain", count=30)
    small = build(BuildOptions(site=plain, now=NOW, jobs=1))
    single = ET.parse(plain / "public" / "sitemap.xml").getroot()
    assert single.tag.endswith("urlset")
    every = [loc.text for loc in single.findall("s:url/s:loc", NS)]
    not_listed = ("feed", "rss", "json-feed", "sitemap", "news-sitemap", "robots", "404", "alias", "side")
    assert len(every) == sum(n for k, n in small.pages.items() if k not in not_listed)

    monkeypatch.setattr(sitemaps, "MAX_URLS", 20)  # as 50,000 would at a newsroom's size
    root = make_site(tmp_path / "site", count=30)
    build(BuildOptions(site=root, now=NOW, jobs=1))
    out = root / "public"
    index = ET.parse(out / "sitemap.xml").getroot()
    assert index.tag.endswith("sitemapindex")
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert parts == [f"https://example.org/sitemap-{n}.xml" for n in range(1, len(parts) + 1)] and len(parts) >= 2
    assert all(m.find("s:lastmod", NS) is not None for m in index.findall("s:sitemap", NS))
    listed = []
    for n in range(1, len(parts) + 1):
        urls = [loc.text for loc in ET.parse(out / f"sitemap-{n}.xml").getroot().findall("s:url/s:loc", NS)]
        assert 0 < len(urls) <= 20
        listed += urls
    assert listed == every  # the same pages, each once, in the same order
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://example.org/sitemap.xml" in robots

    monkeypatch.setattr(sitemaps, "MAX_URLS", 50_000)  # small again: the numbered files are removed
    (root / "content" / "bai-000.txt").unlink()
    result = build(BuildOptions(site=root, now=NOW, jobs=1))
    assert "sitemap-1.xml" in result.removed and not (out / "sitemap-1.xml").exists()
    assert ET.parse(out / "sitemap.xml").getroot().tag.endswith("urlset")


def test_a_sitemap_file_stays_within_its_byte_limit(tmp_path, monkeypatch):
    root = make_site(tmp_path / "site", count=10)
    monkeypatch.setattr(sitemaps, "MAX_BYTES", 3_000)
    build(BuildOptions(site=root, now=NOW, jobs=1))
    out = root / "public"
    assert ET.parse(out / "sitemap.xml").getroot().tag.endswith("sitemapindex")
    for part in out.glob("sitemap-*.xml"):
        assert part.stat().st_size <= 3_000


def test_the_news_sitemap_holds_at_most_its_limit_newest_first(tmp_path, monkeypatch):
    root = make_site(tmp_path / "site", count=3)
    for i in range(8):
        write_article(root / "content", f"moi-{i}.txt", rubric="Thời sự", headline=f"Tin nóng {i}", day=27, month=11,
                      front_matter=f"---\ndate: 2026-11-27T{10 + i:02d}:00:00+07:00\n---\n")  # fmt: skip
    monkeypatch.setattr(sitemaps, "NEWS_MAX", 5)
    build(BuildOptions(site=root, now=NOW, jobs=1))
    news = ET.parse(root / "public" / "news-sitemap.xml").getroot()
    locs = [loc.text for loc in news.findall("s:url/s:loc", NS)]
    assert locs == [f"https://example.org/tin-nong-{i}/" for i in (7, 6, 5, 4, 3)]


def test_a_base_path_warns_where_robots_txt_must_go(tmp_path):
    root = make_site(tmp_path / "site", count=2)
    config = root / "newsgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("https://example.org/", "https://example.org/tin-tuc/"),
                      encoding="utf-8")  # fmt: skip
    out = subprocess.run([sys.executable, "-m", "newsgen", "build"], cwd=root, capture_output=True, text=True,
                         env={"NEWSGEN_NOW": NOW.isoformat(), "PATH": "/usr/bin:/bin"})  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "newsgen.yaml: warning: base_url has a path (/tin-tuc/): crawlers read robots.txt only at " \
           "https://example.org/robots.txt; serve these lines there:" in out.stderr  # fmt: skip
    assert "    Sitemap: https://example.org/tin-tuc/sitemap.xml" in out.stderr
    again = subprocess.run([sys.executable, "-m", "newsgen", "build"], cwd=root, capture_output=True, text=True,
                           env={"NEWSGEN_NOW": NOW.isoformat(), "PATH": "/usr/bin:/bin"})  # fmt: skip
    assert "is up to date" in again.stdout and "robots.txt only at" in again.stderr  # said every time


def test_build_says_when_the_next_scheduled_article_falls_due(tmp_path):
    root = make_site(tmp_path / "site", count=2)
    write_article(root / "content", "hen-gio.txt", rubric="Thời sự", headline="Tin hẹn giờ", day=1, month=12,
                  front_matter="---\ndate: 2026-12-01T06:00:00+07:00\n---\n")  # fmt: skip
    write_article(root / "content", "hen-gio-2.txt", rubric="Thời sự", headline="Tin hẹn giờ sau", day=2, month=12,
                  front_matter="---\ndate: 2026-12-02T06:00:00+07:00\n---\n")  # fmt: skip
    env = {"NEWSGEN_NOW": NOW.isoformat(), "PATH": "/usr/bin:/bin"}
    first = subprocess.run([sys.executable, "-m", "newsgen", "build"], cwd=root, capture_output=True, text=True,
                           env=env)  # fmt: skip
    assert re.search(r"next scheduled +Thứ Ba, 01/12/2026 06:00 \(UTC\+07:00\): build again then", first.stdout)
    again = subprocess.run([sys.executable, "-m", "newsgen", "build"], cwd=root, capture_output=True, text=True,
                           env=env)  # fmt: skip
    assert "next scheduled change: Thứ Ba, 01/12/2026 06:00 (UTC+07:00)" in again.stdout
    later = build(BuildOptions(site=root, now=datetime(2026, 12, 1, 7, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))))
    assert (root / "public" / "tin-hen-gio" / "index.html").is_file()
    assert later.next_due == datetime(2026, 12, 2, 6, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert build(BuildOptions(site=root, now=NOW, future=True)).next_due is None


def _page(root, url: str) -> str:
    return (root / "public" / url.strip("/") / "index.html").read_text(encoding="utf-8")


def test_aliases_and_moved_articles_keep_their_old_addresses(tmp_path):
    import pytest

    from newsgen.errors import BuildFailed

    root = make_site(tmp_path / "site", count=3)
    story = write_article(root / "content", "doi.txt", rubric="Thời sự", headline="Tin ban đầu", day=5, month=11,
                          front_matter="---\naliases: [/tin-tu-cms-cu.html, 2019/05/bai-cu, /thoi-su/]\n---\n")  # fmt: skip
    result = build(BuildOptions(site=root, now=NOW, jobs=1))
    old = (root / "public" / "tin-tu-cms-cu.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=/tin-ban-dau/">' in old
    assert '<link rel="canonical" href="https://example.org/tin-ban-dau/">' in old
    assert '<meta name="robots" content="noindex">' in old
    assert "url=/tin-ban-dau/" in _page(root, "/2019/05/bai-cu/")
    assert result.pages["alias"] == 2  # /thoi-su/ is the rubric's page: no redirect, a warning
    assert any("/thoi-su/ (aliases) is another page's" in d.message for d in result.warnings)
    sitemap = (root / "public" / "sitemap.xml").read_text(encoding="utf-8")
    assert "bai-cu" not in sitemap and "tin-tu-cms-cu" not in sitemap

    story.write_text(story.read_text(encoding="utf-8").replace("Tin ban đầu", "Tin đã sửa tiêu đề"), encoding="utf-8")
    moved = build(BuildOptions(site=root, now=NOW, jobs=1))
    assert any("its URL changed from /tin-ban-dau/ to /tin-da-sua-tieu-de/" in d.message for d in moved.warnings)
    assert "url=/tin-da-sua-tieu-de/" in _page(root, "/tin-ban-dau/")
    assert "url=/tin-da-sua-tieu-de/" in (root / "public" / "tin-tu-cms-cu.html").read_text(encoding="utf-8")
    story.write_text(story.read_text(encoding="utf-8").replace("Tin đã sửa tiêu đề", "Tin sửa lần hai"),
                     encoding="utf-8")  # fmt: skip
    build(BuildOptions(site=root, now=NOW, jobs=1))
    for url in ("/tin-ban-dau/", "/tin-da-sua-tieu-de/"):  # every earlier address goes to the newest
        assert "url=/tin-sua-lan-hai/" in _page(root, url)
    build(BuildOptions(site=root, now=NOW, jobs=1))  # an unchanged site keeps them
    assert "url=/tin-sua-lan-hai/" in _page(root, "/tin-ban-dau/")

    story.write_text("---\naliases: [../../etc/passwd]\n---\n" + story.read_text(encoding="utf-8").split("---\n", 2)[2],
                     encoding="utf-8")  # fmt: skip
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(site=root, now=NOW, jobs=1))
    d = failed.value.diagnostics[0]
    assert d.path == story and d.line == 2 and "is not a path inside the site" in d.message
