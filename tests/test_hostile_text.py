"""Hostile and unusual text: capitals that look like mojibake, control characters, lines built
to make a regular expression backtrack. Each case first reproduced a bug (issue 10)."""

from __future__ import annotations

import json
import time

import pytest

from newsgen.config import SiteConfig
from newsgen.errors import ContentError
from newsgen.load.article import load_article
from newsgen.load.recognise import recognisers
from newsgen.load.ttxvn import parse_ttxvn
from newsgen.render.renderer import json_ld
from newsgen.vocabulary import Vocabulary

WORDS = recognisers(Vocabulary())

# A guard against hangs, not a speed target: every case below takes milliseconds.
HANG_BOUND = 10.0


def _load(tmp_path, text: str, name: str = "bai.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_article(path, SiteConfig(), root=tmp_path)


@pytest.mark.parametrize("headline", ["ĐỂ TĂNG LƯỢNG NGƯỜI THAM GIA BẢO HIỂM XÃ HỘI", "NHÃ THY GIÀNH GIẢI NHẤT"])
def test_capital_a_tilde_is_vietnamese_not_mojibake(tmp_path, headline):
    article = _load(tmp_path, f"Thời sự\n\n{headline}\n\nMột câu sapo đủ dài để làm phần mở đầu.\n\nThân bài./.\n")
    assert article.headline == headline


def test_real_double_encoding_is_still_refused(tmp_path):
    text = "Thời sự\n\nGiá cả tăng mạnh trong tháng\n\nSapo của bài viết.\n"
    broken = text.encode("utf-8").decode("cp1252", errors="replace").replace("\ufffd", "")
    with pytest.raises(ContentError, match="double-encoded"):
        _load(tmp_path, broken)


def test_one_double_encoded_paragraph_among_real_text_is_refused(tmp_path):
    bad = "Người dân được hỗ trợ kịp thời".encode().decode("latin-1")
    with pytest.raises(ContentError, match="double-encoded"):
        _load(tmp_path, f"Thời sự\n\nTiêu đề bài viết\n\nSapo đúng chữ.\n\n{bad}\n")


def test_control_and_direction_characters_are_dropped(tmp_path):
    body = "Thân bài kể lại sự việc theo trình tự thời gian, có đủ chi tiết cho bạn đọc. " * 10
    article = _load(tmp_path, f"Thời sự\n\nTin\x01 nóng \u202eđảo chiều\x7f\x9b\n\nSapo\x0b của bài.\n\n{body}./.\n")
    assert article.headline == "Tin nóng đảo chiều"
    assert article.lede == "Sapo của bài."


def test_control_characters_in_front_matter_are_dropped(tmp_path):
    article = _load(tmp_path, '---\ntitle: "Tin\\x01 \\u202egấp"\ntags: ["a\\x02b"]\n---\nSapo đầu bài.\n\nThân./.\n')
    assert article.headline == "Tin gấp"
    assert article.tags == ("ab",)


def test_json_ld_cannot_leave_its_script_element():
    html = str(json_ld({"description": "<!--<script> </script><b>&amp;", "name": "a > b"}))
    inner = html[len('<script type="application/ld+json">') : -len("</script>")]
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner) == {"description": "<!--<script> </script><b>&amp;", "name": "a > b"}


def test_byline_pattern_fails_fast_on_long_capital_runs():
    for n in (20, 22, 40, 5000):
        line = "Ab " + "CD" * n + "!"
        started = time.perf_counter()
        assert WORDS.parse_byline(line) is None
        assert time.perf_counter() - started < HANG_BOUND
    assert WORDS.parse_byline("Minh Nguyệt - Thanh Liêm") is not None
    assert WORDS.parse_byline("Lê Minh-Hà, Trần An") is not None


# Units repeated into long lines: each once made some recogniser backtrack or rescan.
UNITS = [
    "CD", "AB", "Ab C", "A.B-", "A ", "Ab-", "1-", "1/", "1/1", "(", "((", ")", "Ảnh: ", "(Ảnh: ", "Theo ",
    "tại ", ", ", " - ", "–", "* ", "Sáng 5/3 ", "(TTXVN) ", "Minh Nguyệt - ", "|", ">", "[", "./.",
    "Từ khóa: a, ", "http://", "www.", "12:30 ", "Thứ Hai, ", "GMT+7 ", "baomoi-", "Đ",
]  # fmt: skip
DOC = "Thời sự\n\nTiêu đề bài\n\nSapo một câu.\n\n(TTXVN) Sáng 5/3, tại Hà Nội, có cuộc họp.\n\n"


