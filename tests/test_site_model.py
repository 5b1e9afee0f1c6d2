"""The site model room: site.index (articles -> entries, rubrics, tags, URLs, neighbours,
related) and pages (one producer per kind), on articles loaded from small original files."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsgen.config import load_config
from newsgen.i18n import messages
from newsgen.load.article import load_article
from newsgen.pages import produce_pages
from newsgen.site.index import index_site

TZ = timezone(timedelta(hours=7))
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=TZ)


def _site_folder(tmp_path: Path, config: str = "") -> Path:
    (tmp_path / "newsgen.yaml").write_text(
        "title: Báo Mẫu\nbase_url: https://example.org/\npage_size: 2\nsearch: false\n" + config, encoding="utf-8"
    )
    (tmp_path / "content").mkdir()
    return tmp_path


def _write(root: Path, name: str, *, title: str, section: str, date: str, tags: list[str] = (), extra: str = ""):
    tag_line = f"tags: [{', '.join(tags)}]\n" if tags else ""
    text = (
        f"---\ntitle: {title}\nsection: {section}\ndate: {date}\n{tag_line}{extra}---\n\n"
        f"Đoạn mở đầu của bài {title.lower()} do phóng viên viết.\n\nĐoạn thứ hai có thêm chi tiết.\n"
    )
    path = root / "content" / name
    path.write_text(text, encoding="utf-8")
    return path


def _index(root: Path, **kwargs):
    config = load_config(root)
    articles = [load_article(p, config, root / "content") for p in sorted((root / "content").iterdir())]
    return index_site(articles, config, now=NOW, **kwargs)


def test_drafts_and_future_are_left_out_and_counted(tmp_path: Path) -> None:
    root = _site_folder(tmp_path)
    _write(root, "a.md", title="Bài một", section="Thời sự", date="2026-11-01 08:00")
    _write(root, "b.md", title="Bài nháp", section="Thời sự", date="2026-11-02 08:00", extra="draft: true\n")
    _write(root, "c.md", title="Bài hẹn giờ", section="Thời sự", date="2026-12-05 08:00")
    site = _index(root)
    assert [e.article.headline for e in site.entries] == ["Bài một"]
    assert site.excluded == 2
    both = _index(root, drafts=True, future=True)
    assert len(both.entries) == 3 and both.excluded == 0


def test_entries_newest_first_with_rubric_neighbours(tmp_path: Path) -> None:
    root = _site_folder(tmp_path)
    _write(root, "a.md", title="Cũ nhất", section="Kinh tế", date="2026-11-01 08:00")
    _write(root, "b.md", title="Giữa", section="Kinh tế", date="2026-11-02 08:00")
    _write(root, "c.md", title="Khác mục", section="Thể thao", date="2026-11-03 08:00")
    _write(root, "d.md", title="Mới nhất", section="Kinh tế", date="2026-11-04 08:00")
    site = _index(root)
    assert [e.article.headline for e in site.entries] == ["Mới nhất", "Khác mục", "Giữa", "Cũ nhất"]
    by = {e.article.headline: e for e in site.entries}
    assert by["Giữa"].prev is by["Cũ nhất"] and by["Giữa"].next is by["Mới nhất"]
    assert by["Mới nhất"].next is None and by["Cũ nhất"].prev is None
    assert by["Khác mục"].prev is None and by["Khác mục"].next is None


def test_rubrics_in_configured_order_then_vietnamese_order(tmp_path: Path) -> None:
    root = _site_folder(tmp_path, "rubrics: [Thế giới]\n")
    for i, name in enumerate(["Đời sống", "Du lịch", "Thế giới", "Ẩm thực", "An ninh"]):
        _write(root, f"{i}.md", title=f"Bài {i}", section=name, date=f"2026-11-0{i + 1} 08:00")
    site = _index(root)
    # Configured first; then ICU vi order: A < Ă/Â (Ẩm thực sorts as Âm), D < Đ.
    assert [s.name for s in site.sections] == ["Thế giới", "An ninh", "Ẩm thực", "Du lịch", "Đời sống"]
    assert site.sections[0].url == "/the-gioi/"


def test_url_clash_gets_a_number_and_a_warning(tmp_path: Path) -> None:
    root = _site_folder(tmp_path)
    _write(root, "a.md", title="Cùng tên", section="Thời sự", date="2026-11-01 08:00")
    _write(root, "b.md", title="Cùng tên", section="Kinh tế", date="2026-11-02 08:00", extra="lede: Khác hẳn.\n")
    site = _index(root)
    by_source = {e.article.source.name: e.url for e in site.entries}
    assert by_source == {"a.md": "/cung-ten/", "b.md": "/cung-ten-2/"}
    assert any("/cung-ten/ is already taken" in d.message for d in site.diagnostics)


def test_article_may_not_take_a_reserved_url(tmp_path: Path) -> None:
    root = _site_folder(tmp_path)
    _write(root, "a.md", title="Chủ đề", section="Thời sự", date="2026-11-01 08:00", extra="slug: chu-de\n")
    _write(root, "b.md", title="Năm", section="Thời sự", date="2026-11-01 09:00", extra="slug: '2026'\n")
    urls = sorted(e.url for e in _index(root).entries)
    assert urls == ["/2026-2/", "/chu-de-2/"]


def test_tags_merge_tone_placements_and_keep_different_tones_apart(tmp_path: Path) -> None:
    root = _site_folder(tmp_path)
    _write(root, "a.md", title="Một", section="Thời sự", date="2026-11-01 08:00", tags=["hòa bình", "Nhà Trắng"])
    _write(root, "b.md", title="Hai", section="Thời sự", date="2026-11-02 08:00", tags=["hoà bình", "Nha Trang"])
    _write(root, "c.md", title="Ba", section="Thời sự", date="2026-11-03 08:00", tags=["Hòa bình"])
    site = _index(root)
    names = {t.name: t for t in site.tags}
    assert set(names) == {"hòa bình", "Nhà Trắng", "Nha Trang"}
    assert len(names["hòa bình"].entries) == 3
    # Two names folding to one slug: the first in Vietnamese order keeps it, the other gets
    # a suffix made from its own name (stable whatever other tags exist).
    assert names["Nha Trang"].url == "/chu-de/nha-trang/"
    assert names["Nhà Trắng"].url.startswith("/chu-de/nha-trang-") and len(names["Nhà Trắng"].url) == len(
        "/chu-de/nha-trang-123456/"
    )


def test_related_prefers_shared_tags_then_rubric_then_closest_in_time(tmp_path: Path) -> None:
    root = _site_folder(tmp_path, "related_count: 3\n")
    _write(root, "base.md", title="Gốc", section="Kinh tế", date="2026-11-10 08:00", tags=["thuế", "xăng dầu"])
    _write(root, "two.md", title="Chung hai", section="Thể thao", date="2026-11-02 08:00", tags=["thuế", "xăng dầu"])
    _write(root, "one.md", title="Chung một", section="Thể thao", date="2026-11-03 08:00", tags=["thuế"])
    # one tag as well, but a month earlier: the closer in time comes first
    _write(root, "late.md", title="Chung một, muộn", section="Thể thao", date="2026-10-10 08:00", tags=["thuế"])
    _write(root, "next.md", title="Bài sau", section="Kinh tế", date="2026-11-11 08:00")  # linked as newer
    _write(root, "rub.md", title="Cùng mục", section="Kinh tế", date="2026-11-20 08:00")
    _write(root, "new.md", title="Không liên quan", section="Thể thao", date="2026-11-05 08:00")
    site = _index(root)
    base = next(e for e in site.entries if e.article.headline == "Gốc")
    assert base.next.article.headline == "Bài sau"
    assert [e.article.headline for e in base.related] == ["Chung hai", "Chung một", "Chung một, muộn"]
    _write(root, "late.md", title="Chung một, muộn", section="Thể thao", date="2026-10-10 08:00")
    site = _index(root)
    base = next(e for e in site.entries if e.article.headline == "Gốc")
    # no more shared tags: the rubric, closest first, the story already linked as newer left out
    assert [e.article.headline for e in base.related] == ["Chung hai", "Chung một", "Cùng mục"]


def test_a_new_story_joins_the_related_lists_of_its_own_days_only(tmp_path: Path) -> None:
    root = _site_folder(tmp_path, "related_count: 2\n")
    for day in range(1, 21):
        _write(root, f"{day}.md", title=f"Tin ngày {day}", section=["Kinh tế", "Thể thao"][day % 2],
               date=f"2026-11-{day:02d} 08:00", tags=["Việt Nam"])  # fmt: skip
    before = {e.url: [r.url for r in e.related] for e in _index(root).entries}
    _write(root, "moi.md", title="Tin mới nhất", section="Kinh tế", date="2026-11-21 08:00", tags=["Việt Nam"])
    after = {e.url: [r.url for r in e.related] for e in _index(root).entries}
    changed = [u for u in before if before[u] != after[u]]
    assert 0 < len(changed) <= 4


def test_related_stories_found_by_workers_are_the_same(tmp_path: Path, monkeypatch) -> None:
    """A large site's related stories are found in worker processes, in chunks: the same ones."""
    import newsgen.site.index

    root = _site_folder(tmp_path, "related_count: 3\n")
    tags = ["thuế", "xăng dầu", "Việt Nam", "mưa", "bão"]
    for n in range(40):
        _write(root, f"{n}.md", title=f"Tin số {n}", section=["Kinh tế", "Thể thao", "Xã hội"][n % 3],
               date=f"2026-11-{n % 28 + 1:02d} {n % 24:02d}:00", tags=[tags[n % 5], tags[n * 3 % 5]])  # fmt: skip
    given = []  # what is made meanwhile (the pages) gets the site once, either way
    alone = {e.url: [r.url for r in e.related] for e in _index(root, meanwhile=given.append).entries}
    monkeypatch.setattr(newsgen.site.index, "PARALLEL_RELATED_MIN", 2)
    monkeypatch.setattr(newsgen.site.index, "RELATED_CHUNK", 7)
    site = _index(root, jobs=2, meanwhile=given.append)
    together = {e.url: [r.url for r in e.related] for e in site.entries}
    assert together == alone and all(len(r) == 3 for r in alone.values())
    assert len(given) == 2 and given[1] is site


