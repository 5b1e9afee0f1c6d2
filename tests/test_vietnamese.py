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
