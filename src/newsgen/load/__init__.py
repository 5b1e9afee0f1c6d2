"""load: article files to Article records.

`load_article` reads one file; `inventory` (in newsgen.load.sources) lists the
files of a content folder and says which ones are not articles.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

from newsgen.config import SiteConfig
from newsgen.errors import ContentError
from newsgen.load.dates import front_matter_has_time, parse_front_matter_date, resolve_date, year_in_text
from newsgen.load.duplicates import content_key
from newsgen.load.frontmatter import split_front_matter
from newsgen.load.parts import ArticleParts
from newsgen.load.readers import reader_for
from newsgen.load.recognise import recognisers
from newsgen.load.text import read_text
from newsgen.model import Article, ArticleWarning, Paragraph
from newsgen.slugs import make_slug
from newsgen.vietnamese import canonical_tones, collapse_spaces, key

__all__ = ["load_article", "reader_for"]

_KNOWN_KEYS = {"title", "section", "lede", "date", "tags", "author", "slug", "image", "draft", "year"}


def _fm_line(text: str, name: str) -> int | None:
    for i, line in enumerate(text.split("\n")[:200]):
        if line.startswith(f"{name}:"):
            return i + 1
    return None


def _section_from_folder(path: Path, root: Path | None, config: SiteConfig) -> str | None:
    try:
        folders = path.relative_to(root).parts[:-1] if root else path.parts[-2:-1]
    except ValueError:
        folders = path.parts[-2:-1]
    for folder in reversed(folders):
        if folder.isdigit():
            continue
        for rubric in config.vocabulary.rubrics:
            if make_slug(rubric) == make_slug(folder):
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


def load_article(path: Path, config: SiteConfig, root: Path | None = None) -> Article:
    """Read one article file. Raises ContentError for a file that is not a usable article."""
    text = read_text(path, config.max_article_bytes)
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
    return assemble(path, text, fm, parts, config, root, reader.name)


def source_digest(text: str, path: Path, date: datetime, section: str) -> str:
    """A digest standing for the whole record: the record is a function of the text, the file's
    place and date (a guessed year comes from its modification time) and the configuration the
    loader reads; the last is part of the cache's scope. The date is mixed in for the mtime."""
    h = hashlib.blake2b(text.encode("utf-8"), digest_size=16)
    h.update(f"\0{path.name}\0{date.isoformat()}\0{section}".encode())
    return h.hexdigest()


def assemble(
    path: Path,
    text: str,
    fm: dict[str, Any],
    parts: ArticleParts,
    config: SiteConfig,
    root: Path | None,
    fmt: str,
) -> Article:
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
        section = parts.section_label or _section_from_folder(path, root, config) or config.default_rubric

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
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise ContentError(path, f"cannot read the file: {exc}") from None
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
        text_year=year_in_text(
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
    blocks = tuple(parts.blocks)
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
        digest=source_digest(text, path, resolved.when, section),
        content_key=content_key(headline, lede, blocks),
    )
