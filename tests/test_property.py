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
