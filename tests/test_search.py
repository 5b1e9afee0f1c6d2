"""Search on the built sample site, served on loopback, used in headless Chromium."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

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
    assert (out / "pagefind" / "pagefind.js").is_file()


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


def test_unrelated_word_finds_nothing(browser, server):
    titles, status = results(browser, server, "zyxwvu")
    assert titles == []
    assert status.startswith("Không tìm thấy kết quả nào")


def test_navigation_and_footer_are_not_indexed(browser, server):
    # "Sơ đồ trang" and the site description ("... của newsgen ...") are in every footer, only there.
    for words in ("Sơ đồ trang", "newsgen"):
        titles, _ = results(browser, server, words)
        assert titles == [], words


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
        if path.parent.name == "tim-kiem":
            assert any("search." in s for s in scripts)
        else:
            assert scripts == [], path
