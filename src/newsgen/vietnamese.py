"""Vietnamese text rules: normalisation, tone-mark placement, folding, collation, dates.

Every rule about Vietnamese lives here, once.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import datetime

# Combining tone marks, in dictionary order (ICU's vi, every browser's Intl.Collator("vi")):
# huyền, hỏi, ngã, sắc, nặng; ngang (no mark) comes first.
TONE_MARKS = "\u0300\u0309\u0303\u0301\u0323"
# Combining marks that make a new letter (ă, â, ê, ô, ơ, ư).
LETTER_MARKS = "\u0306\u0302\u031b"

# The alphabet in Vietnamese order; f, j, w, z (loan words) take their Latin places.
ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_LETTER_RANK = {letter: i for i, letter in enumerate(ALPHABET)}

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ODD_SPACES = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000\t"
# Characters no article needs and XML or a reader's screen cannot take: C0 and C1 controls
# (newline and tab excepted), direction overrides and isolates (U+202E turns a headline round),
# non-characters and lone surrogates.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff"
_CONTROL_CHARS = re.compile(f"[{_CONTROLS}]")
# One table for all of it; U+00D0 (Icelandic eth) and U+00F0 are typed for Đ/đ by some keyboards.
_TABLE = {
    **dict.fromkeys(map(ord, _INVISIBLE), None),
    **dict.fromkeys(map(ord, _ODD_SPACES), " "),
    0x00D0: "Đ",
    0x00F0: "đ",
}
_NEEDS_TABLE = re.compile(f"[{_INVISIBLE}{_ODD_SPACES}\u00d0\u00f0]")
# Anything clean_text changes but NFC: most texts have none, and one scan tells.
_NEEDS_CLEANING = re.compile(f"[\r{_INVISIBLE}{_ODD_SPACES}\u00d0\u00f0{_CONTROLS}]")


def strip_controls(text: str) -> str:
    """The text without control, direction-override and non-characters."""
    return _CONTROL_CHARS.sub("", text) if _CONTROL_CHARS.search(text) else text


def needs_cleaning(text: str) -> bool:
    """Whether clean_text does more to this text than NFC (no control character, no odd space...)."""
    return _NEEDS_CLEANING.search(text) is not None


def clean_text(text: str, dirty: bool | None = None) -> str:
    """NFC text with one kind of newline and space, no invisible or control characters, Đ not Ð.
    `dirty`: what needs_cleaning says of the text, when the caller asked already."""
    if not (needs_cleaning(text) if dirty is None else dirty):
        return unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _NEEDS_TABLE.search(text):
        text = text.translate(_TABLE)
    return unicodedata.normalize("NFC", strip_controls(text))


def is_collapsed(text: str) -> bool:
    """Whether the text's only whitespace is single spaces inside it. (A printable text's only
    whitespace is U+0020: with no two in a row and none at the ends, it is collapsed.)"""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def collapse_spaces(text: str) -> str:
    """Runs of whitespace as one space, none at the ends."""
    return text if is_collapsed(text) else " ".join(text.split())


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=65536)  # a language's words repeat: each is worked out once
def _canonical_syllable(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in TONE_MARKS]
    if len(tones) != 1:
        return word
    bare = [c for c in decomposed if c not in TONE_MARKS]
    # Base letters with their letter marks, one entry per letter.
    letters: list[str] = []
    for c in bare:
        if unicodedata.combining(c) and letters:
            letters[-1] += c
        else:
            letters.append(c)
    low = [unicodedata.normalize("NFC", x).lower() for x in letters]
    # Only the open syllables ending in oa, oe, uy differ between the two styles:
    # old style "hòa, khỏe, thủy", new style "hoà, khoẻ, thuỷ". newsgen uses the old
    # style as its canonical form. "qu" + vowel is not such a pair (quý, quà).
    if len(low) >= 2 and "".join(low[-2:]) in ("oa", "oe", "uy"):
        if len(low) >= 3 and low[-3] in "aăâeêioôơuưy":
            return word
        if low[-2] == "u" and len(low) >= 3 and low[-3] == "q":
            return word
        letters[-2] += tones[0]
        return unicodedata.normalize("NFC", "".join(letters))
    return word


# The pairs oa, oe, uy (a tone mark anywhere on them) at the end of a word: the only words whose
# mark may move. Each word has one end, so the text is scanned once and each word looked at once.
# One class for each letter of the pair finds them fastest (both cases spelt out: a case-blind
# pattern is twice as slow); what it also finds (ua, oy, ...) is left out by _PAIRS.
_O, _U = "oòóỏõọOÒÓỎÕỌ", "uùúủũụUÙÚỦŨỤ"
_A_E, _Y = "aàáảãạeèéẻẽẹAÀÁẢÃẠEÈÉẺẼẸ", "yỳýỷỹỵYỲÝỶỸỴ"
_PAIR_AT_END = re.compile(f"[{_O}{_U}][{_A_E}{_Y}]\\b")
_PAIRS = frozenset([o + a for o in _O for a in _A_E] + [u + y for u in _U for y in _Y])


def canonical_tones(text: str) -> str:
    """Put tone marks where the old (classic) style puts them: "hoà" -> "hòa", "uỷ" -> "ủy"."""
    return _tones_moved(unicodedata.normalize("NFC", text))


def _tones_moved(text: str) -> str:
    """canonical_tones of an NFC text."""
    pieces: list[str] = []
    done = 0
    for m in _PAIR_AT_END.finditer(text):
        start, end = m.span()
        if text[start:end] not in _PAIRS:
            continue
        while start > done and (text[start - 1].isalnum() or text[start - 1] == "_"):  # what \w matches
            start -= 1
        word = text[start:end]
        if word.isascii():  # no tone mark to move
            continue
        moved = _canonical_syllable(word)
        if moved != word:
            pieces.append(text[done:start])
            pieces.append(moved)
            done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def fold(text: str) -> str:
    """Strip every diacritic and turn đ into d: "Đảng ủy" -> "Dang uy"."""
    decomposed = unicodedata.normalize("NFD", clean_text(text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


def key_text(text: str) -> str:
    """key() of a long text, uncached."""
    return collapse_spaces(_tones_moved(clean_text(text))).casefold()


@functools.lru_cache(maxsize=131072)
def key(text: str) -> str:
    """Identity key for tags and rubrics: NFC, one tone placement, case-folded, spaces collapsed."""
    return key_text(text)


# ICU's order of the punctuation and symbols (non-ignorable: they sort before digits and
# letters, in this order); others follow them, by code point, still before the digits.
_PUNCTUATION = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"
_PUNCT_RANK = {c: i for i, c in enumerate(_PUNCTUATION)}


@functools.lru_cache(maxsize=4096)
def _char_key(c: str) -> tuple[tuple[int, int], int, int]:
    """(primary, secondary, tertiary) of one NFC character in ICU's `vi` collation: the letter
    (Ă after A, Đ after D, Ơ after Ô ...), the tone (ngang, huyền, hỏi, ngã, sắc, nặng; other
    accents after them), the case (lower first)."""
    decomposed = unicodedata.normalize("NFD", c)
    base = decomposed[0] + "".join(ch for ch in decomposed[1:] if ch in LETTER_MARKS)
    marks = [ch for ch in decomposed[1:] if ch not in LETTER_MARKS]
    secondary = 0
    for ch in marks:
        secondary = secondary * 64 + (TONE_MARKS.index(ch) + 1 if ch in TONE_MARKS else 6 + ord(ch) % 58)
    letter = unicodedata.normalize("NFC", base)
    lower = letter.lower()
    case = 0 if letter == lower else 1
    if lower in _LETTER_RANK:
        return (3, _LETTER_RANK[lower]), secondary, case
    if len(lower) > 1 and lower[0] in _LETTER_RANK:  # a Latin letter with a mark Vietnamese does not use
        return (3, _LETTER_RANK[lower[0]]), secondary * 64 + 6 + ord(lower[1]) % 58, case
    if lower in "0123456789":
        return (2, int(lower)), secondary, case
    if lower in _PUNCT_RANK:
        return (0, _PUNCT_RANK[lower]), secondary, case
    if not lower.isalnum():
        return (1, ord(lower)), secondary, case
    return (4, ord(lower)), secondary, case


def sort_key(text: str) -> tuple:
    """Vietnamese dictionary order, as ICU's `vi` collation (every browser's
    `Intl.Collator('vi')`): the letters of the whole text first (Đ after D, Ơ after Ô; spaces and
    punctuation before digits, digits before letters), then the tones letter by letter (ngang,
    huyền, hỏi, ngã, sắc, nặng), then the case; the two tone placements ("hoà", "hòa") sort as one."""
    keys = [_char_key(c) for c in collapse_spaces(_tones_moved(clean_text(text)))]
    return (tuple(k[0] for k in keys), tuple(k[1] for k in keys), tuple(k[2] for k in keys), text)


WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def format_datetime(dt: datetime) -> str:
    """The way Vietnamese news sites print a time: "Thứ Ba, 27/12/2022 15:00"."""
    return f"{WEEKDAYS[dt.weekday()]}, {dt:%d/%m/%Y %H:%M}"
