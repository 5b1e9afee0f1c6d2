"""Recognisers for one paragraph of agency text: captions, datelines, end marks,
date lines, bylines, sub-headings and page furniture.

Each takes a single paragraph (whitespace already collapsed) and says what it
is; the TTXVN and Markdown readers decide where in the article to ask.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime

from newsgen.model import Dateline
from newsgen.vietnamese import key
from newsgen.vocabulary import Vocabulary

# ---------------------------------------------------------------- captions

_BARE_LABEL = r"Ảnh\s+minh\s+h(?:ọa|oạ)|Ảnh\s+tư\s+liệu"
_BRACKETED_BARE = re.compile(
    rf"^(?P<caption>.*?)\s*\(\s*(?P<label>{_BARE_LABEL})\s*\)\s*\.?$|"
    rf"^(?P<caption2>.*?[.!?…”\"])\s+(?P<label2>{_BARE_LABEL})\s*\.?$",  # "... thời bao cấp. Ảnh tư liệu."
    re.IGNORECASE,
)
_BARE_END = re.compile(rf"(?:{_BARE_LABEL})\s*\)?\s*\.?$", re.IGNORECASE)
_BARE_ENDINGS = ("họa", "hoạ", "liệu")  # how every _BARE_LABEL ends, case-folded


@dataclass(frozen=True)
class Caption:
    caption: str
    credit: str | None
    label: str | None


def _tidy_caption(text: str) -> str:
    return re.sub(r"\s*[-–—|]\s*$", "", text).strip()


def _normal_label(label: str) -> str:
    label = re.sub(r"\s+", " ", label.strip())
    return label[0].upper() + label[1:]


# ---------------------------------------------------------------- end mark


def strip_end_mark(text: str) -> tuple[str, bool]:
    """Remove the agency's end mark: "... trong Khối./." -> "... trong Khối."

    The mark is "/."; a period before it is the sentence's own and stays, and so
    does an ellipsis ("năm 2021.../." -> "năm 2021...").
    """
    stripped = text.rstrip()
    if not stripped.endswith("/."):
        return text, False
    return stripped[:-2].rstrip(), True


# ---------------------------------------------------------------- datelines

TIMES_OF_DAY = {
    "rạng sáng": 5,
    "sáng sớm": 6,
    "sáng": 8,
    "trưa": 12,
    "chiều tối": 18,
    "chiều": 15,
    "tối": 19,
    "đêm": 22,
    "khuya": 23,
}
_TOD = "|".join(sorted(TIMES_OF_DAY, key=len, reverse=True))
_AGENCY = r"[A-ZĐ][A-Za-zĐđ0-9.+&/ -]{1,30}?"
_PLACE = r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][^,()\-–—:;]{1,40}?"
_SEP = r"\s*[-–—:]\s*"

_OPENERS = [
    # (TTXVN) ... / (TTXVN/Vietnam+) - ...
    re.compile(rf"^\((?P<agency>{_AGENCY})\)(?:{_SEP}|\s+)"),
    # Hà Nội (TTXVN) - ... / Paris, 27/12 (TTXVN) - ...
    re.compile(
        rf"^(?P<place>{_PLACE})(?:\s*,\s*(?P<day>\d{{1,2}})\s*/\s*(?P<month>\d{{1,2}})"
        rf"(?:\s*/\s*(?P<year>\d{{4}}))?)?\s*\((?P<agency>{_AGENCY})\)(?:{_SEP}|\s+)"
    ),
    # TTXVN - ...
    re.compile(r"^(?P<agency>TTXVN|VNA|TTXVN/Vietnam\+|Vietnam\+|VOV|VTV)\s*[-–—]\s*"),
    # Theo phóng viên TTXVN tại Bangkok, ...
    re.compile(
        rf"^Theo\s+(?:phóng\s+viên|PV)\s+(?P<agency>{_AGENCY})\s+tại\s+(?P<place>{_PLACE})\s*,\s*",
    ),
]
_WHEN = re.compile(
    rf"^(?:vào\s+)?(?:(?P<tod>{_TOD})\s+(?:nay\s+|qua\s+|hôm\s+nay\s+)?(?:\(\s*)?)?(?:ngày\s+)?"
    r"(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})(?:\s*/\s*(?P<year>\d{4}))?\)?",
    re.IGNORECASE,
)
_AT_PLACE = re.compile(r"^\s*,?\s*(?:[^,.;:]{0,30}?\s)?tại\s+(?P<place>[^,()\-–—:;]{2,50}?)\s*(?:[,;]|\.(?:\s|$))")


def is_agency(name: str) -> bool:
    name = name.strip()
    if not name or key(name).startswith(("ảnh", "nguồn")):
        return False
    uppers = sum(1 for c in name if c.isupper())
    return len(name) <= 30 and (uppers >= 2 or "." in name)


@dataclass(frozen=True)
class DatelineMatch:
    dateline: Dateline
    has_when: bool  # a time of day or a date was found, not only an agency tag


def parse_dateline(text: str) -> DatelineMatch | None:
    """The agency/place/time opener of a story's first paragraph."""
    agency = place = None
    day = month = year = None
    rest = text
    for pattern in _OPENERS:
        m = pattern.match(text)
        if m and is_agency(m["agency"]):
            groups = m.groupdict()
            agency = m["agency"].strip()
            place = (groups.get("place") or "").strip() or None
            if groups.get("day"):
                day, month = int(groups["day"]), int(groups["month"])
                year = int(groups["year"]) if groups.get("year") else None
            rest = text[m.end() :]
            break
    tod = None
    w = _WHEN.match(rest)
    if w:
        if w["tod"]:
            tod = w["tod"].lower()
        if day is None:
            day, month = int(w["day"]), int(w["month"])
            year = int(w["year"]) if w["year"] else None
        rest = rest[w.end() :]
        at = _AT_PLACE.match(rest)
        if at and place is None:
            place = at["place"].strip()
    elif agency is None:
        return None
    elif place is None:
        at = re.match(rf"^(?:[^,.;:]{{0,30}}?\s)?tại\s+(?P<place>{_PLACE})\s*,", rest)
        if at:
            place = at["place"].strip()
            after = rest[at.end() :].lstrip()
            w = _WHEN.match(after)
            if w:
                tod = w["tod"].lower() if w["tod"] else None
                day, month = int(w["day"]), int(w["month"])
                year = int(w["year"]) if w["year"] else None
    if day is not None and not (1 <= day <= 31 and 1 <= (month or 0) <= 12):
        day = month = year = None
    if place and (len(place.split()) > 6 or not any(c.isupper() for c in place)):
        place = None
    has_when = day is not None or tod is not None
    return DatelineMatch(Dateline(agency, place, tod, day, month, year), has_when)


