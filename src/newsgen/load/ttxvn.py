"""The reader for agency text files (`.txt`): the layout FORMAT.md describes.

Text is cut into units (one per paragraph line), then read top to bottom the
way an editor reads a wire story: furniture and date line, rubric, headline,
credits, lede, lead figures, body, end mark, byline, trailer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsgen.load import recognise as rc
from newsgen.load.parts import ArticleParts
from newsgen.model import Figure, Heading, Note, Paragraph, Quote
from newsgen.vietnamese import collapse_spaces, fold, key
from newsgen.vocabulary import Vocabulary

_TERMINAL = (".", "!", "?", "…", ":", ";", ",", "”", '"', "»")
_LEDE_TAG = re.compile(
    r"^(?:\((?P<a>[A-ZĐ][A-Za-zĐđ0-9.+&/ -]{1,30}?)\)\s*[-–—:]?\s*|(?P<b>TTXVN|VNA|Vietnam\+)\s*[-–—]\s+)"
)
# "<headline> 18/12/2025 23:08": a date with its time (a date alone is part of many headlines)
_TRAILING_DATE = re.compile(r"\s+[|-]?\s*(\d{1,2}/\d{1,2}/\d{4}\s*[,-]?\s*\d{1,2}:\d{2})$")
_AGENCY_DATELINE = re.compile(r"^\([^()]{2,40}\)\s+(?![-–—])")
_SITE = re.compile(r"(?<![\w-])[\w-]++\.(?:vn|com|net|org)\b|^Báo\s|^Tạp chí\s|^VietnamPlus$|^TTXVN$", re.IGNORECASE)


# An image's alt text glued before its caption: "<headline> ảnh 1Tổng giám đốc ...".
_GLUED_ALT = re.compile(rf"^\S+(?:\s+\S+){{2,60}}?\s+ảnh\s+\d{{1,3}}(?=[{rc.CAPS}])", re.IGNORECASE)


def same_text(a: str, b: str) -> bool:
    """The same line printed again: differing in case or tone placement, or folded to plain
    letters as an image's slug-like alt text ("nguoi phat ngon ...")."""
    if abs(len(a) - len(b)) > 3:
        return False
    if key(a) == key(b):
        return True
    return (a.isascii() or b.isascii()) and fold(a).casefold().strip(" .") == fold(b).casefold().strip(" .")


# After an image's title (the headline again), a line of up to this many words is its caption;
# after an alt text naming the photo ("<headline> - Ảnh 1."), a longer one.
_CAPTION_AFTER_TITLE = 40
_CAPTION_AFTER_ALT = 60


_UPDATED = re.compile(r"cập\s+nhật", re.IGNORECASE)


@dataclass(frozen=True)
class Unit:
    line: int
    text: str


def _caption_goes_on(words: rc.Recognisers, prev: str, text: str) -> bool:
    """A caption the page broke in two: "… tiếp Đại sứ Trung Quốc" / "Khổng Huyễn Hựu. (Ảnh: …)"."""
    cap = words.parse_caption(text)
    return cap is not None and cap.credit is not None and len(prev.split()) <= 30 and not words.parse_caption(prev)


def _goes_on(words: rc.Recognisers, prev: str, text: str) -> bool:
    """Whether a line continues the one above it (no blank line between them)."""
    return not prev.endswith(_TERMINAL) and (text[0].islower() or _caption_goes_on(words, prev, text))


def split_units(body: str, first_line: int, words: rc.Recognisers) -> list[Unit]:
    """One unit per paragraph; a hard-wrapped line that goes on in lower case is joined."""
    units: list[Unit] = []
    adjacent = False
    for offset, raw in enumerate(body.split("\n")):
        text = collapse_spaces(raw)
        if not text:
            adjacent = False
            continue
        prev = units[-1].text if units else ""
        if adjacent and units and _goes_on(words, prev, text):
            units[-1] = Unit(units[-1].line, prev + " " + text)
        else:
            units.append(Unit(first_line + offset, text))
        adjacent = True
    return units


