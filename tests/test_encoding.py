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
