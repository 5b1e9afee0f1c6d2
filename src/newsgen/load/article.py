"""One article file to its Article record (`load_article`)."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import posixpath
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from newsgen import urls
from newsgen.config import SiteConfig
from newsgen.errors import ContentError
from newsgen.load.dates import front_matter_has_time, parse_front_matter_date, resolve_date, year_in_text
from newsgen.load.duplicates import headline_key
from newsgen.load.frontmatter import key_line, split_front_matter
from newsgen.load.parts import ArticleParts
from newsgen.load.photos import (
    Beside,
    ListedPhoto,
    PhotoFile,
    listed_photos,
    pair_photos,
    photo_files_beside,
    read_photo,
    relative_folder,
    resolve_listed,
    rubric_slugs,
)
from newsgen.load.readers import reader_for, readers
from newsgen.load.recognise import recognisers
from newsgen.load.text import decode, read_file
from newsgen.model import Article, ArticleWarning, Correction, Heading, Note, Paragraph, Photo, count_words
from newsgen.slugs import make_slug
from newsgen.vietnamese import canonical_tones, collapse_spaces, key

__all__ = ["load_article", "reader_for"]

_KNOWN_KEYS = {
    "title",
    "section",
    "lede",
    "date",
    "tags",
    "author",
    "slug",
    "image",
    "images",
    "draft",
    "year",
    "aliases",
    "updated",
    "corrections",
    "live",
    "featured",
    "breaking",
    "until",
}


_fm_line = key_line


@functools.lru_cache(maxsize=16)
def _rubric_by_slug(rubrics: tuple[str, ...]) -> dict[str, str]:
    """Each rubric by its slug, the first of those that share one."""
    found: dict[str, str] = {}
    for rubric in rubrics:
        found.setdefault(make_slug(rubric), rubric)
    return found


def _section_from_folder(path: Path, root: Path | None, config: SiteConfig) -> str | None:
    try:
        folders = path.relative_to(root).parts[:-1] if root else path.parts[-2:-1]
    except ValueError:
        folders = path.parts[-2:-1]
    for folder in reversed(folders):
        if folder.isdigit():
            continue
        rubric = _rubric_by_slug(config.vocabulary.rubrics).get(make_slug(folder))
        if rubric is not None:
            return rubric
        name = folder.replace("-", " ").replace("_", " ").strip()
        return name[:1].upper() + name[1:] if name else None
    return None


def _tags(value: Any, path: Path, line: int | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        raise ContentError(path, "'tags' must be a list or a comma-separated string", line)
    return [str(v) for v in value]


def _unique_tags(tags: list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for tag in tags:
        tag = canonical_tones(collapse_spaces(tag))
        if tag and key(tag) not in seen:
            seen[key(tag)] = tag
    return tuple(seen.values())


def _str_field(fm: dict[str, Any], name: str, path: Path, text: str) -> str | None:
    value = fm.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ContentError(path, f"'{name}' in the front matter must be text", _fm_line(text, name))
    return collapse_spaces(str(value)) or None


def load_article(path: Path, config: SiteConfig, root: Path | None = None, beside: Beside | None = None) -> Article:
    """Read one article file. Raises ContentError for a file that is not a usable article.
    `beside` comes from the build's inventory; without it the article's folder is looked at."""
    if beside is None:
        if root is not None:
            rubrics = rubric_slugs(config.vocabulary.rubrics)
            found, bundle = photo_files_beside(path, root, frozenset(readers(config)), rubrics)
            beside = Beside(tuple(found), bundle)
        else:
            beside = Beside()
    data, st = read_file(path, config.max_article_bytes)
    text = decode(data, path)
    if not text.strip():
        raise ContentError(path, "the file is empty")
    fm, body, offset = split_front_matter(text, path)
    reader = reader_for(path, config)
    if reader is None:
        raise ContentError(path, f"not an article file ({path.suffix or 'no extension'}): no reader reads it")
    try:
        parts = reader.parse(body, offset + 1, config)
    except ContentError as exc:
        raise ContentError(exc.path or path, exc.message, exc.line) from None
    return assemble(path, text, fm, parts, config, root, reader.name, beside, source=(data, st.st_mtime))


def source_digest(data: bytes, path: Path, date: datetime, section: str, photos: list[Photo]) -> str:
    """A digest standing for the whole record: the record is a function of the file's bytes,
    its place and date (a guessed year comes from its modification time), its photos and the
    configuration the loader reads; the last is part of the cache's scope. The date is mixed
    in for the mtime."""
    h = hashlib.blake2b(data, digest_size=16)
    h.update(f"\0{path.name}\0{date.isoformat()}\0{section}".encode())
    for p in photos:
        h.update(f"\0{p.source}\0{p.digest}".encode())
    return h.hexdigest()


def _live_times(blocks: tuple) -> tuple[datetime, ...]:
    """A live blog's entry times (two or more timestamp headings make one), oldest first."""
    times = sorted(b.time for b in blocks if isinstance(b, Heading) and b.time is not None)
    return tuple(times) if len(times) >= 2 else ()