def _variants(unit: str, size: int) -> list[str]:
    line = (unit * (size // len(unit) + 1))[:size]
    shorts = [(unit * 200)[:k] for k in (40, 60, 99, 119, 200)]
    return [
        line,
        "Thời sự\n\n" + line + "\n\n" + line + ".",
        DOC + line + "\n\n" + line + "./.\n\n" + line[:90],
        DOC + "\n\n".join(shorts) + "\n\nKết thúc./.\n\n" + "\n\n".join(shorts),
        "\n\n".join(shorts) + "\n\n" + DOC,
    ]


@pytest.mark.parametrize("unit", UNITS)
def test_every_recogniser_finishes_on_long_adversarial_lines(unit):
    vocabulary = Vocabulary(rubrics=("Thời sự", "Kinh tế"))
    for text in _variants(unit, 100_000):
        started = time.perf_counter()
        parse_ttxvn(text, 1, vocabulary)
        assert time.perf_counter() - started < HANG_BOUND, f"{unit!r}: {time.perf_counter() - started:.1f} s"


def test_nested_front_matter_is_one_error_not_a_crash(tmp_path):
    deep = "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\nSapo.\n"
    with pytest.raises(ContentError, match="nested") as err:
        _load(tmp_path, deep)
    assert err.value.line is not None


def test_front_matter_aliases_are_refused(tmp_path):
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b]\ntitle: T\n---\nSapo.\n"
    with pytest.raises(ContentError, match="aliases") as err:
        _load(tmp_path, bomb)
    assert err.value.line == 3


@pytest.mark.parametrize("value", ["true", "[a, b]", "{a: 1}"])
def test_a_title_that_is_not_text_is_an_error(tmp_path, value):
    with pytest.raises(ContentError, match="'title'"):
        _load(tmp_path, f"---\ntitle: {value}\n---\nSapo.\n")


def test_raw_html_in_markdown_is_cleaned_by_an_allow_list(tmp_path):
    body = (
        "---\ntitle: Bài có HTML\n---\n"
        'Đoạn có <a href="javascript:alert(1)" onclick="steal()">liên kết</a> và <b onmouseover="x()">chữ đậm</b>.\n\n'
        '<div onclick="x()"><script>alert(1)</script><img src="a.jpg" onerror="alert(2)"><iframe src="//e"></iframe></div>\n\n'
        '<a href="https://example.org/tin" title="Tin">Nguồn</a>\n\n'
        "![](javascript:alert(3))\n"
    )
    article = _load(tmp_path, body, "bai.md")
    html = " ".join(getattr(b, "html", None) or "" for b in article.blocks)
    for bad in ("javascript:", "onclick", "onerror", "onmouseover", "<script", "<iframe", "alert(1)"):
        assert bad not in html
    assert "<b>chữ đậm</b>" in html and 'href="https://example.org/tin"' in html and '<img src="a.jpg">' in html
    assert all(getattr(b, "image", None) is None for b in article.blocks)


MD_UNITS = ["[", "<a ", "<", "[a](", "![", "<!--", "`", "&#", "<http://", "> ", "1. ", "+ ", "  - ", "*[", "<div>"]


@pytest.mark.parametrize("unit", MD_UNITS)
def test_markdown_finishes_on_long_adversarial_lines(tmp_path, unit):
    """Read, or refused in one line (lists nested 30,000 deep), within a bound that only
    catches a hang: Python-Markdown alone took hours on some of these."""
    line = (unit * (100_000 // len(unit) + 1))[:100_000]
    path = tmp_path / "bai.md"
    for text in (line, "# Tiêu đề\n\n" + line + "\n\n" + line[:5000] + "\n"):
        path.write_text("---\ntitle: Tiêu đề\n---\n" + text, encoding="utf-8")
        started = time.perf_counter()
        try:
            load_article(path, SiteConfig(), root=tmp_path)
        except ContentError as exc:
            assert exc.path == path and "nests too deeply" in exc.message
        assert time.perf_counter() - started < HANG_BOUND, f"{unit!r}: {time.perf_counter() - started:.1f} s"


def test_markdown_links_and_tags_survive_the_guard():
    from newsgen.load.markdown import parse_markdown

    filler = "Chú thích [1] và [2]. " * 120  # more than 200 brackets, all plain text
    parts = parse_markdown(
        f"{filler}\n\nXem [bài gốc](https://example.org/a) và <em>nhấn mạnh</em>.\n", 1, Vocabulary()
    )
    last = parts.blocks[-1].html
    assert '<a href="https://example.org/a">bài gốc</a>' in last and "<em>nhấn mạnh</em>" in last


def test_tone_placement_runs_in_linear_time_on_one_long_word():
    from newsgen.vietnamese import canonical_tones, key

    word = "CD" * 50_000 + "hoà"
    started = time.perf_counter()
    assert canonical_tones(word).endswith("hòa") and key(word).endswith("hòa")
    assert time.perf_counter() - started < HANG_BOUND


def test_the_templates_escape_every_value_as_markupsafe_does():
    """The renderer's templates escape with a faster path for plain strings: the same Markup
    as markupsafe.escape for every kind of value, and the templates really use it."""
    from markupsafe import Markup, escape

    from newsgen.render import renderer

    class Shown:
        def __html__(self) -> str:
            return "<b>đậm</b>"

    values = ["<script>\"Hà Nội\" & 'Huế'</script>", "", Markup("<i>nghiêng</i>"), 2024, 1.5, None, Shown(),
              "Đảng ủy \u202e"]  # fmt: skip
    for v in values:
        got = renderer._escape(v)
        assert got == escape(v) and type(got) is Markup
    env = renderer._Environment(loader=__import__("jinja2").DictLoader({"t.html": "<p>{{ x }}</p>"}), autoescape=True)
    template = env.get_template("t.html")
    assert template.root_render_func.__globals__["escape"] is renderer._escape
    assert template.render(x="<a>&") == "<p>&lt;a&gt;&amp;</p>"


def test_urlencode_quotes_any_text_as_jinja2_does():
    import jinja2.filters
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from newsgen.render.renderer import urlencode

    @settings(max_examples=300, deadline=None)
    @given(st.text())
    def same(text: str) -> None:
        assert urlencode(text) == jinja2.filters.do_urlencode(text)

    same()
    assert urlencode({"q": "Hà Nội"}) == jinja2.filters.do_urlencode({"q": "Hà Nội"})
    assert urlencode("https://example.org/thời-sự/") == "https%3A//example.org/th%E1%BB%9Di-s%E1%BB%B1/"