# ---------------------------------------------------------------- date lines

_DATE = re.compile(r"(?<!\d)(?P<d>\d{1,2})\s*[/\-.]\s*(?P<m>\d{1,2})\s*[/\-.]\s*(?P<y>\d{4}|\d{2})(?!\d)")
_TIME = re.compile(
    r"(?<![\d/])(?P<H>\d{1,2})\s*[:h]\s*(?P<M>\d{2})(?::(?P<S>\d{2}))?(?:\s*(?P<ampm>AM|PM|SA|CH)\b)?",
    re.IGNORECASE,
)
_DATE_NOISE = re.compile(
    r"(?:Thứ\s+(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|Chủ\s+nhật|\bCN\b|\bT[2-7]\b|Cập\s+nhật|"
    r"Đăng\s+(?:ngày|lúc)|Ngày\s+đăng|Thời\s+gian|\bngày\b|\blúc\b|\bvào\b|\(?\s*GMT\s*\+\s*7\s*\)?|"
    r"\(?\s*UTC\s*\+\s*7\s*\)?|\bgiờ\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateLine:
    when: datetime  # naive, in the site's time zone
    extras: tuple[str, ...]  # other parts of the line: a rubric or a credit
    has_time: bool


def parse_date_line(text: str) -> DateLine | None:
    """A printed publication time: "Thứ Bảy, 13/05/2023 17:27", "07:25 | 02/02/2024", ..."""
    if len(text) > 120:
        return None
    d = _DATE.search(text)
    if not d:
        return None
    rest = text[: d.start()] + " | " + text[d.end() :]
    t = _TIME.search(rest)
    hour = minute = second = 0
    if t:
        hour, minute = int(t["H"]), int(t["M"])
        second = int(t["S"]) if t["S"] else 0
        ampm = (t["ampm"] or "").upper()
        if ampm in ("PM", "CH") and hour < 12:
            hour += 12
        if ampm in ("AM", "SA") and hour == 12:
            hour = 0
        rest = rest[: t.start()] + rest[t.end() :]
    rest = _DATE_NOISE.sub(" ", rest)
    extras = []
    for part in rest.split("|"):
        part = part.strip(" ,-–—:|()")
        if part:
            extras.append(re.sub(r"\s+", " ", part))
    day, month, year = int(d["d"]), int(d["m"]), int(d["y"])
    if year < 100:
        year += 2000 if year < 70 else 1900
    try:
        when = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    return DateLine(when, tuple(extras), t is not None)


# ---------------------------------------------------------------- bylines and credits

_CREDIT_ONLY = re.compile(rf"^\((?P<agency>{_AGENCY})\)$")
_NAME_AGENCY = re.compile(rf"^(?P<name>[^()]{{2,60}}?)\s*\((?P<agency>{_AGENCY})\)$")
_THEO = re.compile(r"^Theo\s+(?P<who>[^.!?]{2,80})$")
_LABELLED_BYLINE = re.compile(
    r"^(?:Tin\s*(?:,|và)\s*ảnh|Bài\s+và\s+ảnh|Bài\s*(?:,|và)\s*ảnh|Bài|Tin|Ảnh|Nhóm\s+PV|Nhóm\s+phóng\s+viên|"
    r"Thực\s+hiện|Nhóm\s+thực\s+hiện)\s*:\s*(?P<who>.{2,80})$",
    re.IGNORECASE,
)
_NAME_WORD = r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ][\w.'-]*+"
# Possessive: a word never gives back its letters, so a long line fails in linear time.
_NAME = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,5}}(?:\s*[,\-–]\s*{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,5}})*$")
CAPS = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
# Names in capitals with initials, as print bylines sign: "N.THẢO - T.TRANG", "MINH HÀ".
_CAPS_NAME = rf"(?:[{CAPS}]\.\s?)?[{CAPS}]++(?:\s[{CAPS}]++){{0,3}}"
_CAPS_BYLINE = re.compile(rf"^{_CAPS_NAME}(?:\s*[-–,]\s*{_CAPS_NAME}){{0,3}}$")
_AGENCY_CREDIT = re.compile(r"^(?:TTXVN|VNA|Vietnam\+)/[^()/.!?]{2,60}$")
_SOURCE_CREDIT = re.compile(r"^Nguồn\s*:\s*(?P<who>[^:/.]{3,60})$")
_INITIALS = re.compile(r"^(?:PV|Nhóm PV|CTV|[A-ZĐ]{1,4}(?:\s*[-/]\s*[A-ZĐ]{1,4})?)$")