def _updated(fm: dict, parts: ArticleParts, path: Path, text: str, config: SiteConfig) -> datetime | None:
    """When the story was last updated: front matter `updated:`, else a printed "Cập nhật" time."""
    if "updated" in fm:
        when = parse_front_matter_date(fm["updated"], config.tz)
        if when is None:
            raise ContentError(path, f"'updated' in the front matter is not a date: {fm['updated']!r}",
                               _fm_line(text, "updated"))  # fmt: skip
        return when
    return parts.updated_line.replace(tzinfo=config.tz) if parts.updated_line else None


def front_matter_flag(fm: dict, name: str, path: Path, text: str) -> bool:
    """A front matter switch such as `live: true`: true or false, nothing else."""
    value = fm.get(name, False)
    if not isinstance(value, bool):
        raise ContentError(path, f"'{name}' must be true or false, not {value!r}", _fm_line(text, name))
    return value


def _corrections(value: object, path: Path, line: int | None, config: SiteConfig) -> list[Correction]:
    """`corrections:` in front matter: a list of {date, text} (or of texts)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ContentError(path, "'corrections' must be a list of {date, text}", line)
    found = []
    for item in value:
        if isinstance(item, str) and item.strip():
            found.append(Correction(item.strip()))
            continue
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or set(item) - {"date", "text"}:
            raise ContentError(path, f"each correction is {{date, text}}, not {item!r}", line)
        when = parse_front_matter_date(item["date"], config.tz) if item.get("date") is not None else None
        if item.get("date") is not None and when is None:
            raise ContentError(path, f"a correction's date is not a date: {item['date']!r}", line)
        found.append(Correction(item["text"].strip(), when))
    return found


# "Đính chính: ...", "Đính chính (21/11/2026): ...", "* Đính chính - ..."
_CORRECTION_NOTE = re.compile(r"^[*\s(]*đính chính\s*(?:\((?P<when>[^)]{6,40})\))?\s*[:\-–)]\s*(?P<text>.+)$",
                              re.IGNORECASE | re.DOTALL)  # fmt: skip


def _correction_notes(blocks: list, config: SiteConfig) -> tuple[list, list[Correction]]:
    """The story's "Đính chính" notes, taken out of its body."""
    kept, found = [], []
    for block in blocks:
        text = getattr(block, "text", None)
        correction = _correction(text, config) if isinstance(block, (Paragraph, Note)) and text else None
        if correction is None:
            kept.append(block)
        else:
            found.append(correction)
    return kept, found


def _correction(text: str, config: SiteConfig) -> Correction | None:
    m = _CORRECTION_NOTE.match(text)
    if m is None:
        return None
    when = parse_front_matter_date(m["when"], config.tz) if m["when"] else None
    return Correction(m["text"].strip(), when)


