"""Bytes to clean text: encoding detection (UTF-8, BOM, UTF-16, Windows-1258) and cleanup."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from newsgen.errors import ContentError
from newsgen.vietnamese import clean_text

_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff]")


def _control_ratio(text: str) -> float:
    """Share of control characters (other than tab, newlines, form feed) and replacement marks."""
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


def _looks_utf8_as_cp1258(text: str) -> bool:
    """UTF-8 bytes of Vietnamese decoded as a single-byte code page leave tell-tale pairs."""
    return any(seq in text for seq in ("Ã¡", "Ã ", "Ä‘", "áº", "á»", "Æ°", "Æ¡"))


def decode(data: bytes, path: Path) -> str:
    """Decode an article's bytes, whatever common encoding they are in, to clean NFC text.

    UTF-8 (with or without BOM) and UTF-16/32 with BOM are recognised by their
    bytes; anything that is not valid UTF-8 is tried as Windows-1258, the legacy
    Vietnamese code page. Binary data raises a ContentError.
    """
    text: str | None = None
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise ContentError(
                    path, f"the file starts with a {codec} byte-order mark but is not {codec}: {exc.reason}"
                ) from None
            break
    if text is None:
        if b"\x00" in data:
            raise ContentError(path, "not a text file (binary data: NUL bytes)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1258")
            except UnicodeDecodeError:
                raise ContentError(path, "cannot decode the file: it is neither UTF-8 nor Windows-1258 text") from None
    if _control_ratio(text) > 0.01:
        raise ContentError(path, "not a text file (control characters: binary or mis-encoded data)")
    text = clean_text(text)
    if _looks_utf8_as_cp1258(text):
        raise ContentError(path, "the text looks double-encoded (UTF-8 read as a legacy code page)")
    return text


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(path, f"cannot read the file: {exc.strerror or exc}") from None
    return decode(data, path)
