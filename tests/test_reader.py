"""What the reader gets, in headless Chromium: accessibility (axe-core, WCAG 2.1 AA) in light and
dark mode, page weight, no horizontal scrolling on a phone, no layout shift, 200% zoom, screenshots.

Screenshots of every page type at 375×812 and 1280×800 go to screenshots/ (git-ignored):
`make screenshots` runs just that test."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "screenshots"
PAGES = {
    "front": "/",
    "article": "/chinh-phu-hop-phien-thuong-ky-thang-10/",
    "photo-article": "/mien-bac-don-dot-khong-khi-lanh-dau-mua/",
    "rubric": "/thoi-su/",
    "tag": "/chu-de/dau-tu-cong/",
    "tag-index": "/chu-de/",
    "archive": "/2026/11/",
    "author": "/tac-gia/duong-giang/",
    "place": "/dia-danh/ha-noi/",
    "corrections": "/dinh-chinh/",
    "corrected-article": "/ton-vinh-200-nha-giao-tieu-bieu-nhan-ngay-nha-giao-viet-nam/",
    "search": "/tim-kiem/?q=dang+uy",
    "404": "/404.html",
}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BUDGET = 35 * 1024  # bytes, gzip
PHOTO_BUDGET = 120 * 1024  # an article with a lead photo on a phone (375 px, device pixel ratio 2)


@pytest.fixture(scope="module")
def server(sample_server):
    return sample_server


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        if os.environ.get("NEWSGEN_REQUIRE_BROWSER") == "1":
            pytest.fail("axe-core is missing: run `npm install` at the repository root")
        pytest.skip("axe-core is missing: run `npm install` at the repository root")
    return AXE.read_text(encoding="utf-8")


def open_page(browser, server, path, **context):
    page = browser.new_page(**context)
    page.goto(server + path)
    if path.startswith("/tim-kiem/"):
        page.wait_for_selector("#ket-qua li")
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_axe_violations(browser, server, axe_source, kind, scheme):
    page = open_page(browser, server, PAGES[kind], color_scheme=scheme)
    page.add_script_tag(content=axe_source)
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    problems = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert problems == []
    assert result["passes"], "axe ran no rule"
    page.close()


@pytest.mark.parametrize("kind", list(PAGES))
def test_landmarks_skip_link_focus_and_one_h1(browser, server, kind):
    page = open_page(browser, server, PAGES[kind])
    for landmark in ("header", "nav", "main", "footer"):
        assert page.locator(landmark).count() >= 1, landmark
    assert page.locator("h1").count() == 1
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0  # visible when focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    if page.locator("figure").count():
        assert page.locator("figure figcaption").count() == page.locator("figure").count()
    page.close()


def test_article_weight_and_no_blocking_script(browser, server):
    sizes: dict[str, int] = {}
    page = browser.new_page()
    page.on("response", lambda r: sizes.__setitem__(r.url, len(gzip.compress(r.body()))) if r.ok else None)
    page.goto(server + PAGES["article"])
    page.wait_for_load_state("networkidle")
    total = sum(sizes.values())
    assert 0 < total <= BUDGET, sizes
    blocking = page.evaluate(
        "[...document.querySelectorAll('head script[src]')].filter(s => !s.defer && !s.async && s.type !== 'module').length"
    )
    assert blocking == 0
    fonts = page.evaluate("[...document.fonts].length")
    assert fonts == 0  # system fonts only
    page.close()


def test_photo_article_weight_on_a_phone(browser, server):
    """HTML, CSS and the pictures the browser chooses (AVIF, the width the phone needs) stay
    within the budget; lazy pictures further down are not fetched for the first screen."""
    sizes: dict[str, int] = {}
    page = browser.new_page(viewport={"width": 375, "height": 812}, device_scale_factor=2)
    page.on("response", lambda r: sizes.__setitem__(r.url, len(gzip.compress(r.body()))) if r.ok else None)
    page.goto(server + PAGES["photo-article"])
    page.wait_for_load_state("networkidle")
    pictures = [u for u in sizes if "/anh/" in u]
    assert pictures and all(u.endswith(".avif") for u in pictures), sizes
    assert any(u.endswith("-800.avif") for u in pictures)  # 375 px × 2 = 750: the 800 px one
    chosen = page.evaluate("document.querySelector('.story-body picture img').currentSrc")
    assert chosen.endswith("-800.avif")
    assert 0 < sum(sizes.values()) <= PHOTO_BUDGET, sizes
    page.close()


@pytest.mark.parametrize("kind", list(PAGES))
def test_phone_width_zoom_and_layout_shift(browser, server, kind):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.add_init_script(
        "window.__cls = 0; new PerformanceObserver(l => { for (const e of l.getEntries())"
        " if (!e.hadRecentInput) window.__cls += e.value; }).observe({type: 'layout-shift', buffered: true});"
    )
    page.goto(server + PAGES[kind])
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.evaluate("window.__cls") == 0
    without_size = page.evaluate(
        "[...document.images].filter(i => !i.getAttribute('width') || !i.getAttribute('height')).length"
    )
    assert without_size == 0
    # 200% zoom of a 1280-pixel window: a 640-pixel layout, still readable and without sideways scrolling
    page.set_viewport_size({"width": 640, "height": 400})
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 16
    page.close()


def test_screenshots(browser, server):
    SHOTS.mkdir(exist_ok=True)
    for kind, path in PAGES.items():
        for width, height in ((375, 812), (1280, 800)):
            page = open_page(browser, server, path, viewport={"width": width, "height": height})
            target = SHOTS / f"{kind}-{width}x{height}.png"
            page.screenshot(path=str(target), full_page=False)
            assert target.stat().st_size > 1000
            page.close()
