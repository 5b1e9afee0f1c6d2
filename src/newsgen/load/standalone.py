"""Pages that are not news: `content/trang/*.md` or `*.txt` (Giới thiệu, Liên hệ, the press
licence). Each becomes one page at /trang/<slug>/, linked from the footer and left out of the
feeds, archives, search and the news sitemap.

A Markdown page is front matter plus a Markdown body, read as an article's body is (its raw HTML
cleaned the same way). A text page is its title on the first line, then paragraphs separated
by blank lines; the lines of a paragraph stay lines (an address, a list of phone numbers), and a
line starting with "* " or "# " alone is a sub-heading.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgen.config import SiteConfig
from newsgen.errors import ContentError
from newsgen.load.frontmatter import key_line, split_front_matter
from newsgen.load.text import read_text
from newsgen.model import Block, Heading, Paragraph
from newsgen.slugs import make_slug
from newsgen.vietnamese import collapse_spaces

_KEYS = {"title", "description", "slug", "weight", "draft"}
_HEADING = re.compile(r"^(?:\*|#{1,3})\s+(\S.*)$")


@dataclass(frozen=True)
class Standalone:
    """One page that is not news."""

    source: Path
    title: str
    slug: str
    description: str
    blocks: tuple[Block, ...]
    weight: int = 0  # the footer lists pages by weight, then by title
    draft: bool = False


def _text_blocks(body: str, first_line: int, titled: bool) -> tuple[str | None, int, list[Block]]:
    """A text page's title (its first line, unless `titled`: the front matter gives it) and its blocks."""
    title: str | None = "" if titled else None
    title_line = first_line
    blocks: list[Block] = []
    lines: list[str] = []
    start = first_line

    def flush() -> None:
        if not lines:
            return
        if len(lines) == 1 and (m := _HEADING.match(lines[0])):
            blocks.append(Heading(collapse_spaces(m.group(1)), line=start))
        else:
            text = " ".join(lines)
            markup = "<br>\n".join(html.escape(x, quote=False) for x in lines) if len(lines) > 1 else None
            blocks.append(Paragraph(text, markup, line=start))
        lines.clear()

    for n, raw in enumerate(body.split("\n"), first_line):
        line = collapse_spaces(raw)
        if title is None:
            if line:
                title, title_line = line.lstrip("#* ").strip() or line, n
            continue
        if not line:
            flush()
            continue
        if not lines:
            start = n
        lines.append(line)
    flush()
    return title, title_line, blocks


def load_standalone(path: Path, config: SiteConfig) -> Standalone:
    """Read one page; a ContentError names the file and line of what is wrong."""
    text = read_text(path, config.max_article_bytes)
    if not text.strip():
        raise ContentError(path, "the file is empty")
    fm, body, offset = split_front_matter(text, path)
    for key in fm:
        if key not in _KEYS:
            raise ContentError(path, f"unknown front matter key '{key}' for a page (known: "
                               f"{', '.join(sorted(_KEYS))})", key_line(text, str(key)))  # fmt: skip
    values: dict[str, Any] = {}
    for key in ("title", "description", "slug"):
        value = fm.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (str, int, float))):
            raise ContentError(path, f"'{key}' in the front matter must be text", key_line(text, key))
        values[key] = collapse_spaces(str(value)) if value is not None else ""
    weight = fm.get("weight", 0)
    if isinstance(weight, bool) or not isinstance(weight, int):
        raise ContentError(path, f"'weight' must be a whole number, not {weight!r}", key_line(text, "weight"))
    from newsgen.load.article import front_matter_flag

    draft = front_matter_flag(fm, "draft", path, text)
    if path.suffix.lower() == ".md":
        from newsgen.load.markdown import parse_markdown

        try:
            parts = parse_markdown(body, offset + 1, config.vocabulary)
        except ContentError as exc:
            raise ContentError(exc.path or path, exc.message, exc.line) from None
        title = values["title"] or parts.headline
        title_line = parts.headline_line or 1
        blocks: list[Block] = [*([Paragraph(parts.lede)] if parts.lede else []), *parts.blocks]
    else:
        first, title_line, blocks = _text_blocks(body, offset + 1, titled=bool(values["title"]))
        title = values["title"] or first
    if not title:
        raise ContentError(path, "no title: give the page 'title:' front matter or a first line", title_line or 1)
    slug = make_slug(values["slug"] or path.stem) or make_slug(title)
    if not slug:
        raise ContentError(path, "cannot make an address from the file name or 'slug:'", key_line(text, "slug") or 1)
    return Standalone(path, collapse_spaces(title), slug, values["description"], tuple(blocks), weight, draft)