@dataclass(frozen=True)
class Byline:
    byline: str | None
    agency: str | None


# ---------------------------------------------------------------- tags, headings, furniture

_TAGS = re.compile(r"^(?:Từ\s+kh[oó]á?|Từ\s+khóa|Từ\s+khoá|Tags?|Chủ\s+đề)\s*:\s*(?P<tags>.*)$", re.IGNORECASE)


def parse_tags(text: str) -> list[str] | None:
    m = _TAGS.match(text)
    if not m:
        return None
    return [t.strip(" .#") for t in re.split(r"[,;|]", m["tags"]) if t.strip(" .#")]


_SHORT = 40  # every trailer label and furniture word is shorter than this
_FURNITURE_PATTERNS = [
    re.compile(r"^(?:©|Copyright|Bản quyền)", re.IGNORECASE),
    re.compile(r"^[A-Za-z_][\w.-]*=\S*$"),  # CMS junk: "news_is_not_ads="
    re.compile(r"^\d{1,7}$"),  # a bare count (comments, views) left by a widget
    re.compile(r"^(?:Nguồn|Link bài gốc|Bài gốc|URL)\b[^:]{0,40}:\s*(?:https?://|www\.)\S+$", re.IGNORECASE),
    re.compile(r"^Nguồn\s+(?:https?://|www\.)?[\w-]+(?:\.[\w-]+)+\S*$", re.IGNORECASE),
    re.compile(r"^\d+\s+(?:phút|giờ|ngày)\s+trước\s*(?:Bài gốc)?$", re.IGNORECASE),
    re.compile(r"^Theo dõi\s+\S.{0,60}\s+trên$", re.IGNORECASE),
    re.compile(r"^(?:https?://|www\.)\S+$"),
    re.compile(r"^Theo dõi .{0,60}(?:Google News|Facebook|Zalo|YouTube)", re.IGNORECASE),
    re.compile(r"^(?:Trang chủ|Home)\s*[>»/|›]", re.IGNORECASE),
    re.compile(r"^\[[^\[\]]{10,200}\]$"),  # a related story's link set in the text: "[Quyết tâm ...]"
]