@pytest.mark.parametrize("language", ["vi", "en"])
def test_pages_one_producer_per_kind(tmp_path: Path, language: str) -> None:
    root = _site_folder(tmp_path, f"language: {language}\n")
    for i in range(5):
        _write(root, f"{i}.md", title=f"Bài số {i}", section="Thời sự", date=f"2026-11-0{i + 1} 08:00", tags=["mưa"])
    site = _index(root)
    pages = produce_pages(site, messages(language))
    kinds: dict[str, list] = {}
    for p in pages:
        kinds.setdefault(p.kind, []).append(p)
    assert len(kinds["article"]) == 5
    assert [p.url for p in kinds["section"]] == ["/thoi-su/", "/thoi-su/trang-2/", "/thoi-su/trang-3/"]
    assert [p.url for p in kinds["tag"]][0] == "/chu-de/mua/"
    assert len({p.url for p in pages}) == len(pages), "every page has its own URL"
    crumbs = kinds["section"][1].breadcrumbs
    assert crumbs[0] == (("Trang chủ" if language == "vi" else "Home"), "/")
    assert kinds["section"][1].prev_url == "/thoi-su/" and kinds["section"][1].next_url == "/thoi-su/trang-3/"


def test_replaced_copies_a_record_as_dataclasses_replace_does():
    import dataclasses

    from newsgen.model import Paragraph
    from newsgen.records import replaced

    p = Paragraph("Một đoạn", line=3)
    q = replaced(p, text="Đoạn khác")
    assert q == dataclasses.replace(p, text="Đoạn khác") and p.text == "Một đoạn" and type(q) is Paragraph
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.text = "x"  # type: ignore[misc]
    with pytest.raises(TypeError, match="no field 'txt'"):
        replaced(p, txt="x")