def _aliases(value: object, path: Path, line: int | None) -> tuple[str, ...]:
    """`aliases:` in front matter: the old addresses of the article, each a path in the site."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise ContentError(path, "'aliases' must be a list of old paths such as /tin-cu/", line)
    found: list[str] = []
    for item in items:
        url = urls.alias(item)
        if url is None:
            raise ContentError(path, f"'aliases': {item!r} is not a path inside the site (such as /tin-cu/)", line)
        if url not in found:
            found.append(url)
    return tuple(found)


def _photos(
    path: Path, fm: dict[str, Any], text: str, root: Path | None, beside: Beside
) -> tuple[list[Photo], tuple[str, ...], list[ArticleWarning]]:
    """The article's photos (front matter's `images:` first, then the files found beside it),
    the stamps of the files read, and the problems met (a photo that cannot be used is left out)."""
    line = _fm_line(text, "images")
    listed = listed_photos(fm.get("images"), path, line)
    files: list[tuple[PhotoFile, ListedPhoto | None]] = []
    stamps: list[str] = []
    warnings: list[ArticleWarning] = []
    for entry in listed:
        found, problem = resolve_listed(entry, path, root) if root is not None else (None, "no content folder")
        if found is None:
            warnings.append(ArticleWarning(line, f"{problem}: left out"))
            folder = relative_folder(path.parent, root) if root is not None else ""
            stamps.append(f"?{posixpath.normpath(posixpath.join(folder, entry.file))}")
        elif all(f.relpath != found.relpath for f, _ in files):
            files.append((found, entry))
    for f in beside.photos:
        if all(f.relpath != g.relpath for g, _ in files):
            files.append((f, None))
    photos: list[Photo] = []
    for f, entry in files:
        stamps.append(f.stamp)
        try:
            photo = read_photo(f)
        except ValueError as exc:
            warnings.append(ArticleWarning(line if entry else None, f"photo {f.relpath}: {exc}: left out"))
            continue
        if entry is not None:
            photo = dataclasses.replace(
                photo,
                caption=entry.caption or photo.caption,
                credit=entry.credit or photo.credit,
                alt=entry.alt,
                focal=entry.focal,
            )
        photos.append(photo)
    return photos, tuple(stamps), warnings

    try:
        return path.parent.resolve().relative_to(root.resolve()).as_posix().strip(".")
    except ValueError:
        return ""


def assemble(
    path: Path,
    text: str,
    fm: dict[str, Any],
    parts: ArticleParts,
    config: SiteConfig,
    root: Path | None,
    fmt: str,
    beside: Beside,
    source: tuple[bytes, float],
) -> Article:
    """The record of a parsed file; `source` is the file's bytes and modification time as it
    was read."""
    headline = _str_field(fm, "title", path, text) or parts.headline
    if not headline:
        where = "front matter 'title'" if fmt == "md" else "a headline"
        raise ContentError(path, f"no headline: the article needs {where}", parts.headline_line or 1)
    warnings = list(parts.warnings)
    if not parts.lede and not parts.blocks and not fm.get("lede"):
        warnings.append(ArticleWarning(parts.headline_line, "the article has only a headline: no lede and no body"))

    section = _str_field(fm, "section", path, text)
    if section:
        section = recognisers(config.vocabulary).match_rubric(section) or section
    else:
        section = (
            parts.section_label
            or _section_from_folder(path.parent if beside.bundle else path, root, config)
            or config.default_rubric
        )

    fm_date = None
    if "date" in fm:
        fm_date = parse_front_matter_date(fm["date"], config.tz)
        if fm_date is None:
            raise ContentError(
                path, f"'date' in the front matter is not a date: {fm['date']!r}", _fm_line(text, "date")
            )
    fm_year = fm.get("year")
    if fm_year is not None and not (isinstance(fm_year, int) and 1900 <= fm_year <= 2999):
        raise ContentError(path, f"'year' in the front matter must be a year: {fm_year!r}", _fm_line(text, "year"))
    data, mtime = source
    resolved = resolve_date(
        front_matter_date=fm_date,
        front_matter_has_time_=front_matter_has_time(fm.get("date")),
        date_line_has_time=parts.date_line_has_time,
        front_matter_year=fm_year,
        date_line=parts.date_line,
        live_dates=parts.live_dates,
        dateline=parts.dateline,
        path=path,
        root=root,
        default_year=config.default_year,
        mtime=mtime,
        tz=config.tz,
        text_year=lambda: year_in_text(
            next((b.text for b in parts.blocks if isinstance(b, Paragraph)), None), parts.lede, parts.headline
        ),
    )
    if resolved.guessed_year:
        dateline_line = next((b.line for b in parts.blocks if isinstance(b, Paragraph)), parts.headline_line)
        if resolved.source == "mtime":
            warnings.append(
                ArticleWarning(
                    parts.headline_line,
                    "no date found: using the file's modification time "
                    f"({resolved.when:%d/%m/%Y}); add a date line or 'date:' front matter",
                )
            )
        else:
            warnings.append(
                ArticleWarning(
                    dateline_line,
                    f"the year of {resolved.when.day}/{resolved.when.month} was guessed from the file's "
                    f"modification time ({resolved.when.year}); add the year, a 'year:' or 'date:' "
                    "front matter key, a year folder, or 'default_year' in newsgen.yaml",
                )
            )

    slug_value = _str_field(fm, "slug", path, text)
    slug = make_slug(slug_value) if slug_value else make_slug(headline)
    if not slug:
        slug = make_slug(path.stem) or "bai-viet"
    draft = fm.get("draft", False)
    if not isinstance(draft, bool):
        raise ContentError(path, f"'draft' must be true or false, not {draft!r}", _fm_line(text, "draft"))
    tags = _tags(fm["tags"], path, _fm_line(text, "tags")) if "tags" in fm else parts.tags
    headline = collapse_spaces(headline)
    lede = _str_field(fm, "lede", path, text) or parts.lede
    photos, photo_stamps, photo_warnings = _photos(path, fm, text, root, beside)
    updated = _updated(fm, parts, path, text, config)
    listed = _corrections(fm.get("corrections"), path, _fm_line(text, "corrections"), config)
    kept_blocks, noted = _correction_notes(parts.blocks, config)
    after_end = [_correction(t, config) for t in parts.dropped]  # a note after the ./. end mark
    noted += [c for c in after_end if c is not None]
    parts.dropped = [t for t, c in zip(parts.dropped, after_end, strict=True) if c is None]
    kept_blocks = [dataclasses.replace(b, time=b.time.replace(tzinfo=config.tz))
                   if isinstance(b, Heading) and b.time is not None and b.time.tzinfo is None else b
                   for b in kept_blocks]  # fmt: skip
    live = front_matter_flag(fm, "live", path, text)
    featured = front_matter_flag(fm, "featured", path, text)
    breaking = front_matter_flag(fm, "breaking", path, text)
    until = None
    if "until" in fm:
        until = parse_front_matter_date(fm["until"], config.tz)
        if until is None:
            raise ContentError(path, f"'until' in the front matter is not a date: {fm['until']!r}",
                               _fm_line(text, "until"))  # fmt: skip
        if not breaking:
            warnings.append(ArticleWarning(_fm_line(text, "until"), "'until' is for breaking news: "
                                           "add 'breaking: true' or remove it"))  # fmt: skip
            until = None
        elif until <= resolved.when:
            warnings.append(ArticleWarning(_fm_line(text, "until"), f"'until' ({until:%d/%m/%Y %H:%M}) is not "
                                           "after the article's date: it is never shown as breaking news"))  # fmt: skip
    blocks, pairing = pair_photos(tuple(kept_blocks), photos)
    warnings.extend(photo_warnings + pairing)
    return Article(
        source=path,
        headline=headline,
        section=section,
        lede=lede,
        agency=parts.agency,
        dateline=parts.dateline,
        date=resolved.when,
        date_source=resolved.source,
        date_has_time=resolved.has_time,
        byline=_str_field(fm, "author", path, text) or parts.byline,
        tags=_unique_tags(tags),
        slug=slug,
        blocks=blocks,
        end_mark=parts.end_mark,
        dropped=tuple(parts.dropped),
        warnings=tuple(warnings),
        draft=draft,
        image=_str_field(fm, "image", path, text),
        format=fmt,
        meta={k: v for k, v in fm.items() if k not in _KNOWN_KEYS},
        digest=source_digest(data, path, resolved.when, section, photos),
        headline_key=headline_key(headline),
        photo_stamps=photo_stamps,
        aliases=_aliases(fm.get("aliases"), path, _fm_line(text, "aliases")),
        updated=updated,
        corrections=tuple(listed + noted),
        live=live,
        live_times=_live_times(blocks),
        featured=featured,
        breaking=breaking,
        breaking_until=until,
        words=count_words(headline, lede, blocks),
    )
