"""End to end in headless Chromium: edit, break and fix an article while a page is open."""

from __future__ import annotations

import re

from serving import ServeProcess
from sitegen import make_site


def test_live_reload_error_page_and_recovery(browser, tmp_path):
    site = make_site(tmp_path / "site", count=3)
    server = ServeProcess(site)
    try:
        page = browser.new_page()
        page.goto(server.url + "tin-so-0-ve-hoat-dong-cua-dia-phuong/")
        assert page.locator("h1").inner_text() == "Tin số 0 về hoạt động của địa phương"

        source = site / "content" / "bai-000.txt"
        text = source.read_text(encoding="utf-8")
        # The headline changes, the slug follows the front matter so the URL stays.
        source.write_text(
            "---\nslug: tin-so-0-ve-hoat-dong-cua-dia-phuong\n---\n"
            + text.replace("Tin số 0 về hoạt động của địa phương", "Tiêu đề mới đã được biên tập lại"),
            encoding="utf-8",
        )
        page.wait_for_function(
            "() => document.querySelector('h1') && document.querySelector('h1').innerText === 'Tiêu đề mới đã được biên tập lại'",
            timeout=20000,
        )  # no manual reload: the page reloaded itself

        source.write_text("---\ntitle: [chưa đóng\n---\n", encoding="utf-8")
        page.wait_for_selector("ul.newsgen-errors", timeout=20000)
        message = page.locator("ul.newsgen-errors").inner_text()
        assert re.search(r"bai-000\.txt:2: error: invalid front matter", message)

        source.write_text(text, encoding="utf-8")
        page.wait_for_function(
            "() => document.querySelector('h1') && document.querySelector('h1').innerText === 'Tin số 0 về hoạt động của địa phương'",
            timeout=20000,
        )
        assert page.locator("article.story .lede").count() == 1
        page.close()
    finally:
        assert server.stop() == 0