class _Reader:
    def __init__(self, units: list[Unit], words: rc.Recognisers) -> None:
        self.units = units
        self.words = words  # the recognisers that know the site's vocabulary
        self.parts = ArticleParts()
        self.i = 0
        self.top_credit: rc.Byline | None = None
        self.lede_agency: str | None = None
        self.ended = False  # the end mark closed the lede already
        # Two or more "17:42 Ngày 04/06/2018" lines: a live blog, whose timestamps are sub-headings.
        self.live = sum(1 for u in units if rc.is_live_timestamp(u.text) and rc.parse_date_line(u.text)) >= 2

    # -- helpers
    def peek(self, j: int) -> Unit | None:
        return self.units[j] if 0 <= j < len(self.units) else None

    def _accept_date_line(self, text: str) -> bool:
        if self.live and rc.is_live_timestamp(text):
            return False
        dl = rc.parse_date_line(text)
        if dl is None:
            return False
        rubric = credit = None
        for extra in dl.extras:
            r = self.words.match_rubric(extra)
            b = self.words.parse_byline(extra)
            if r:
                rubric = r
            elif extra.startswith("Theo") and b:
                credit = b
            elif not self.words.is_furniture(extra):  # "- Chia sẻ", "0 Trả lời" beside the date are page furniture
                return False
        if self.parts.date_line is None:
            self.parts.date_line = dl.when
            self.parts.date_line_has_time = dl.has_time
        updated = _UPDATED.search(text)  # "Cập nhật: 11:30 20/11/2026", alone or after the publication time
        if updated and self.parts.updated_line is None and (when := rc.parse_date_line(text[updated.end() :])):
            self.parts.updated_line = when.when
        if rubric and not self.parts.section_label:
            self.parts.section_label = rubric
        if credit and self.top_credit is None:
            self.top_credit = credit
        return True

    def _section_from_crumbs(self, crumbs: list[str]) -> str:
        for c in crumbs:
            r = self.words.match_rubric(c)
            if r:
                return r
        return crumbs[0]

    # -- the stages
    def before_headline(self) -> None:
        p = self.parts
        while self.i < len(self.units):
            t = self.units[self.i].text
            if self._accept_date_line(t):
                pass
            elif (r := self.words.match_rubric(t)) is not None:
                p.section_label = p.section_label or r
            elif (crumbs := rc.breadcrumb_parts(t)) is not None:
                p.section_label = p.section_label or self._section_from_crumbs(crumbs)
            elif self.words.is_furniture(t) or (len(t.split()) <= 5 and _SITE.search(t)) or t.count("|") >= 2:
                p.dropped.append(t)
            elif self._glued_over_headline(t):
                p.dropped.append(t)  # a breadcrumb glued to the headline: "Trang chủEnterprise...<headline>"
            elif (label := self._label_before_headline(t)) is not None:
                if label == "rubric":
                    p.section_label = t
                else:
                    p.dropped.append(t)  # a kicker or a lone place-name header
            else:
                break
            self.i += 1

    def _glued_over_headline(self, t: str) -> bool:
        nxt = self.peek(self.i + 1)
        return nxt is not None and len(nxt.text) >= 15 and len(t) > len(nxt.text) and t.endswith(nxt.text)

    def _label_before_headline(self, t: str) -> str | None:
        """A short line over the headline: "rubric" (a label, listed or not: "Xe cộ"), "kicker"
        (an overline ending in ":") or "place" (a lone place-name header: "Hà Nội"), or None
        when the line is the headline itself. The line after it must read as a headline."""
        if rc.is_rubric_label(t):
            if self.parts.section_label is not None:
                return None  # one rubric per story: a second label-like line is the headline
            kind = "rubric"
        elif t.endswith(":") and len(t.split()) <= 12 and not self.words.parse_caption(t):
            kind = "kicker"
        elif rc.is_place_header(t):
            kind = "place"
        else:
            return None
        return kind if self._headline_follows(t) else None

    def _headline_follows(self, t: str) -> bool:
        """Whether the next unit reads as a headline (longer, no caption or furniture, not a
        sentence) with more text after it."""
        nxt, after = self.peek(self.i + 1), self.peek(self.i + 2)
        if nxt is None or after is None:
            return False
        h = nxt.text
        if len(h) <= len(t) or len(h.split()) > 40 or self.words.parse_caption(h) or self.words.is_furniture(h):
            return False
        if h.endswith(".") and not h.endswith(".."):
            return False  # a sentence: the line before it was a short headline over its sapo
        dl = rc.parse_date_line(h)
        is_date_line = dl is not None and sum(len(x) for x in dl.extras) < 25  # not a headline naming a date
        return not is_date_line and self.words.match_rubric(h) is None

    def headline(self) -> None:
        u = self.units[self.i]
        text = u.text.lstrip("* ").strip()
        m = _TRAILING_DATE.search(text)
        if m and len(text) - len(m.group(0)) >= 15 and self.parts.date_line is None:
            dl = rc.parse_date_line(m.group(1))
            if dl is not None:  # "<headline> 18/12/2025 23:08": the page printed both on one line
                text = text[: m.start()].rstrip(" |-–")
                self.parts.date_line, self.parts.date_line_has_time = dl.when, dl.has_time
        self.parts.headline = text
        self.parts.headline_line = u.line
        self.i += 1

    def after_headline(self) -> None:
        p = self.parts
        while self.i < len(self.units):
            t = self.units[self.i].text
            if self._accept_date_line(t):
                pass
            elif p.section_label is None and (r := self.words.match_rubric(t)) is not None:
                p.section_label = r
            elif (b := self.words.parse_byline(t)) is not None and b.agency and ("(" in t or t.startswith("Theo")):
                if self.top_credit is None:
                    self.top_credit = b
            elif (self.top_credit is None or self.top_credit.agency is None) and self._name_over_story(t):
                # the authors' names under the headline, one a line
                names = f"{self.top_credit.byline}, {t}" if self.top_credit and self.top_credit.byline else t
                self.top_credit = rc.Byline(names, None)
            elif p.headline and same_text(t, p.headline) and self.peek(self.i + 1) is not None:
                p.dropped.append(t)  # the headline printed twice (page title and article title)
            elif self.words.is_furniture(t) or (len(t.split()) <= 5 and _SITE.search(t)):
                p.dropped.append(t)  # page furniture, or the site's name over the story ("Báo Nhân Dân")
            else:
                break
            self.i += 1

    def _name_over_story(self, t: str) -> bool:
        """A person's name alone under the headline ("Hoàng Hà"), with the story after it (other
        names, one a line, may stand between)."""
        if not self._is_name(t):
            return False
        j = self.i + 1
        while (nxt := self.peek(j)) is not None and self._is_name(nxt.text) and j < self.i + 4:
            j += 1
        return nxt is not None and len(nxt.text) > 3 * len(t) and nxt.text.endswith((".", "…", '"', "”"))

    def _is_name(self, t: str) -> bool:
        b = self.words.parse_byline(t)
        return b is not None and b.agency is None and 2 <= len(t.split()) <= 4

    def _is_dateline_unit(self, u: Unit | None) -> bool:
        if u is None:
            return False
        m = rc.parse_dateline(u.text)
        return m is not None and (m.has_when or m.dateline.agency is not None)

    def _next_text_unit(self, j: int) -> Unit | None:
        while (u := self.peek(j)) is not None:
            if not (self.words.parse_caption(u.text) or self.words.is_furniture(u.text)):
                return u
            j += 1
        return None

    def lede(self) -> None:
        # A lead photo's caption may stand over the sapo (web copies): it is a figure.
        while (
            (u := self.peek(self.i)) is not None
            and (cap := self.words.parse_caption(u.text)) is not None
            and cap.credit
        ):
            nxt = self.peek(self.i + 1)
            if nxt is None or self.words.parse_caption(nxt.text) or self.words.is_heading(nxt.text):
                break
            self.parts.blocks.append(Figure(cap.caption, cap.credit, cap.label, line=u.line))
            self.i += 1
        u = self.peek(self.i)
        if u is None:
            return
        t = u.text
        if (
            self.words.parse_caption(t)
            or t.startswith(("*", ">"))
            or self.words.is_trailer_start(t)
            or rc.is_list_line(t)
            or rc.parse_tags(t) is not None
            or rc.is_editor_note(t)
            or self.words.is_heading(t)
            or rc.is_live_timestamp(t)
        ):
            return
        m = rc.parse_dateline(t)
        # The agency's own dateline ("(TTXVN) Sáng 5/3, ...") opens the body, unless the body
        # has its own; a dated first paragraph in any other form is the sapo, as news sites print it.
        if (
            m is not None
            and m.has_when
            and _AGENCY_DATELINE.match(t)
            and not self._is_dateline_unit(self._next_text_unit(self.i + 1))
        ):
            return
        text, ended = rc.strip_end_mark(t)
        # The sapo keeps its source tag as printed ("(PLO)- ", "TPO - "); the tag names the agency.
        self.lede_agency = self.words.sapo_tag(text)
        tag = _LEDE_TAG.match(text)
        opener = rc.parse_dateline(text)
        if tag and rc.is_agency(tag["a"] or tag["b"]):
            self.lede_agency = (tag["a"] or tag["b"]).strip()
        elif opener is not None and opener.dateline.agency:  # "Theo phóng viên TTXVN tại Seoul, ..."
            self.lede_agency = opener.dateline.agency
        self.parts.lede = text
        self.parts.end_mark = ended
        self.i += 1
        self.ended = ended

    def body(self) -> None:
        p = self.parts
        state = "tail" if self.ended else "prebody"
        caption_next = 0
        while self.i < len(self.units):
            u = self.units[self.i]
            self.i += 1
            t = u.text
            tags = rc.parse_tags(t)
            if tags is not None:
                p.tags.extend(tags)
                continue
            if state == "trailer":
                p.dropped.append(t)
                continue
            if self.words.is_trailer_start(t):
                p.dropped.append(t)
                if state == "prebody":
                    self._drop_related_list()
                else:
                    state = "trailer"
                continue
            if self.words.is_furniture(t):
                if (
                    t.isdigit()
                    and len(p.blocks) >= 2
                    and isinstance(p.blocks[-2], Heading)
                    and isinstance(p.blocks[-1], Paragraph)
                ):
                    # a related-story teaser (headline, summary, comment count) in a widget
                    p.dropped.extend(b.text for b in p.blocks[-2:])
                    del p.blocks[-2:]
                p.dropped.append(t)
                continue
            if state == "tail":
                b = self.words.parse_byline(t)
                if b is not None:
                    self._add_byline(b)
                else:
                    p.dropped.append(t)
                continue
            if (state == "body" or p.lede) and (credit := self.words.parse_credit_line(t)) is not None:
                self._add_byline(credit)  # the credit line closes the story; what follows is the page's
                state = "tail"
                continue
            text, ended = rc.strip_end_mark(t)
            if ended:
                p.end_mark = True
            if text.strip(" .") or not ended:
                caption_next = self._block(u.line, text, state, caption_next, ended)
                if state == "prebody" and p.blocks and isinstance(p.blocks[-1], Paragraph):
                    state = "body"
            if ended:
                state = "tail"

    def _drop_related_list(self) -> None:
        """After "Tin liên quan" between lede and body: drop the list of headlines."""
        while (u := self.peek(self.i)) is not None:
            t = u.text
            if rc.is_list_line(t) or (self.words.is_heading(t) and not self._is_dateline_unit(u)):
                self.parts.dropped.append(t)
                self.i += 1
            else:
                break

    def _block(self, line: int, t: str, state: str, caption_next: int, ended: bool) -> int:
        """Classify one body unit and append its block; return how many words the caption that
        may follow can have (0: none expected)."""
        p = self.parts
        if t.startswith("*") and len(t) > 1 and not t.startswith("**"):
            if len(t.split()) > 30 and t.endswith(_TERMINAL):
                p.blocks.append(Paragraph(t, line=line))  # "* Lead-in: the item's text ..." is a paragraph
            else:
                p.blocks.append(Heading(t.lstrip("* ").strip(), line=line))
            return 0
        if t.startswith("**") and t.endswith("**") and len(t) > 4:
            p.blocks.append(Heading(t.strip("* ").strip(), line=line))
            return 0
        if t.startswith(">"):
            p.blocks.append(Quote(t.lstrip("> ").strip(), line=line))
            return 0
        if (note := rc.is_editor_note(t)) is not None:
            p.blocks.append(Note(note[1], note[0], line=line))
            return 0
        if (cap := self.words.parse_caption(t)) is not None:
            caption = _GLUED_ALT.sub("", cap.caption)
            last = p.blocks[-1] if p.blocks else None
            if not caption and cap.credit and self._caption_over_credit(last, line):
                # the caption's credit on the line under it: "<caption>" / "Ảnh: Quang Khánh"
                p.blocks[-1] = Figure(last.text, cap.credit, cap.label, line=last.line)
                return 0
            p.blocks.append(Figure(caption, cap.credit, cap.label, line=line))
            return 0
        if p.headline and same_text(t, p.headline):
            p.dropped.append(t)  # the headline repeated above a photo (its title or alt text)
            return _CAPTION_AFTER_TITLE
        if rc.is_image_file(t):
            p.dropped.append(t)  # an image's file name leaked into the page
            return 0
        if rc.is_image_alt(t):
            p.dropped.append(t)  # an image's alt text leaked into the page: its caption follows
            return _CAPTION_AFTER_ALT
        if p.date_line is None and not self.live and self._accept_date_line(t):
            return 0  # the page's date line, printed below the sapo or at the foot
        if rc.is_live_timestamp(t) or (state != "prebody" and (dl := rc.parse_date_line(t)) and not dl.extras):
            dl = rc.parse_date_line(t)
            if dl is not None:
                p.live_dates.append(dl.when)
            p.blocks.append(Heading(t, line=line, time=dl.when if dl is not None else None))
            return 0
        if state == "prebody" and rc.is_list_line(t):
            p.dropped.append(t)
            return 0
        if state == "prebody" and p.lede and not ended and self._related_headline(t):
            p.dropped.append(t)
            return 0
        if caption_next and len(t.split()) <= caption_next:
            p.blocks.append(Figure(t, line=line))
            return 0
        if self.words.is_heading(t) and not ended:
            p.blocks.append(Heading(t, line=line))
            return 0
        if (
            state == "prebody"
            and t.endswith(".")
            and len(t.split()) <= 40
            and self._is_dateline_unit(self.peek(self.i))
            and not self._is_dateline_unit(Unit(line, t))
        ):
            p.blocks.append(Figure(t, line=line))  # a lead photo caption with no credit
            return 0
        first = not any(isinstance(b, Paragraph) for b in p.blocks)
        if first and p.lede and abs(len(t) - len(p.lede)) <= 3 and key(t) == key(p.lede):
            return 0  # the lede repeated as the first paragraph
        if first and self.lede_agency is None and not p.lede:
            self.lede_agency = self.words.sapo_tag(t)  # a brief with no sapo: "ND-Giá dầu ..."
        if first and p.dateline is None:
            m = rc.parse_dateline(t)
            if m is not None and (m.has_when or m.dateline.agency):
                p.dateline = m.dateline
        p.blocks.append(Paragraph(t, line=line))
        return 0

    @staticmethod
    def _caption_over_credit(last: object, line: int) -> bool:
        return (
            isinstance(last, (Heading, Paragraph))
            and line - last.line <= 2  # the next line, or the next after a blank one
            and len(last.text.split()) <= 60
            and not last.text.endswith((":", ";", ","))
        )

    def _related_headline(self, t: str) -> bool:
        """Between the sapo and the story, web copies list related headlines (full headlines,
        several run together on one line at times); a short line there is the story's first
        sub-heading, and agency copy may open its body ("(TTXVN) Ngày ...") under a heading."""
        nxt = self._next_text_unit(self.i)
        if nxt is None or _AGENCY_DATELINE.match(nxt.text) or rc.is_live_timestamp(t):
            return False
        if self.words.is_heading(t):
            return len(t.split()) > 6
        run_together = len(t.split()) > 22 and not t.endswith(_TERMINAL) and ". " not in t
        return run_together and not self._is_dateline_unit(Unit(0, t))

    def _add_byline(self, b: rc.Byline) -> None:
        p = self.parts
        if b.byline:
            p.byline = f"{p.byline}, {b.byline}" if p.byline else b.byline
        if b.agency and self.top_credit is None:
            self.top_credit = rc.Byline(None, b.agency)
        elif b.agency and p.agency is None:
            p.agency = b.agency

    def trailing_byline(self) -> None:
        """Without an end mark, the byline is the short name line(s) closing the story."""
        p = self.parts
        if p.end_mark:
            return
        found: list[rc.Byline] = []
        keep = 0 if p.lede else 1  # a page of one sapo still closes with its credit
        while len(found) < 2 and len(p.blocks) > keep:
            last = p.blocks[-1]
            if isinstance(last, Figure) and not last.caption and last.credit_label == "Nguồn" and last.credit:
                b = self.words.parse_byline(f"Nguồn: {last.credit}")  # a source line closing the story
            elif isinstance(last, (Heading, Paragraph)):
                b = self.words.parse_byline(last.text)
            else:
                break
            if b is None:
                break
            found.append(b)
            p.blocks.pop()
        for b in reversed(found):
            self._add_byline(b)

    def finish(self) -> ArticleParts:
        p = self.parts
        last = p.blocks[-1] if p.blocks else None
        if (
            isinstance(last, Heading)
            and not p.end_mark
            and last.text == last.text.lstrip("*")
            and any(isinstance(b, Paragraph) for b in p.blocks)
        ):
            p.blocks[-1] = Paragraph(last.text, line=last.line)  # no heading ends a story: a cut copy's last line
        agency = None
        if p.dateline and p.dateline.agency:
            agency = p.dateline.agency
        elif p.agency:
            agency = p.agency
        elif self.top_credit and self.top_credit.agency:
            agency = self.top_credit.agency
        elif self.lede_agency:
            agency = self.lede_agency
        p.agency = agency
        if p.byline is None and self.top_credit and self.top_credit.byline:
            p.byline = self.top_credit.byline
        return p


def parse_ttxvn(body: str, first_line: int, vocabulary: Vocabulary) -> ArticleParts:
    """Read an agency text (front matter already removed) into its parts."""
    words = rc.recognisers(vocabulary)
    units = split_units(body, first_line, words)
    reader = _Reader(units, words)
    reader.before_headline()
    if reader.i >= len(units):
        return reader.parts
    reader.headline()
    reader.after_headline()
    reader.lede()
    reader.body()
    reader.trailing_byline()
    return reader.finish()
