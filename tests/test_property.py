"""Whatever the bytes, the loader either returns an Article or raises its own ContentError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.config import SiteConfig
from newsgen.errors import ContentError
from newsgen.load.article import load_article
from newsgen.model import Article

_DIR = Path(tempfile.mkdtemp(prefix="newsgen-prop-"))

# Pieces of the agency layout, so that random text reaches deep into the parser.
PIECES = [
    "Thời sự", "(TTXVN) Chiều 27/12, tại Hà Nội,", "./.", "/.", "* ", "(Ảnh: ", " - TTXVN)", "Ảnh: ",
    "Thứ Bảy, 13/05/2023 17:27", "Xem thêm", "Tin liên quan", "Từ khóa: ", "---\n", "title: ", "> ",
    "Hà Nội (TTXVN) - ", "17:42 Ngày 04/06/2018", "1. ", "PV", "Theo TTXVN", "\n\n", "\n", "|", " > ",
    "Lời tòa soạn: ", "(", ")", "“", "”", "Đảng ủy", "\u00a0", "\u200b", "\r\n", "![a](b.jpg)", "## ", "# ",
]  # fmt: skip

texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=30)), max_size=40).map("".join)


def _check(data: bytes, suffix: str) -> None:
    path = _DIR / f"article{suffix}"
    path.write_bytes(data)
    try:
        article = load_article(path, SiteConfig(), root=_DIR)
    except ContentError as exc:
        assert exc.path == path
        return
    assert isinstance(article, Article)
    assert article.headline
    article.to_json()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from([".txt", ".md"]))
def test_arbitrary_text(text, suffix):
    _check(text.encode("utf-8", "surrogatepass"), suffix)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.sampled_from([".txt", ".md"]))
def test_arbitrary_bytes(data, suffix):
    _check(data, suffix)


# Keys and values that YAML reads as something other than a plain string, and characters that
# are YAML syntax somewhere: the short way through flat front matter must read them all as
# PyYAML does, or leave the block to PyYAML.
YAML_KEYS = ["date", "title", "year", "draft", "y", "yes", "on", "null", "_x", "Key", "a1", "tags", "x-y"]
YAML_VALUES = [
    "2017-10-26 10:02:59+07:00", "2017-10-26", "2017-1-2T3:04:05.5Z", "2017-10-26 10:02:59 +7", "yes", "No",
    "ON", "off", "true", "False", "~", "null", "Null", "0x1F", "0o17", "017", "1_000", "1:20", "190:20:30",
    "3.5", "1e3", "1.5e+3", ".inf", "-.NaN", "=", "<<", "Tin tức", "Hà Nội, 27/12", "Rock 'n' roll",
    "10:02", "a:b", "50%", "(TTXVN)", "-1", "+1", "0", "00", "1,000", "Y", "n",
]  # fmt: skip
YAML_ALPHABET = "aĐđếằ019 :#'\"-.,_[]{}&*!|>%@`?\t/()+~=<"

yaml_values = st.one_of(st.sampled_from(YAML_VALUES), st.text(alphabet=YAML_ALPHABET, max_size=12))
yaml_lines = st.one_of(
    st.tuples(st.sampled_from(YAML_KEYS), st.sampled_from([": ", ":  ", ":", " : "]), yaml_values).map("".join),
    st.sampled_from(["", "# note", "  date: 2017-01-01", "- a", "---"]),
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(yaml_lines, min_size=1, max_size=5).map("\n".join))
def test_flat_front_matter_reads_as_pyyaml_reads_it(block):
    import yaml

    from newsgen import safe_yaml

    flat = safe_yaml._flat(block)
    if flat is None:
        return
    expected = yaml.load(block, Loader=safe_yaml.Loader)  # noqa: S506 (a safe loader)
    assert flat == expected and repr(flat) == repr(expected)


def test_the_usual_front_matter_takes_the_short_way():
    from newsgen import safe_yaml

    block = "date: 2017-10-26 10:02:59+07:00\ntitle: Hà Nội mở rộng đường vành đai\nyear: 2017\ndraft: false"
    assert safe_yaml._flat(block) == safe_yaml.load(block) == {
        "date": safe_yaml.load("d: 2017-10-26 10:02:59+07:00\nx: [1]")["d"],
        "title": "Hà Nội mở rộng đường vành đai", "year": 2017, "draft": False,
    }  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet="ab đ\u00a0\u2009\n\t\x1f.", max_size=12), min_size=1, max_size=6))
def test_words_are_counted_as_splitting_the_plain_text_counts_them(texts):
    from newsgen.model import Paragraph, count_words, plain_text

    headline, lede, *rest = [*texts, ""]
    blocks = tuple(Paragraph(t) for t in rest)
    assert count_words(headline, lede or None, blocks) == len(plain_text(headline, lede or None, blocks).split())
