"""The records the loader makes: an Article and the blocks of its body."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from newsgen.vietnamese import is_collapsed


@dataclass(frozen=True)
class Paragraph:
    text: str
    html: str | None = None  # inline markup, for Markdown articles
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"type": "paragraph", "text": self.text}


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2
    html: str | None = None
    line: int | None = None
    time: datetime | None = None  # a live blog's entry time, when the heading is its timestamp

    def to_json(self) -> dict[str, Any]:
        return {"type": "heading", "text": self.text}


@dataclass(frozen=True)
class Photo:
    """A photo file beside an article (in its bundle, named after it, or listed in `images:`),
    as read from its headers: the size it is shown at (EXIF orientation applied) and what its
    IPTC/XMP metadata or the front matter says of it."""

    source: str  # the file, relative to the content folder, "/"-separated
    digest: str  # of the file's bytes: names its published variants
    width: int
    height: int
    caption: str | None = None  # embedded (IPTC Caption-Abstract, XMP dc:description) or front matter
    credit: str | None = None  # embedded By-line / Credit, or front matter
    alt: str | None = None  # front matter only
    focal: tuple[float, float] | None = None  # front matter: where to crop around, 0..1 each way

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.source,
            "width": self.width,
            "height": self.height,
            "caption": self.caption,
            "credit": self.credit,
            "alt": self.alt,
            "focal": list(self.focal) if self.focal else None,
        }


@dataclass(frozen=True)
class Figure:
    caption: str
    credit: str | None = None
    credit_label: str | None = None  # "Ảnh", "Ảnh minh họa", "Nguồn", ...
    image: str | None = None  # a URL (Markdown image, static file)
    line: int | None = None
    photo: Photo | None = None  # the photo file paired with this caption

    def to_json(self) -> dict[str, Any]:
        out = {
            "type": "figure",
            "caption": self.caption,
            "credit": self.credit,
            "credit_label": self.credit_label,
            "image": self.image,
        }
        if self.photo is not None:
            out["photo"] = self.photo.to_json()
        return out


@dataclass(frozen=True)
class Quote:
    text: str
    html: str | None = None
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"type": "quote", "text": self.text}


@dataclass(frozen=True)
class Note:
    """An editor's note (Lời tòa soạn) set apart from the story."""

    text: str
    label: str = "Lời tòa soạn"
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"type": "note", "label": self.label, "text": self.text}


@dataclass(frozen=True)
class Raw:
    """Markdown output that is none of the other kinds (lists, tables, code)."""

    html: str
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"type": "html", "html": self.html}


Block = Paragraph | Heading | Figure | Quote | Note | Raw


@dataclass(frozen=True)
class Dateline:
    agency: str | None = None
    place: str | None = None
    time_of_day: str | None = None
    day: int | None = None
    month: int | None = None
    year: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "place": self.place,
            "time_of_day": self.time_of_day,
            "day": self.day,
            "month": self.month,
            "year": self.year,
        }


LIVE_HOURS = 6  # a live blog shows "Trực tiếp" until this long after its latest entry
BREAKING_HOURS = 6  # breaking news without an `until:` time leaves the bar this long after publication


@dataclass
class LiveEntry:
    """One entry of a live blog: its time, its timestamp as printed, what it says."""

    time: datetime
    stamp: str
    blocks: list[Block]
    anchor: str = ""


@dataclass(frozen=True)
class Correction:
    """A correction to a published story (front matter `corrections:` or an "Đính chính" note)."""

    text: str
    date: datetime | None = None  # when it was made; None: not said

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date.isoformat() if self.date else None, "text": self.text}


@dataclass(frozen=True)
class ArticleWarning:
    line: int | None
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "message": self.message}


def _texts(headline: str, lede: str | None, blocks: tuple[Block, ...]) -> list[str]:
    parts = [headline, lede or ""]
    for b in blocks:
        if isinstance(b, (Paragraph, Heading, Quote, Note)):
            parts.append(b.text)
        elif isinstance(b, Figure):
            parts.append(b.caption)
    return [p for p in parts if p]


def plain_text(headline: str, lede: str | None, blocks: tuple[Block, ...]) -> str:
    """An article's plain text: its headline, sapo, and the text of its blocks and captions."""
    return "\n".join(_texts(headline, lede, blocks))


def count_words(headline: str, lede: str | None, blocks: tuple[Block, ...]) -> int:
    """len(plain_text(...).split()), without splitting: a text whose only whitespace is single
    spaces inside it (the loader's texts, nearly always) has one word more than spaces."""
    n = 0
    for t in _texts(headline, lede, blocks):
        if is_collapsed(t):
            n += t.count(" ") + 1
        else:
            n += len(t.split())
    return n