def is_list_line(text: str) -> bool:
    return bool(re.match(r"^[-•+·►▪]\s+\S", text))


def is_editor_note(text: str) -> tuple[str, str] | None:
    m = re.match(
        r"^\(?(?P<label>LTS|Lời\s+tòa\s+soạn|Lời\s+toà\s+soạn|Lời\s+giới\s+thiệu|Ghi\s+chú\s+của\s+biên\s+tập)\)?\s*[:.\-–—]\s*(?P<text>.+)$",
        text,
        re.IGNORECASE,
    )
    if not m:
        return None
    label = m["label"]
    if label.upper() == "LTS":
        label = "Lời tòa soạn"
    return label, m["text"].strip()


_LIVE = re.compile(
    r"^(?P<H>\d{1,2}):(?P<M>\d{2})(?:\s*(?:\||,|-)?\s*(?:Ngày\s+)?\d{1,2}/\d{1,2}(?:/\d{2,4})?)?$", re.IGNORECASE
)


def is_live_timestamp(text: str) -> bool:
    """A live-blog entry time: "17:42 Ngày 04/06/2018" or "17:42"."""
    return bool(_LIVE.match(text))


_BREADCRUMB = re.compile(r"\s*(?:>|»|›|/|\|)\s*")


_TERMINAL = (".", "!", "?", "…", ":", ";", ",", "”", '"', "»", "'", ")")
_NUMBERED = re.compile(r"^(?:\d{1,2}|[IVXLC]{1,6}|[a-zđ])\s*[.)/-]\s+\S")
_SPEAKER = re.compile(r"^[^()]{2,80}\([^()]{2,80}\)\s*:$")
_INTERVIEWER = re.compile(r"^(?:PV|Phóng viên|Hỏi)\s*[:.-]", re.IGNORECASE)
_PAIR = re.compile(rf"^[{CAPS}]\w+(?:-[{CAPS}]\w+)+$")  # "Nga-Ukraine": two names, one heading
_ATTRIBUTED = re.compile(r"[.!?…]\s*\([^()]{2,30}\)$")  # "... Ukraine. (Reuters)"
_LABEL_WORD = re.compile(r"^[^\W\d_]+$")


