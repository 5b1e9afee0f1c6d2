from __future__ import annotations

from datetime import datetime

from newsgen.slugs import make_slug
from newsgen.vietnamese import canonical_tones, clean_text, fold, format_datetime, key, sort_key


def test_both_tone_placements_are_one():
    assert canonical_tones("hoà bình") == canonical_tones("hòa bình") == "hòa bình"
    assert key("Đảng uỷ") == key("Đảng ủy") == key("ĐẢNG ỦY")
    assert key("khoẻ") == key("khỏe")
    # syllables where the styles agree are left alone
    assert canonical_tones("quý hoàn thuyết quà") == "quý hoàn thuyết quà"


def test_fold_turns_d_bar_into_d():
    assert fold("Đảng ủy Khối") == "Dang uy Khoi"
    assert fold("Ðà Lạt") == "Da Lat"  # U+00D0 typed for Đ


def test_clean_text():
    assert clean_text("a\u00a0b\u200bc\r\nd\re") == "a bc\nd\ne"
    assert clean_text("Ð") == "Đ"


def test_collation_puts_d_bar_after_d_and_tones_after_bare_letter():
    words = [
        "Zalo",
        "Đà Nẵng",
        "Dân số",
        "An Giang",
        "Ấn Độ",
        "Ăn uống",
        "Bến Tre",
        "mạ",
        "má",
        "mã",
        "ma",
        "mả",
        "mà",
        "Ơn",
        "Ô tô",
    ]
    assert sorted(words, key=sort_key) == [
        "An Giang",
        "Ăn uống",
        "Ấn Độ",
        "Bến Tre",
        "Dân số",
        "Đà Nẵng",
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
        "Ô tô",
        "Ơn",
        "Zalo",
    ]


def test_vietnamese_date():
    assert format_datetime(datetime(2022, 12, 27, 15, 0)) == "Thứ Ba, 27/12/2022 15:00"
    assert format_datetime(datetime(2024, 6, 2, 8, 5)).startswith("Chủ Nhật, 02/06/2024")


def test_slug():
    assert make_slug("Đảng ủy Khối") == "dang-uy-khoi"
    assert make_slug("Giá xăng giảm 1.000 đồng/lít") == "gia-xang-giam-1-000-dong-lit"


def test_tone_placement_agrees_with_the_plain_rule_word_by_word():
    """canonical_tones scans for word ends; the rule it implements is "every whole word that
    ends in oa, oe or uy", written here as the plain pattern over the same syllable rule."""
    import re
    import unicodedata

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from newsgen.vietnamese import _canonical_syllable

    whole_word = re.compile(r"(?<!\w)\w*(?:[oòóỏõọ][aàáảãạeèéẻẽẹ]|[uùúủũụ][yỳýỷỹỵ])\b", re.IGNORECASE)

    def plain(text: str) -> str:
        return whole_word.sub(lambda m: _canonical_syllable(m.group(0)), unicodedata.normalize("NFC", text))

    letters = "oòóỏõọOÒaàáảãạAÀeèéẻẽẹuùúủũụUỦyỳýỷỹỵYỶqQhkthnư_1 -.\u0301\u0300"
    pieces = ["hoà", "khoẻ", "thuỷ", "quý", "quỳ", "ươà", "óboà", "HOÀ", "Hoà", " ", "-", "ά", "của", "uà", "oỳ", "Uế"]

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.one_of(st.sampled_from(pieces), st.text(alphabet=letters, max_size=6)), max_size=12))
    def agrees(parts: list[str]) -> None:
        text = "".join(parts)
        assert canonical_tones(text) == plain(text)

    agrees()


def test_content_key_reads_each_text_as_key_does():
    """content_key keys all texts in one pass; the digest is the one of key() text by text."""
    import hashlib

    from newsgen.load.duplicates import _APART, content_key
    from newsgen.model import Figure, Heading, Paragraph

    def by_text(headline, lede, blocks):
        h = hashlib.blake2b(digest_size=16)
        for t in (headline, lede or ""):
            h.update(key(t).encode() + b"\0")
        for b in blocks:
            h.update(key(b.caption).encode() + b"\1" if isinstance(b, Figure) else key(b.text).encode() + b"\0")
        return h.hexdigest()

    cases = [
        ("Hoà  bình ", None, (Paragraph(" a \t b ", line=1), Figure(" Ảnh\r", line=2), Heading("\u0301uỷ", line=3))),
        ("x", "  ", (Paragraph("", line=1), Paragraph("ΣΑΣ ß\u00a0x", line=2), Paragraph("khoẺ\u200b", line=3))),
        (f"một {_APART} hai", "ba", (Paragraph(f"{_APART}", line=1),)),  # the joining mark itself
    ]
    for headline, lede, blocks in cases:
        assert content_key(headline, lede, blocks) == by_text(headline, lede, blocks)
    assert content_key("Hoà bình", None, ()) == content_key("HÒA   BÌNH", "", ())