@dataclass(frozen=True)
class Article:
    source: Path
    headline: str
    section: str
    lede: str | None
    agency: str | None
    dateline: Dateline | None
    date: datetime
    date_source: str
    byline: str | None
    tags: tuple[str, ...]
    slug: str
    blocks: tuple[Block, ...]
    end_mark: bool = False
    dropped: tuple[str, ...] = ()
    warnings: tuple[ArticleWarning, ...] = ()
    draft: bool = False
    image: str | None = None
    format: str = "txt"
    date_has_time: bool = True
    digest: str = ""  # of the whole record, for page keys
    headline_key: str = ""  # two copies of a story share it (load.duplicates compares those in full)
    meta: dict[str, Any] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()  # old URLs kept as redirects to this article (site-root paths)
    live: bool = False  # front matter `live: true`: a live blog still being written
    live_times: tuple[datetime, ...] = ()  # a live blog's entry times, oldest first (kept in summaries)
    updated: datetime | None = None  # when it was last updated (front matter `updated:`, a "Cập nhật" line)
    corrections: tuple[Correction, ...] = ()
    featured: bool = False  # front matter `featured: true`: pinned to the top of the front page
    breaking: bool = False  # front matter `breaking: true`: shown in the "Tin nóng" bar while it lasts
    breaking_until: datetime | None = None  # front matter `until:`; else BREAKING_HOURS after publication
    words: int = 0  # how many words `text` has, counted once at load (reading time); 0: not counted

    @property
    def live_entries(self) -> list[LiveEntry]:
        """A live blog's entries, newest first: each timestamp heading with the blocks under it
        (two or more timestamps make a live blog; otherwise none)."""
        entries: list[LiveEntry] = []
        for b in self.blocks:
            if isinstance(b, Heading) and b.time is not None:
                entries.append(LiveEntry(b.time, b.text, []))
            elif entries:
                entries[-1].blocks.append(b)
        if len(entries) < 2:
            return []
        for i, e in enumerate(sorted(entries, key=lambda e: e.time)):
            e.anchor = f"cap-nhat-{e.time:%Y%m%d-%H%M}-{i + 1}"
        return sorted(entries, key=lambda e: e.time, reverse=True)

    @property
    def breaking_ends(self) -> datetime | None:
        """When a breaking story leaves the "Tin nóng" bar (None: it is not breaking news)."""
        if not self.breaking:
            return None
        return self.breaking_until or self.date + timedelta(hours=BREAKING_HOURS)

    def breaking_at(self, now: datetime) -> bool:
        """Whether the story is in the "Tin nóng" bar at `now`."""
        ends = self.breaking_ends
        return ends is not None and self.date <= now < ends

    def live_at(self, now: datetime) -> bool:
        """Whether a live blog is live at `now`: `live: true`, or an entry within LIVE_HOURS."""
        if not self.live_times:
            return False
        last = self.live_times[-1]
        return self.live or last <= now < last + timedelta(hours=LIVE_HOURS)

    @property
    def intro_blocks(self) -> list[Block]:
        """What a live blog says before its first timestamp."""
        out: list[Block] = []
        for b in self.blocks:
            if isinstance(b, Heading) and b.time is not None:
                break
            out.append(b)
        return out

    @property
    def modified(self) -> datetime:
        """When the story last changed: its publication, its update or its latest correction."""
        if self.updated is None and not self.corrections:
            return self.date
        moments = [self.date, *(m for m in (self.updated, *(c.date for c in self.corrections)) if m is not None)]
        return max(moments)

    # The photo files read with the article, as "path:size:mtime_ns": a stored record holds
    # while these and the article's file are unchanged.
    photo_stamps: tuple[str, ...] = ()

    @property
    def photos(self) -> list[Photo]:
        return [b.photo for b in self.blocks if isinstance(b, Figure) and b.photo is not None]

    @property
    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]

    @property
    def person(self) -> str | None:
        """The byline when it names people, not only a credit to an organisation
        ("(TTXVN/Vietnam+)", "Theo TTXVN", "Nguồn: Trung tâm Tin tức")."""
        b = self.byline
        if not b:
            return None
        if b.startswith(("(", "Theo ", "Nguồn")) or (self.agency and b.strip("() ") == self.agency):
            return None
        return b

    @property
    def agency_shown(self) -> str | None:
        """The agency to print beside the byline: left out when the byline already names it."""
        if self.agency and self.byline and self.agency in self.byline:
            return None
        return self.agency

    @property
    def text(self) -> str:
        """The plain text a reader reads, for reading time and search."""
        return plain_text(self.headline, self.lede, self.blocks)

    @property
    def word_count(self) -> int:
        return self.words or len(self.text.split())

    def to_json(self, source: str | None = None) -> dict[str, Any]:
        return {
            "source": source if source is not None else str(self.source),
            "section": self.section,
            "headline": self.headline,
            "lede": self.lede,
            "agency": self.agency,
            "dateline": self.dateline.to_json() if self.dateline else None,
            "date": self.date.isoformat(),
            "date_source": self.date_source,
            "byline": self.byline,
            "tags": list(self.tags),
            "slug": self.slug,
            "blocks": [b.to_json() for b in self.blocks],
            "end_mark": self.end_mark,
            "dropped": list(self.dropped),
            "warnings": [w.to_json() for w in self.warnings],
            "draft": self.draft,
            "updated": self.updated.isoformat() if self.updated else None,
            "corrections": [c.to_json() for c in self.corrections],
            "featured": self.featured,
            "breaking": self.breaking,
            "breaking_until": self.breaking_ends.isoformat() if self.breaking_ends else None,
            "image": self.image,
            "format": self.format,
            "meta": _jsonable(self.meta),
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
