"""Compact JSON: orjson's bytes are json's for the data newsgen writes, json takes what orjson
refuses, and a stored record comes back as it was, floats included."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen import compact_json
from newsgen.engine import cache
from newsgen.model import Article, Figure, Heading, Paragraph, Photo


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


_plain = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**64 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(_plain)
def test_plain_data_is_written_as_json_writes_it(value):
    assert compact_json.dumps(value) == _json(value)
    assert compact_json.encode(value) == _json(value).encode("utf-8")


def test_what_orjson_refuses_goes_to_json():
    for value in ({"n": 2**70}, {1: "a key that is a number"}, ["\ud800 a lone surrogate"], {"t": (1, 2)}):
        assert compact_json.dumps(value) == _json(value)
    assert compact_json.dumps("</script> & \u2028 Đà Nẵng\n") == _json("</script> & \u2028 Đà Nẵng\n")
    for refused in (datetime(2024, 1, 1, tzinfo=UTC), Path("a")):  # as json refuses them
        try:
            compact_json.dumps({"x": refused})
        except TypeError:
            pass
        else:
            raise AssertionError(f"{refused!r} was written")


def _article(meta: dict) -> Article:
    photo = Photo("a/b.jpg", "d" * 16, 800, 600, caption="Ảnh", focal=(0.25, 0.5))
    blocks = (Paragraph("Đoạn một.", line=3), Heading("* Mục", line=5, time=datetime(2024, 5, 1, 8, 0, tzinfo=UTC)),
              Figure("Chú thích", "Ảnh: TTXVN", line=7, photo=photo))  # fmt: skip
    return Article(
        source=Path("a/b.txt"), headline="Tin", section="Thời sự", lede=None, agency=None, dateline=None,
        date=datetime(2024, 5, 1, 7, 30, tzinfo=UTC), date_source="front matter", date_has_time=True,
        byline=None, tags=("Hà Nội",), slug="tin", blocks=blocks, end_mark=True, dropped=(), warnings=(),
        draft=False, image=None, format="ttxvn", meta=meta, digest="x", headline_key="k",
    )  # fmt: skip


def test_a_stored_record_comes_back_as_it_was_floats_and_all():
    for meta in ({}, {"score": 0.1, "big": 10.0**16, "n": 3}, {"nan": math.nan, "inf": [math.inf, -math.inf]}):
        article = _article(meta)
        back = cache.loads(cache.dumps(article))
        assert back.blocks == article.blocks and back.date == article.date and back.tags == article.tags
        assert repr(back.meta) == repr(meta)  # NaN, the infinities and 1e16 as they were
        assert cache.loads(cache.dumps(article.blocks)) == list(article.blocks)
