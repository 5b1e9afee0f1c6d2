"""Search that reads like Vietnamese: results holding the words as typed, tone marks and all,
rank above those that only agree without them. In headless Chromium, over a real server."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from newsgen.build import BuildOptions, build
from serving import static_host
from sitegen import make_site
from test_search import results

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

STORY = """Thời sự

{headline}

{lede}

Hà Nội (TTXVN) - Ngày {day}/11/2026, {body}

Các đơn vị sẽ báo cáo kết quả trong tháng tới./.
"""

# the story that holds "Đảng ủy" once; others hold "đăng ký" and "uy tín" (the same letters
# without their tones) many times, so that Pagefind alone would rank them first
STORIES = [
    ("Hội nghị tổng kết của xã", "Hội nghị diễn ra trong một ngày.", 20, "Đảng ủy xã đã tổng kết công tác năm."),
    (
        "Người dân đăng ký tham gia chương trình",
        "Đăng ký nhanh, uy tín, đăng ký trực tuyến.",
        21,
        "việc đăng ký được mở; đăng ký dễ; đăng ký uy tín; đơn vị uy tín nhận đăng ký; uy tín và đăng ký.",
    ),
    (
        "Doanh nghiệp uy tín nhận giải",
        "Các doanh nghiệp uy tín đăng ký dự giải.",
        22,
        "nhiều doanh nghiệp uy tín đăng ký; uy tín được đề cao; đăng ký và uy tín đi cùng nhau.",
    ),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("rank") / "site", count=0, search=True)
    (root / "content").mkdir(parents=True, exist_ok=True)
    for i, (headline, lede, day, body) in enumerate(STORIES):
        (root / "content" / f"s{i}.txt").write_text(STORY.format(headline=headline, lede=lede, day=day, body=body),
                                                    encoding="utf-8")  # fmt: skip
    result = build(BuildOptions(site=root, now=NOW, jobs=1))
    assert result.search is not None
    with static_host(root / "public") as address:
        yield address


def titles(browser, base: str, query: str) -> list[str]:
    return results(browser, base, query)[0]


def test_words_as_typed_rank_first(browser, served):
    found = titles(browser, served, "Đảng ủy")
    assert found[0] == "Hội nghị tổng kết của xã", found


def test_a_query_without_marks_still_finds_every_spelling(browser, served):
    found = titles(browser, served, "dang uy")
    assert "Hội nghị tổng kết của xã" in found
