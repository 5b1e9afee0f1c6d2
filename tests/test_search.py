"""Search on the built sample site, served on loopback, used in headless Chromium."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from conftest import SAMPLE_ROOT
from newsgen.vietnamese import fold

TARGET = "Đảng ủy Khối các cơ quan tỉnh Bình Định tổng kết công tác xây dựng Đảng"


@pytest.fixture(scope="module")
def site(sample_build):
    return sample_build


@pytest.fixture(scope="module")
def server(sample_server):
    return sample_server


def results(browser, base: str, query: str, rubric: str = "") -> tuple[list[str], str]:
    page = browser.new_page()
    try:
        url = f"{base}/tim-kiem/?q={quote(query)}" + (f"&chuyen-muc={quote(rubric)}" if rubric else "")
        page.goto(url)
        page.wait_for_function(
            "() => { const s = document.getElementById('trang-thai').textContent; return s && !s.startsWith('Đang tìm'); }",
            timeout=20000,
        )
        titles = page.locator("#ket-qua li h2 a").all_inner_texts()
        return titles, page.locator("#trang-thai").inner_text()
    finally:
        page.close()


def test_the_build_reports_the_index(site):
    out, result = site
    assert result.search is not None
    assert result.search.pages == result.articles == 25  # articles only, not list pages
    assert result.search.bytes > 10_000
    listing = json.loads((out / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    months = [s["name"] for s in listing["shards"]]
    assert months == ["2026-11", "2026-10", "2026-09"]  # one index per month, newest first
    assert result.search.shards == 3 and sum(s["pages"] for s in listing["shards"]) == 25
    assert listing["recent"] is None and listing["hidden"] == []  # a clean build: no recent index
    for shard in listing["shards"]:
        assert shard["folder"].startswith(shard["name"] + "-")
        assert (out / "pagefind" / shard["folder"] / "pagefind.js").is_file()
        assert not (out / "pagefind" / shard["folder"] / "pagefind-ui.js").exists()  # unused, not published


@pytest.mark.parametrize("query", ["Đảng ủy", "Đảng uỷ", "dang uy", "DANG UY", "đảng ủy khối"])
def test_query_forms_find_the_article(browser, server, query):
    titles, status = results(browser, server, query)
    assert TARGET in titles, (query, titles, status)
    assert "kết quả cho" in status


def test_rubric_filter(browser, server):
    titles, _ = results(browser, server, "dang uy", "Thời sự")
    assert TARGET in titles
    titles, status = results(browser, server, "dang uy", "Thể thao")
    assert TARGET not in titles
    sports, _ = results(browser, server, "bong da", "Thể thao")
    assert sports and "Đội tuyển nữ Việt Nam thắng đậm trận ra quân" in sports


NOTE_TARGET = "Bác sĩ trẻ tình nguyện về công tác tại vùng cao"


@pytest.mark.parametrize("query", ["Phìn Ngan", "phin ngan"])
def test_editor_note_words_are_found_with_and_without_tone_marks(browser, server, query):
    # "Phìn Ngan" stands only in that article's editor's note (LTS).
    titles, status = results(browser, server, query)
    assert titles == [NOTE_TARGET], (query, titles, status)


def test_the_record_holds_every_block_a_reader_reads_then_the_folded_copy(sample_build):
    from newsgen.config import load_config
    from newsgen.load.article import load_article
    from newsgen.output.search import FOLDED_MARK, make_record

    config = load_config(SAMPLE_ROOT)
    article = load_article(SAMPLE_ROOT / "content/2026/10/benh-vien-vung-cao.txt", config, SAMPLE_ROOT / "content")
    record = make_record("/x/", article, article.text, "Xã hội", ["bác sĩ trẻ"], "Thứ Hai, 12/10/2026")
    seen, folded = record.content.split(FOLDED_MARK)
    for words in ("trạm xá Phìn Ngan", "Bác sĩ trẻ tình nguyện", "Những ca mổ đầu tiên", "khám bệnh cho người dân"):
        assert words in seen, words
    # the copy: each word holding "đ", folded, once (Pagefind matches the other marks itself)
    copy = folded.split()
    assert {"da", "dang", "dau", "don", "dia"} <= set(copy) and len(copy) == len(set(copy))
    assert all(w == fold(w).lower() for w in copy)
    assert "benh" not in copy and "si" not in copy
    assert record.title == article.headline and record.rubric == "Xã hội"


def test_unrelated_word_finds_nothing(browser, server):
    titles, status = results(browser, server, "zyxwvu")
    assert titles == []
    assert status.startswith("Không tìm thấy kết quả nào")


def test_navigation_and_footer_are_not_indexed(browser, server):
    # "Sơ đồ trang" and the site description ("... của newsgen ...") are in every footer, only
    # there. Pagefind matches each word as a prefix ("sơ" finds "số"), so a story may still
    # match the words one by one, but never the footer's phrase, and never every page.
    titles, _ = results(browser, server, "newsgen")
    assert titles == []
    titles, _ = results(browser, server, "Sơ đồ trang")
    assert len(titles) < 5, titles
    for text in excerpts(browser, server, "Sơ đồ trang"):
        assert "Sơ đồ trang" not in text


def excerpts(browser, base: str, query: str) -> list[str]:
    page = browser.new_page()
    try:
        page.goto(f"{base}/tim-kiem/?q={quote(query)}")
        page.wait_for_function(
            "() => { const s = document.getElementById('trang-thai').textContent; return s && !s.startsWith('Đang tìm'); }",
            timeout=20000,
        )
        return page.locator("#ket-qua li .excerpt").evaluate_all("els => els.map(e => e.innerHTML)")
    finally:
        page.close()


@pytest.mark.parametrize("query", ["phin ngan", "tram xa", "dang uy"])
def test_excerpts_show_the_text_as_written_never_the_folded_copy(browser, server, query):
    found = excerpts(browser, server, query)
    assert found, query
    for html in found:
        assert "⁂" not in html
        marked = re.findall(r"<mark>(.*?)</mark>", html)
        assert marked, html
        # every marked word is as the story prints it: with its tone marks
        assert any(fold(m) != m.lower() for m in marked), html


def test_results_show_headline_rubric_date_and_marked_excerpt(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/tim-kiem/?q={quote('dang uy')}")
    page.wait_for_selector("#ket-qua li")
    first = page.locator("#ket-qua li").first
    assert "Thời sự" in first.locator(".meta").inner_text()
    assert "2026" in first.locator(".meta").inner_text()
    assert first.locator(".excerpt mark").count() >= 1
    href = first.locator("h2 a").get_attribute("href")
    page.goto(server + href if href.startswith("/") else href)
    assert page.locator("h1").inner_text() == TARGET
    page.close()


def test_keyboard_search_from_the_header(browser, server):
    page = browser.new_page()
    page.goto(server + "/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the site title
    page.keyboard.press("Tab")  # the search box
    assert page.evaluate("document.activeElement.id") == "tim-nhanh"
    page.keyboard.type("dang uy")
    page.keyboard.press("Enter")
    page.wait_for_selector("#ket-qua li")
    assert TARGET in page.locator("#ket-qua li h2 a").all_inner_texts()
    assert page.locator("label[for=q]").inner_text() == "Từ khóa"
    page.close()


def test_only_the_search_page_loads_search_code(site):
    out, _ = site
    for path in [out / "index.html", *out.glob("*/index.html")]:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        scripts = [s.get("src") for s in soup.find_all("script") if s.get("src")]
        form = soup.find("form", role="search")
        assert form is not None and form["action"] == "/tim-kiem/", path
        assert any(s.startswith("/site.") for s in scripts), path  # the small shared script (site.js)
        if path.parent.name == "tim-kiem":
            assert any("search." in s for s in scripts)
        else:
            assert not any("search." in s or "pagefind" in s for s in scripts), path
