"""Resolving an article's publication date, in the order FORMAT.md gives."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from newsgen.load.recognise import TIMES_OF_DAY, parse_date_line
from newsgen.model import Dateline


@dataclass(frozen=True)
class ResolvedDate:
    when: datetime  # aware
    source: str
    guessed_year: bool = False
    has_time: bool = True  # False when only the day is known


def front_matter_has_time(value: object) -> bool:
    if isinstance(value, datetime):
        return True
    if isinstance(value, date):
        return False
    return ":" in str(value)


def parse_front_matter_date(value: object, tz: ZoneInfo) -> datetime | None:
    """A `date:` value: a YAML date or datetime, ISO text, or "27/12/2022 15:00"."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=tz)
    if isinstance(value, str):
        text = value.strip()
        try:
            dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            line = parse_date_line(text)
            if line is None:
                return None
            dt = line.when
        return dt if dt.tzinfo else dt.replace(tzinfo=tz)
    return None


def year_from_path(path: Path, root: Path | None) -> int | None:
    """content/2022/12/x.txt -> 2022."""
    try:
        parts = path.relative_to(root).parts[:-1] if root else path.parts[:-1]
    except ValueError:
        parts = path.parts[:-1]
    for part in reversed(parts):
        if re.fullmatch(r"(19|20)\d\d", part):
            return int(part)
    return None


_YEAR = re.compile(r"(?<![\d/.-])((?:19|20)\d\d)(?![\d/])")


def year_in_text(*texts: str | None) -> int | None:
    """The first four-digit year named in the first text that names one: the dateline's own
    paragraph, then the sapo, then the headline ("Hội nghị tổng kết năm 2022" -> 2022)."""
    for text in texts:
        if text and (m := _YEAR.search(text)):
            return int(m.group(1))
    return None


def _hour(dateline: Dateline) -> int:
    return TIMES_OF_DAY.get(dateline.time_of_day or "", 0)


def _at(year: int, dl: Dateline, tz: ZoneInfo) -> datetime | None:
    try:
        return datetime(year, dl.month or 0, dl.day or 0, _hour(dl), 0, tzinfo=tz)
    except ValueError:
        return None


def resolve_date(
    *,
    front_matter_date: datetime | None,
    front_matter_has_time_: bool = True,
    date_line_has_time: bool = True,
    front_matter_year: int | None,
    date_line: datetime | None,
    live_dates: list[datetime],
    dateline: Dateline | None,
    path: Path,
    root: Path | None,
    default_year: int | None,
    mtime: float,
    tz: ZoneInfo,
    text_year: Callable[[], int | None] | None = None,
) -> ResolvedDate:
    """The article's date, from the first evidence found: front matter date; a printed date
    line; a full date in the dateline; the first live-blog time; the dateline's day and month
    with the year from front matter `year`, a year folder, a year named in the text (the
    dateline's paragraph, the sapo, the headline), `default_year`; else the file's
    modification time (the year is then guessed, with a warning). `text_year` finds the year
    named in the text, asked only when the year is still unknown."""
    if front_matter_date is not None:
        return ResolvedDate(front_matter_date, "front_matter", has_time=front_matter_has_time_)
    if date_line is not None:
        return ResolvedDate(date_line.replace(tzinfo=tz), "date_line", has_time=date_line_has_time)
    timed = dateline is not None and dateline.time_of_day is not None
    if dateline is not None and dateline.day and dateline.year:
        full = _at(dateline.year, dateline, tz)
        if full is not None:
            return ResolvedDate(full, "dateline", has_time=timed)
    if live_dates:
        return ResolvedDate(live_dates[0].replace(tzinfo=tz), "live_blog")
    modified = datetime.fromtimestamp(mtime, tz)
    if dateline is not None and dateline.day and dateline.month:
        for year_of, source in (
            (lambda: front_matter_year, "dateline+front_matter"),
            (lambda: year_from_path(path, root), "dateline+path"),
            (text_year or (lambda: None), "dateline+text"),
            (lambda: default_year, "dateline+config"),
        ):
            year = year_of()
            if year is not None and (found := _at(year, dateline, tz)) is not None:
                return ResolvedDate(found, source, has_time=timed)
        # The latest such day not after the file's modification time.
        for year in range(modified.year, modified.year - 8, -1):
            found = _at(year, dateline, tz)
            if found is not None and found.date() <= modified.date():
                return ResolvedDate(found, "dateline+mtime", guessed_year=True, has_time=timed)
    return ResolvedDate(modified.replace(microsecond=0), "mtime", guessed_year=True)
