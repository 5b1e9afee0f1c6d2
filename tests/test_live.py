"""A story whose body is timestamped entries is published as a live blog."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup

from newsgen.build import BuildOptions, build
from serving import static_host
from sitegen import make_site

HCM = ZoneInfo("Asia/Ho_Chi_Minh")

LIVE = """{front}Thể thao

Trực tuyến trận chung kết bóng đá nam

Diễn biến trận chung kết được cập nhật liên tục.

08:30 Ngày 26/11/2026

Hai đội đã có mặt trên sân, khán đài kín chỗ.

09:15 Ngày 26/11/2026

Đội chủ nhà mở tỷ số ở phút thứ 30.

10:40 Ngày 26/11/2026

Trận đấu kết thúc với chiến thắng của đội chủ nhà./.
"""


def built(tmp_path: Path, now: datetime, front: str = "") -> BeautifulSoup:
    root = make_site(tmp_path / "site", count=1)
    (root / "content" / "truc-tuyen.txt").write_text(LIVE.format(front=front), encoding="utf-8")
    build(BuildOptions(site=root, now=now, jobs=1))
    path = root / "public" / "truc-tuyen-tran-chung-ket-bong-da-nam" / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def ld_of(page: BeautifulSoup) -> dict:
    return next(json.loads(s.string) for s in page.find_all("script", type="application/ld+json")
                if json.loads(s.string).get("@type") in ("NewsArticle", "LiveBlogPosting"))  # fmt: skip


def test_entries_newest_first_with_anchors_and_the_live_label(tmp_path):
    page = built(tmp_path, datetime(2026, 11, 26, 12, 0, tzinfo=HCM))
    entries = page.select(".live-entry")
    assert [e.time["datetime"] for e in entries] == ["2026-11-26T10:40:00+07:00", "2026-11-26T09:15:00+07:00",
                                                     "2026-11-26T08:30:00+07:00"]  # fmt: skip
    assert "chiến thắng" in entries[0].get_text()
    assert all(e["id"] and e.h2.a["href"] == f"#{e['id']}" for e in entries)
    assert page.select_one(".live-label").get_text(strip=True) == "Trực tiếp"  # an entry within the last hours
    ld = ld_of(page)
    assert ld["@type"] == "LiveBlogPosting" and ld["coverageStartTime"] == "2026-11-26T08:30:00+07:00"
    assert "coverageEndTime" not in ld  # still live
    updates = ld["liveBlogUpdate"]
    assert [u["datePublished"] for u in updates][0] == "2026-11-26T10:40:00+07:00"
    assert updates[0]["url"].endswith("#" + entries[0]["id"]) and updates[0]["@type"] == "BlogPosting"


def test_a_live_blog_stops_being_live_and_the_build_knows_when(tmp_path):
    root = make_site(tmp_path / "site", count=1)
    (root / "content" / "truc-tuyen.txt").write_text(LIVE.format(front=""), encoding="utf-8")
    first = build(BuildOptions(site=root, now=datetime(2026, 11, 26, 12, 0, tzinfo=HCM), jobs=1))
    assert first.articles == 2
    later = build(BuildOptions(site=root, now=datetime(2026, 11, 26, 17, 0, tzinfo=HCM), jobs=1))
    assert not later.up_to_date  # 10:40 + 6 hours has passed: the label goes
    page = BeautifulSoup((root / "public" / "truc-tuyen-tran-chung-ket-bong-da-nam" / "index.html")
                         .read_text(encoding="utf-8"), "html.parser")  # fmt: skip
    assert page.select_one(".live-label") is None
    assert ld_of(page)["coverageEndTime"] == "2026-11-26T10:40:00+07:00"


def test_live_true_keeps_the_label(tmp_path):
    page = built(tmp_path, datetime(2026, 11, 28, 12, 0, tzinfo=HCM), front="---\nlive: true\n---\n")
    assert page.select_one(".live-label") is not None


def test_the_live_blog_page_passes_axe_and_vnu_in_both_schemes(tmp_path, browser):
    import shutil
    import subprocess

    import pytest

    from test_reader import AXE, WCAG

    if not AXE.is_file():
        pytest.fail("axe-core is missing: run `npm install` at the repository root")
    root = make_site(tmp_path / "site", count=1)
    (root / "content" / "truc-tuyen.txt").write_text(LIVE.format(front="---\nlive: true\n---\n"), encoding="utf-8")
    build(BuildOptions(site=root, now=datetime(2026, 11, 26, 12, 0, tzinfo=HCM), jobs=1))
    out = root / "public"
    with static_host(out) as address:
        for scheme in ("light", "dark"):
            page = browser.new_page(color_scheme=scheme, viewport={"width": 360, "height": 740})
            page.goto(f"{address}/truc-tuyen-tran-chung-ket-bong-da-nam/")
            page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
            result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
            assert [v["id"] for v in result["violations"]] == [], scheme
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
            page.close()
    java, jar = shutil.which("java"), AXE.parent.parent / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if java is None or not jar.is_file():
        pytest.fail("v.Nu needs java and `npm install` (vnu-jar)")
    html = out / "truc-tuyen-tran-chung-ket-bong-da-nam" / "index.html"
    checked = subprocess.run([java, "-jar", str(jar), "--errors-only", str(html)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
