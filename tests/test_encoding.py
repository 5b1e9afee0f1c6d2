"""The same article in every encoding and newline style gives the same record."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from conftest import ARTICLES, set_mtime
from newsgen.config import SiteConfig
from newsgen.load.article import load_article

SOURCE = (ARTICLES / "classic.txt").read_text(encoding="utf-8")


def to_cp1258(text: str) -> bytes:
    """Windows-1258 the way Vietnamese Windows tools write it: base letters (with their
    circumflex, breve or horn) followed by combining tone marks."""
    composed = unicodedata.normalize("NFC", text)
    result = bytearray()
    for ch in composed:
        try:
            result += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            base, marks = decomposed[0], decomposed[1:]
            letter_marks = "".join(m for m in marks if m in "\u0302\u0306\u031b")
            tone_marks = "".join(m for m in marks if m not in "\u0302\u0306\u031b")
            result += unicodedata.normalize("NFC", base + letter_marks).encode("cp1258")
            result += tone_marks.encode("cp1258")
    return bytes(result)


VARIANTS = {
    "utf-8": SOURCE.encode("utf-8"),
    "utf-8-bom": codecs.BOM_UTF8 + SOURCE.encode("utf-8"),
    "utf-16": SOURCE.encode("utf-16"),  # with BOM
    "utf-16-be": codecs.BOM_UTF16_BE + SOURCE.encode("utf-16-be"),
    "cp1258": to_cp1258(SOURCE),
    "nfd": unicodedata.normalize("NFD", SOURCE).encode("utf-8"),
    "crlf": SOURCE.replace("\n", "\r\n").encode("utf-8"),
    "cr": SOURCE.replace("\n", "\r").encode("utf-8"),
    "nbsp-zwsp": SOURCE.replace("Thanh Liêm", "Thanh\u00a0Liêm").replace("gạo", "g\u200bạo").encode("utf-8"),
    "cp1258-crlf-nfd": to_cp1258(SOURCE.replace("\n", "\r\n")),
}


def _record(tmp_path: Path, name: str, data: bytes) -> dict:
    folder = tmp_path / name
    folder.mkdir()
    path = folder / "classic.txt"
    path.write_bytes(data)
    set_mtime(path)
    record = load_article(path, SiteConfig(), root=folder).to_json()
    record.pop("source")
    return record


@pytest.mark.parametrize("name", [n for n in VARIANTS if n != "utf-8"])
def test_variant_gives_the_same_record(tmp_path, name):
    assert VARIANTS["cp1258"] != SOURCE.encode("utf-8")
    reference = _record(tmp_path, "utf-8", VARIANTS["utf-8"])
    assert _record(tmp_path, name, VARIANTS[name]) == reference


def test_cp1258_really_is_legacy_bytes():
    data = VARIANTS["cp1258"]
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert b"\xd2" in data  # the combining hook above (hỏi) of Windows-1258


def test_a_file_is_read_to_its_end_whatever_size_it_gives_and_never_past_the_limit(tmp_path):
    """A file read for its size (plus one byte) is read on when it holds more than its size
    said (it grew, or it is a file like /proc's that gives size 0), up to the limit only."""
    from newsgen.errors import ContentError
    from newsgen.load.text import read_bytes

    small = tmp_path / "bai.txt"
    small.write_bytes(b"x" * 100)
    assert read_bytes(small, 100) == b"x" * 100
    with pytest.raises(ContentError, match="too large"):
        read_bytes(small, 99)
    proc = Path("/proc/self/status")  # a regular file whose size says 0
    if not proc.exists():
        pytest.skip("no /proc here")
    assert proc.stat().st_size == 0
    data = read_bytes(proc, 1_000_000)
    assert data.startswith(b"Name:") and data.endswith(b"\n")
    with pytest.raises(ContentError, match="too large"):
        read_bytes(proc, 10)


def test_cleaning_finds_every_control_character_the_binary_check_counts():
    """decode() counts control characters only in a text that needs cleaning (or holds U+FFFD):
    every character the count looks for must be one that cleaning finds."""
    from newsgen.load.text import _CONTROL
    from newsgen.vietnamese import needs_cleaning

    counted = [c for c in map(chr, range(0x110000)) if _CONTROL.match(c) and c != "\ufffd"]
    assert counted and all(needs_cleaning(c) for c in counted)


def test_the_mojibake_clue_looked_for_from_its_second_letter_is_the_same_clue():
    """_has_clue finds a pair exactly where the pair's pattern does (hypothesis, over texts of
    lead letters, second letters and ordinary Vietnamese text)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from newsgen.load.text import _MOJIBAKE_CLUE, _has_clue

    alphabet = st.sampled_from(list("ÃÄÅÆáâ€™–“”…\u0080\u00a0«»Œƒˆaăơưđ Đ.\n") + ["Hà Nội", "giá"])

    @settings(max_examples=3000, deadline=None)
    @given(st.lists(alphabet, max_size=40).map("".join))
    def same(text: str) -> None:
        assert _has_clue(text) == (_MOJIBAKE_CLUE.search(text) is not None)

    same()
    assert _has_clue("Ä‘Ã¡") and not _has_clue("Đánh giá – đúng “tốt”")
    assert _has_clue("giá”")  # a clue only: the line's bytes decide (tests/test_hostile_text.py)