def is_rubric_label(text: str) -> bool:
    """A line that reads as a rubric even when the site does not list it: one to six words of
    letters ("Xe cộ", "Giải trí", "Khoa học - Công nghệ"), the first capitalised, no sentence
    punctuation. Not a kicker ("Đối thoại:"), not a proper name standing alone (a place-name
    header such as "Hà Nội" or "Thành Phố Hồ Chí Minh": every word capitalised), not capitals."""
    if len(text) > 40 or text.endswith(_TERMINAL) or text.isupper() or not text[:1].isupper():
        return False
    groups = [g.split() for g in re.split(r"\s+[-–&/]\s+|,\s+", text)]
    words = [w for g in groups for w in g]
    if not 1 <= len(words) <= 6 or not all(_LABEL_WORD.match(w) for w in words):
        return False
    if len(words) >= 2 and all(w[0].isupper() for w in words):
        return False  # a name: a place, a person, an organisation
    return all(g and g[0][0].isupper() for g in groups)


_IMAGE_ALT = re.compile(r"^.{3,300}?\s*-\s*Ảnh\s+\d{1,3}\.?$", re.IGNORECASE)
_IMAGE_FILE = re.compile(r"^[\w-]+\.(?:jpe?g|png|gif|webp)$", re.IGNORECASE)


def is_image_alt(text: str) -> bool:
    """An image's alt text that leaked into a page copy: "<headline> - Ảnh 1."; its caption follows."""
    return len(text) <= 300 and bool(_IMAGE_ALT.match(text))


def is_image_file(text: str) -> bool:
    """An image's file name standing as a line: "viet-nam-3-4992.jpg"."""
    return len(text) <= 200 and bool(_IMAGE_FILE.match(text))


def is_place_header(text: str) -> bool:
    """A lone proper name over a story ("Hà Nội", "TP Hồ Chí Minh"): one to five words, each
    capitalised, letters and dots only."""
    words = text.split()
    if not 1 <= len(words) <= 5 or len(text) > 40 or text.isupper() and len(text) > 6:
        return False
    return all(w[:1].isupper() and all(c.isalpha() or c == "." for c in w) for w in words)


def breadcrumb_parts(text: str) -> list[str] | None:
    """ "Thời sự > Chính trị" -> ["Thời sự", "Chính trị"]."""
    if len(text) > 100 or not re.search(r"\s(?:>|»|›)\s", text):
        return None
    parts = [p.strip() for p in _BREADCRUMB.split(text) if p.strip()]
    parts = [p for p in parts if key(p) not in (key("Trang chủ"), "home")]
    return parts or None


# ---------------------------------------------------------------- the recognisers that know words


def _phrases(words: tuple[str, ...]) -> str:
    """A regular-expression alternation of phrases, longest first, any run of spaces inside."""
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(set(words), key=len, reverse=True))