def test_only_articles_that_share_a_headline_are_compared_in_full(tmp_path: Path) -> None:
    """Copies share their headline's key; only such articles' bodies are read and keyed, and
    the same headline over another text is a story of its own."""
    from newsgen.load.duplicates import headline_key, split_duplicates
    from newsgen.load.folder import summary

    root = _site_folder(tmp_path)
    _write(root, "a.md", title="Hòa bình cho vùng biên", section="Thời sự", date="2026-11-01 08:00")
    copy = _write(root, "b.md", title="HOÀ  BÌNH cho vùng biên", section="Thời sự", date="2026-11-02 08:00")
    copy.write_text(copy.read_text(encoding="utf-8").replace("Đoạn mở", "ĐOẠN   MỞ"), encoding="utf-8")
    other = _write(root, "c.md", title="Hòa bình cho vùng biên", section="Thời sự", date="2026-11-03 08:00")
    other.write_text(other.read_text(encoding="utf-8").replace("thứ hai", "thứ ba"), encoding="utf-8")
    _write(root, "d.md", title="Hỏa hoạn ở vùng biên", section="Thời sự", date="2026-11-04 08:00")
    config = load_config(root)
    full = {p.name: load_article(p, config, root / "content") for p in sorted((root / "content").iterdir())}
    assert len({full[n].headline_key for n in ("a.md", "b.md", "c.md")}) == 1
    assert full["d.md"].headline_key != full["a.md"].headline_key  # another tone: another word
    assert headline_key("Hoà bình") == headline_key("hòa   BÌNH") != headline_key("Hòa bính")

    asked: list[list[str]] = []

    def bodies(articles):
        asked.append([a.source.name for a in articles])
        return [full[a.source.name].blocks for a in articles]

    summaries = [summary(a) for a in full.values()]  # as the build holds them: no body
    kept, warnings = split_duplicates(summaries, bodies)
    assert asked == [["a.md", "b.md", "c.md"]]
    assert [a.source.name for a in kept] == ["a.md", "c.md", "d.md"]
    assert [(d.path.name, "the same article as" in d.message) for d in warnings] == [("b.md", True)]
    # without bodies, the articles' own blocks (here summaries: the texts cannot be told apart)
    assert len(split_duplicates(list(full.values()))[0]) == 3
