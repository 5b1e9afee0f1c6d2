"""The month-by-month search index (with its recent index) after a sequence of incremental builds answers every query
of a fixed list with the same pages and excerpts as the index of a clean build (real Pagefind,
served over HTTP, searched in headless Chromium)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import newsgen
from newsgen.build import BuildOptions, build
from newsgen.output import search
from serving import static_host
from sitegen import make_site, write_article

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
QUERIES = ["tin số 3", "tin so 3", "Đà Nẵng", "da nang", "đầu tư", "dau tu", "bóng đá", "cơn mưa lớn",
           "Cần Thơ hoạt động", "chỉ tiêu", "phóng viên ghi nhận", "zyxwv"]  # fmt: skip


def _answers(browser, folder: Path) -> dict[str, list[tuple[str, str]]]:
    answers = {}
    with static_host(folder) as base:
        page = browser.new_page()
        try:
            for q in QUERIES:
                page.goto(f"{base}/tim-kiem/?q={quote(q)}")
                page.wait_for_function(
                    "() => { const s = document.getElementById('trang-thai').textContent;"
                    " return s && !s.startsWith('Đang tìm'); }",
                    timeout=20000,
                )
                while page.locator("#them-ket-qua").is_visible():  # every result, not the first page only
                    count = page.locator("#ket-qua li").count()
                    page.click("#them-ket-qua")
                    page.wait_for_function(f"() => document.querySelectorAll('#ket-qua li').length > {count}")
                items = page.locator("#ket-qua li").evaluate_all(
                    "els => els.map(e => [e.querySelector('h2 a').getAttribute('href'), e.querySelector('.excerpt').innerHTML])"
                )
                answers[q] = sorted(tuple(i) for i in items)
        finally:
            page.close()
    return answers


def _listing(out: Path) -> dict:
    return json.loads((out / "pagefind" / "shards.json").read_text(encoding="utf-8"))


def _months(out: Path) -> list[str]:
    return [s["name"] for s in _listing(out)["shards"]]


def test_incremental_index_answers_as_a_clean_one(browser, tmp_path, monkeypatch):
    site = make_site(tmp_path / "site", count=30, page_size=5, search=True)
    out = tmp_path / "incremental"
    first = build(BuildOptions(site=site, output=out, now=NOW))
    assert first.search is not None and first.search.indexed == first.search.shards == 2
    content = site / "content"

    # 1. one article edited: its month is taken over, the article goes to the recent index
    path = content / "bai-004.txt"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("Theo báo cáo", "Sau cơn mưa lớn, theo báo cáo"))
    r = build(BuildOptions(site=site, output=out, now=NOW))
    assert r.text_edit  # only its text changed: its page alone is made again (engine/edits.py)
    assert r.search is not None and (r.search.indexed, r.search.recent, r.search.shards) == (1, 1, 2)
    assert len(_listing(out)["hidden"]) == 1  # the month's copy of the article
    # 2. a new article in a new month (indexed on its own), 3. an article deleted (hidden),
    # 4. a tag renamed in another (to the recent index)
    write_article(content, "moi.txt", rubric="Kinh tế", headline="Tin mới về đầu tư tại Đà Nẵng", day=2, month=9)
    (content / "bai-007.txt").unlink()
    path = content / "bai-010.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Từ khóa: ", "Từ khóa: bóng đá, "))
    r = build(BuildOptions(site=site, output=out, now=NOW))
    assert not r.text_edit
    assert r.search is not None and (r.search.indexed, r.search.recent, r.search.shards) == (2, 2, 3)
    assert len(_listing(out)["hidden"]) == 3
    # 5. the first edit undone: the month's copy is right again, and shown
    (content / "bai-004.txt").write_text(original)
    r = build(BuildOptions(site=site, output=out, now=NOW))
    assert r.text_edit
    assert r.search is not None and r.search.recent == 1 and len(_listing(out)["hidden"]) == 2
    # 6. the recent index full: the month with the most changes is indexed anew
    monkeypatch.setattr(search, "OVERLAY_MAX", 1)
    path = content / "bai-013.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Theo báo cáo", "Sau cơn mưa lớn, theo báo cáo"))
    r = build(BuildOptions(site=site, output=out, now=NOW))
    assert r.text_edit and r.search is not None and r.search.recent <= 1 and r.search.indexed >= 1
    # 7. nothing changed in the articles: every index is taken over as it is
    (site / "static").mkdir(exist_ok=True)
    (site / "static" / "robots-extra.txt").write_text("x\n")
    r = build(BuildOptions(site=site, output=out, now=NOW))
    assert r.search is None or r.search.indexed == 0
    listed = {s["folder"] for s in _listing(out)["shards"]} | {(_listing(out)["recent"] or {}).get("folder")}
    assert {p.name for p in (out / "pagefind").iterdir() if p.is_dir()} == listed - {None}  # old ones removed
    # 8. the article template edited: the article pages are made again, every index is kept
    (site / "templates").mkdir()
    theme = Path(newsgen.__file__).parent / "theme" / "templates" / "article.html"
    template = theme.read_text(encoding="utf-8").replace("</article>", "<p>Bản quyền thuộc tòa soạn.</p></article>", 1)
    (site / "templates" / "article.html").write_text(template, encoding="utf-8")
    before = _listing(out)
    r = build(BuildOptions(site=site, output=out, now=NOW))
    assert r.template_edit and r.search is None and _listing(out) == before

    clean = tmp_path / "clean"
    build(BuildOptions(site=site, output=clean, cache_dir=tmp_path / "clean-cache", now=NOW))
    assert _months(out) == _months(clean) == ["2026-11", "2026-10", "2026-09"]
    incremental, full = _answers(browser, out), _answers(browser, clean)
    assert incremental == full
    assert full["cơn mưa lớn"] and len(full["cơn mưa lớn"]) == 1
    assert full["tin so 3"] == full["tin số 3"] != []
    assert full["zyxwv"] == []
    assert not any("bai-007" in href or "tin-so-7-" in href for hits in full.values() for href, _ in hits)

    # months split into parts of at most SHARD_MAX records (search.month_parts) answer as whole months do
    monkeypatch.setattr(search, "SHARD_MAX", 8)
    parts = tmp_path / "parts"
    build(BuildOptions(site=site, output=parts, cache_dir=tmp_path / "parts-cache", now=NOW))
    names = _months(parts)
    assert "2026-09" in names and sum(n.startswith("2026-10p") for n in names) == 2
    assert sum(p["pages"] for p in _listing(parts)["shards"]) == sum(p["pages"] for p in _listing(clean)["shards"])
    assert _answers(browser, parts) == full