class Recognisers:
    """The recognisers whose words come from a vocabulary (`newsgen.vocabulary`), compiled once;
    the others are this module's functions. `recognisers(vocabulary)` gives the shared one."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        label = _phrases(vocabulary.credit_labels)
        self._bracketed = re.compile(
            rf"^(?P<caption>.*?)\s*\(\s*(?P<label>{label})\s*:\s*(?P<credit>[^()]{{1,80}}?)\s*\)\s*\.?$", re.IGNORECASE
        )
        self._label_only = re.compile(rf"^(?P<label>{label})\s*:\s*(?P<credit>[^!?:;]{{1,60}}?)\s*\.?$", re.IGNORECASE)
        self._unbracketed = re.compile(
            rf"^(?P<caption>.+?)\s*(?:[-–—|]\s*|(?<=[.!?…”\"])\s*|\s)(?P<label>{label})\s*:\s*"
            r"(?P<credit>[^!?:;]{1,60}?)\s*\.?$",
            re.IGNORECASE,
        )
        # a credit label followed by a colon or a closing bracket: what every caption pattern needs
        self._caption_hint = re.compile(rf"(?:{label})\s*[^:()]{{0,25}}[:)]", re.IGNORECASE)
        self._label_starts = tuple({w.split()[0].casefold() for w in vocabulary.credit_labels if w.split()})
        self._furniture = frozenset(key(w) for w in vocabulary.furniture)
        self._trailers = frozenset(key(w) for w in vocabulary.trailers)
        counter = _phrases(vocabulary.counters)
        self._counters = (
            re.compile(rf"^(?:{counter})\s*[:(]?\s*[\d.,]+\)?$", re.IGNORECASE),  # "Lượt xem: 1.203"
            re.compile(rf"^\(?\d+\)?\s+(?:{counter})$", re.IGNORECASE),  # "(0) Bình luận", "12 chia sẻ"
        )
        tags = "|".join(map(re.escape, sorted(set(vocabulary.sapo_tags), key=len, reverse=True)))
        site_tag = r"[A-Za-z][A-Za-z0-9]{1,15}\.(?:vn|VN|com\.vn)"  # VTV.vn, VOV.VN
        self._sapo_tag = re.compile(rf"^(?P<tag>{tags}|{site_tag})\s*[-–—]\s*(?=[^\W\d])")
        self._sources = frozenset(key(w) for w in vocabulary.sources)
        glyphs = "|".join(map(re.escape, vocabulary.icon_glyphs))
        self._glyph = re.compile(rf"^(?:{glyphs})\s+(?=[{CAPS}])")
        self._rubrics: dict[str, str] = {}
        for r in vocabulary.rubrics:
            self._rubrics.setdefault(key(r), r)

    # -- captions
    def _may_be_caption(self, text: str, tail: int) -> bool:
        """Whether the end of a paragraph holds a credit label where a caption has one. The
        substring tests (case-folded) pass every text the patterns can match and stop most
        paragraphs before the patterns are tried."""
        end = text[tail:]
        folded = end.casefold()
        hinted = (":" in end or ")" in end) and any(w in folded for w in self._label_starts)
        if hinted and self._caption_hint.search(text, tail):
            return True
        return folded.rstrip(" .)").endswith(_BARE_ENDINGS) and _BARE_END.search(text, tail) is not None

    def parse_caption(self, text: str) -> Caption | None:
        """A photo caption with its credit: "Quang cảnh. (Ảnh: Văn Điệp - TTXVN)"."""
        # Every credit stands at the end of its paragraph: look only there.
        tail = max(0, len(text) - 110)
        if len(text) > 500 or not self._may_be_caption(text, tail):
            return None
        m = self._bracketed.match(text)
        if m:
            return Caption(_tidy_caption(m["caption"]), m["credit"].strip(), _normal_label(m["label"]))
        m = _BRACKETED_BARE.match(text)
        if m and m["label"]:
            return Caption(_tidy_caption(m["caption"]), None, _normal_label(m["label"]))
        if m and len(m["caption2"].split()) <= 60:
            return Caption(_tidy_caption(m["caption2"]), _normal_label(m["label2"]), None)
        m = self._label_only.match(text)
        if m and len(m["credit"].split()) <= 8:
            return Caption("", m["credit"].strip(), _normal_label(m["label"]))
        m = self._unbracketed.match(text)
        if m:
            credit = m["credit"].strip()
            if len(credit.split()) <= 8 and not credit.endswith(","):
                return Caption(_tidy_caption(m["caption"]), credit, _normal_label(m["label"]))
        return None

    # -- bylines and credits
    def parse_byline(self, text: str) -> Byline | None:
        """A byline or credit line: "Diệp Trương", "Minh Hà (TTXVN)", "Theo TTXVN", "PV", ..."""
        text = text.strip().rstrip(" |").strip()  # "Hoàng Phương   |": a separator of the page
        if len(text) > 100 or text.endswith((".", "?", "!", ":", ";")) and not text.endswith(("PV.",)):
            return None
        m = _CREDIT_ONLY.match(text)
        if m and is_agency(m["agency"]):
            return Byline(text, m["agency"].strip())
        m = _SOURCE_CREDIT.match(text)
        if m:
            return Byline(text, m["who"].strip())
        m = _NAME_AGENCY.match(text)
        if m and m["agency"].startswith("Theo ") and is_agency(m["agency"][5:]):
            return Byline(text, m["agency"][5:].strip())  # "Vũ Anh (Theo TTXVN)": kept as printed
        if m and is_agency(m["agency"]):
            return Byline(m["name"].strip(" ,-–"), m["agency"].strip())
        if _AGENCY_CREDIT.match(text):
            return Byline(text, text)  # "TTXVN/Báo Tin tức và Dân tộc"
        m = _THEO.match(text)
        if m:
            who = m["who"].strip()
            source = who.split("/")[-1].strip() if "/" in who else who
            return Byline(text, source if len(source) <= 40 else None)
        if key(text) in self._sources:
            return Byline(text, text)  # a source signing alone, as printed: "vnews"
        if _LABELLED_BYLINE.match(text):
            return Byline(text, None)
        if _INITIALS.match(text) or _NAME.match(text):
            return Byline(text, None)
        if "." in text and len(text) <= 40 and _CAPS_BYLINE.match(text):
            return Byline(text, None)
        return None

    def parse_credit_line(self, text: str) -> Byline | None:
        """A credit line that closes a story, as pages print it after the text: "Theo TTXVN",
        "TTXVN/Báo Tin tức và Dân tộc", "Theo Báo Quân đội nhân dân"."""
        if len(text) > 80 or not (text.startswith("Theo ") or _AGENCY_CREDIT.match(text)):
            return None
        b = self.parse_byline(text)
        if b is None or b.agency is None or len(b.agency.split()) > 7 or not is_agency(b.agency):
            return None
        return b

    def sapo_tag(self, text: str) -> str | None:
        """The source named by a bare tag opening a sapo or first paragraph ("TPO - Trực tiếp ...")."""
        m = self._sapo_tag.match(text)
        return m["tag"] if m else None

    # -- furniture, trailers, rubrics
    def is_trailer_start(self, text: str) -> bool:
        return len(text) <= _SHORT and key(text.rstrip(" :.»>")) in self._trailers

    def is_furniture(self, text: str) -> bool:
        if len(text) <= _SHORT and key(text.rstrip(" :.")) in self._furniture:
            return True
        if len(text) > 200:
            return False
        return any(p.match(text) for p in self._counters) or any(p.match(text) for p in _FURNITURE_PATTERNS)

    def match_rubric(self, text: str) -> str | None:
        """The configured or known rubric this line names, in its canonical spelling."""
        if len(text) > 60:
            return None
        return self._rubrics.get(key(text.rstrip(" :|")))

    # -- headings
    def is_heading(self, text: str) -> bool:
        """A sub-heading standing alone between paragraphs (the `* ` kind is handled by the reader)."""
        if len(text) > 180:
            return False
        words = text.split()
        if not words or len(words) > 22:
            return False
        if _SPEAKER.match(text) and len(words) <= 18:
            return True
        glyph = self._glyph.match(text) is not None
        first = text[0]
        if not (first.isupper() or first.isdigit() or first in "“\"'(" or glyph):
            return False
        if _NUMBERED.match(text):
            return not text.endswith((";", ",")) and (len(words) <= 14 or not text.endswith("."))
        if glyph and len(words) >= 3:
            return True  # an icon's name before an entry heading: "report Thủ tướng phát biểu khai mạc"
        if text.endswith("?") and len(words) <= 12 and "," not in text and not _INTERVIEWER.match(text):
            return True  # a question heading: "Xem trực tiếp ở đâu?"
        if text.endswith(_TERMINAL[:-1]) or _ATTRIBUTED.search(text):
            return False
        return len(words) >= 2 or text.isupper() or bool(_PAIR.match(text))


@functools.lru_cache(maxsize=16)
def recognisers(vocabulary: Vocabulary) -> Recognisers:
    """The recognisers of one vocabulary, compiled once per process."""
    return Recognisers(vocabulary)
