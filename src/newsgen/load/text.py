"""Bytes to clean text: encoding detection (UTF-8, BOM, UTF-16, Windows-1258) and cleanup."""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import stat
from pathlib import Path

from newsgen.errors import ContentError
from newsgen.vietnamese import clean_text, needs_cleaning

_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff]")


def _control_ratio(text: str) -> float:
    """Share of control characters (other than tab, newlines, form feed) and replacement marks."""
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


# Letters UTF-8 bytes of Vietnamese turn into when read as Windows-1252/1258: a lead byte
# (Ã Ä Å Æ á â ...) followed by a continuation byte. Pairs like "Ã " stand in real capitals
# ("XÃ HỘI"), so a pair is only a clue; the evidence is that the line's bytes, written back
# in that code page, are valid UTF-8 that spells Vietnamese.
_LEADS = "ÃÄÅÆáâ"
_FOLLOWER = "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
_MOJIBAKE_CLUE = re.compile(f"[{_LEADS}]{_FOLLOWER}")
# The same clue looked for from its second letter: a Vietnamese text has a few of those (quotes,
# dashes) and a lead letter (á, â) every few words, at each of which the pair's pattern stops.
_FOLLOWERS = re.compile(_FOLLOWER)


def _has_clue(text: str) -> bool:
    """Whether _MOJIBAKE_CLUE is found in the text."""
    for m in _FOLLOWERS.finditer(text):
        i = m.start()
        if i and text[i - 1] in _LEADS:
            return True
    return False


def _byte_table() -> dict[str, int]:
    """How a single-byte reading shows each byte: Windows-1252's letters, and Latin-1's for
    the bytes Windows-1252 leaves undefined (they come through as C1 controls)."""
    table = {chr(b): b for b in range(256)}
    for b in range(128, 256):
        with contextlib.suppress(UnicodeDecodeError):
            table[bytes([b]).decode("cp1252")] = b
    return table


_BYTES = _byte_table()


def _double_encoded_line(line: str) -> bool:
    line = line.rstrip("\r")
    candidates = []
    if all(c in _BYTES for c in line):
        candidates.append(bytes(_BYTES[c] for c in line))
    with contextlib.suppress(UnicodeEncodeError):
        candidates.append(line.encode("cp1258"))
    for data in candidates:
        try:
            fixed = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if fixed != line and any(ord(c) > 0x7F for c in fixed):
            return True
    return False


def _looks_utf8_as_cp1258(text: str) -> bool:
    """Whether some line is UTF-8 text that was read as a single-byte code page (mojibake)."""
    if not _has_clue(text):
        return False
    return any(_double_encoded_line(line) for line in text.split("\n") if _MOJIBAKE_CLUE.search(line))


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
    if _looks_utf8_as_cp1258(text):
        raise ContentError(path, "the text looks double-encoded (UTF-8 read as a legacy code page)")
    dirty = needs_cleaning(text)  # (what cleaning finds takes in every control character _CONTROL does)
    if (dirty or "\ufffd" in text) and _control_ratio(text) > 0.01:
        raise ContentError(path, "not a text file (control characters: binary or mis-encoded data)")
    return clean_text(text, dirty)


def _read_up_to(fd: int, n: int) -> bytes:
    """Up to n bytes of the file, fewer only at its end."""
    parts: list[bytes] = []
    got = 0
    while got < n and (chunk := os.read(fd, n - got)):
        parts.append(chunk)
        got += len(chunk)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def read_file(path: Path, limit: int) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes, at most `limit` of them, and its status. Opened without blocking,
    so a FIFO put in a file's place cannot hang the build, and checked to be a regular file
    once open."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        raise ContentError(path, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ContentError(path, "not a regular file (a FIFO, socket or device)")
        if st.st_size > limit:
            raise ContentError(
                path, f"the file is too large for an article ({st.st_size:,} bytes; the limit is {limit:,})"
            )
        try:
            # Asked for the size it has (and one byte more, to see it end): asking for the limit
            # would have every read allocate, and give back, a buffer of the limit's size.
            want = min(st.st_size, limit) + 1
            data = _read_up_to(fd, want)
            if len(data) == want and want <= limit:  # the file grew since: read on to the limit
                data += _read_up_to(fd, limit + 1 - want)
        except OSError as exc:
            raise ContentError(path, f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ContentError(path, f"the file is too large for an article (over {limit:,} bytes)")
    return data, st


def read_bytes(path: Path, limit: int) -> bytes:
    return read_file(path, limit)[0]


def read_text(path: Path, limit: int = 5_000_000) -> str:
    return decode(read_bytes(path, limit), path)
